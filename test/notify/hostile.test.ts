/**
 * Attacker-shaped summaries: every string the messages show made of mentions, links, markup, HTML,
 * emoji and surrogate pairs, huge, and 100 of every list. Both messages stay within every limit
 * and nothing hostile survives unescaped. The escaping steps are also checked one by one, with
 * fast-check over any Unicode text.
 */
import fc from 'fast-check';
import { alertOf } from '../../src/notify/alert';
import { chatMessageAt, chatMessageBytes, chatRequest } from '../../src/notify/google-chat';
import { detailLevels } from '../../src/notify/limits';
import { slackMessage } from '../../src/notify/slack';
import { chatHtml, cut, defang, joinWithin, slackCode, slackPlain } from '../../src/notify/text';
import type { Summary } from '../../src/summary/schema';
import { hostileSummary } from '../support/summaries';
import { chatMessageSchema, hostileProblems, slackMessageSchema, stringsOf } from '../support/webhook-payloads';

const noSettings = { reportUrlTemplate: undefined, triageLogProject: undefined };
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

let hostile: Summary;
beforeAll(async () => {
  hostile = await hostileSummary();
});

/** The hostile summary with every shown string 5,000 three-byte characters, so the fullest Chat card is over 32,000 bytes. */
function wide(summary: Summary): Summary {
  const w = '漢'.repeat(5_000);
  const s = JSON.parse(JSON.stringify(summary)) as Summary;
  return {
    ...s,
    headline: w,
    finding: { ...s.finding, category: w },
    assessment: { ...s.assessment, reasons: s.assessment.reasons.map(() => w) },
    workload: Object.fromEntries(Object.keys(s.workload).map((key) => [key, w])) as Summary['workload'],
    processes: s.processes.map((p) => ({ ...p, binary: w, args: [w] })),
    highlights: s.highlights.map((h) => ({ ...h, summary: w })),
    indicators: { ...s.indicators, urls: s.indicators.urls.map(() => w) },
  };
}

describe.each([
  ['Google Chat', 'chat', (s: Summary) => chatRequest(alertOf(s, noSettings)).body, chatMessageSchema],
  ['Slack', 'slack', (s: Summary) => slackMessage(alertOf(s, noSettings)), slackMessageSchema],
] as const)('a hostile summary in %s', (_name, target, render, schema) => {
  it.each([
    ['triage', (s: Summary) => s],
    ['update', (s: Summary): Summary => ({ ...s, kind: 'update' })],
    ['three-byte text', wide],
  ])('%s: every limit holds, nothing hostile survives', (_kind, variant) => {
    const body = render(variant(hostile));
    expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);
    expect(hostileProblems(target, body)).toEqual([]);
    for (const { path, text } of stringsOf(body)) expect([path, loneSurrogate.test(text)]).toEqual([path, false]);
  });

  it('says what it left out, and cuts with a visible marker', () => {
    const text = stringsOf(render(hostile))
      .map((s) => s.text)
      .join('\n');
    expect(text).toMatch(/\+\d+ more in the summary/);
    expect(text).toContain('…');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<users/all>');
    expect(text).not.toContain('https://evil');
  });
});

describe('the Chat card shrinks to fit 32,000 bytes', () => {
  it('the fullest level of a wide hostile summary is over the limit, so a shorter one is sent', () => {
    const alert = alertOf(wide(hostile), noSettings);
    expect(chatMessageBytes(chatMessageAt(alert, detailLevels[0]!))).toBeGreaterThan(32_000);
    const sent = chatRequest(alert).body;
    expect(chatMessageBytes(sent)).toBeLessThanOrEqual(32_000);
    expect(sent).not.toEqual(chatMessageAt(alert, detailLevels[0]!));
  });

  it('every level of every hostile variant fits at the last level', () => {
    for (const summary of [hostile, wide(hostile)]) {
      expect(chatMessageBytes(chatMessageAt(alertOf(summary, noSettings), detailLevels.at(-1)!))).toBeLessThanOrEqual(32_000);
    }
  });
});

describe('escaping, one step at a time', () => {
  it.each([
    ['https://evil.example/x', 'hxxps[:]//evil.example/x'],
    ['HTTP://a', 'HxxP[:]//a'],
    ['ftp://a and s3://b', 'ftp[:]//a and s3[:]//b'],
    ['no scheme here: a:/b', 'no scheme here: a:/b'],
  ])('defang(%j) = %j', (input, expected) => {
    expect(defang(input)).toBe(expected);
  });

  it.each([
    ['😀b', 2, '…'],
    ['a😀b', 2, 'a…'],
    ['a😀b', 3, 'a…'],
    ['ab😀', 4, 'ab😀'],
    ['x &amp; y', 5, 'x …'],
    ['x \\u202e y', 5, 'x …'],
    ['abc', 0, ''],
  ])('cut(%j, %i) = %j: never half a character, entity or escape', (input, max, expected) => {
    expect(cut(input, max)).toBe(expected);
  });

  it.each([
    ['<!channel>', '&lt;!channel&gt;', '`&lt;!channel&gt;`'],
    ['<https://evil|click>', '&lt;hxxps[:]//evil|click&gt;', '`&lt;hxxps[:]//evil|click&gt;`'],
    ['*bold* & `tick`', '*bold* &amp; `tick`', '`*bold* &amp; ˋtickˋ`'],
    ['<users/all> "q"', '&lt;users/all&gt; &quot;q&quot;', '`&lt;users/all&gt; "q"`'],
    ['line\nbreak\u202e', 'line\\nbreak\\u202e', '`line\\nbreak\\u202e`'],
    ['', '', '—'],
  ])('%j in Chat and in Slack', (input, chat, slack) => {
    expect(chatHtml(input, 200)).toBe(chat);
    expect(slackCode(input, 200)).toBe(slack);
  });

  const unit = fc.constantFrom<'binary' | 'grapheme'>('binary', 'grapheme');
  it('for any text and budget: within the budget, no lone surrogate, no markup, no live link', () => {
    fc.assert(
      fc.property(
        unit.chain((u) => fc.string({ unit: u, maxLength: 300 })),
        fc.integer({ min: 0, max: 120 }),
        (text, max) => {
          for (const out of [chatHtml(text, max), slackPlain(text, max), slackCode(text, Math.max(3, max))]) {
            expect(out.length).toBeLessThanOrEqual(Math.max(3, max));
            expect(loneSurrogate.test(out)).toBe(false);
            expect(/[<>]/.test(out)).toBe(false);
            expect(/&(?!amp;|lt;|gt;|quot;)/.test(out)).toBe(false);
            expect(out.includes('://')).toBe(false);
          }
          expect(slackCode(text, Math.max(3, max)).slice(1, -1).includes('`')).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('joinWithin keeps within the budget and counts what it left out', () => {
    const more = (n: number) => `+${n} more`;
    expect(joinWithin(['aaa', 'bbb', 'ccc'], 100, more)).toBe('aaa\nbbb\nccc');
    expect(joinWithin(['aaa', 'bbb', 'ccc'], 14, more)).toBe('aaa\n+2 more');
    expect(joinWithin(['aaa', 'bbb'], 100, more, 5)).toBe('aaa\nbbb\n+3 more');
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1, maxLength: 20 }).filter((line) => !line.includes('\n')),
          { maxLength: 30 },
        ),
        fc.integer({ min: 10, max: 200 }),
        (lines, max) => {
          const joined = joinWithin(lines, max, more);
          expect(joined.length).toBeLessThanOrEqual(max);
          const left = /\+(\d+) more$/.exec(joined);
          const shown = joined === '' ? 0 : joined.split('\n').length - (left ? 1 : 0);
          expect(shown + Number(left?.[1] ?? 0)).toBe(lines.length);
        },
      ),
    );
  });
});
