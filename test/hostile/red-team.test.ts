/**
 * What a red-team read of the hostile-input work found, each as its exact input: secrets that
 * escaped masking in rejected copies, quoted and bracketed forms and long variable names; invisible
 * characters the sanitiser missed; commands cut into other commands; and a text report many times
 * MAX_MESSAGE_BYTES from oversized log timestamps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'shell-quote';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { maskMessageData } from '../../src/evidence/mask-json';
import { maskArgs, maskText } from '../../src/evidence/mask';
import { processReports } from '../../src/evidence/processes';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import type { Finding } from '../../src/notification/schema';
import { boundSummary } from '../../src/summary/bound';
import { renderMarkdown } from '../../src/summary/render-markdown';
import { renderText } from '../../src/summary/render-text';
import type { Summary } from '../../src/summary/schema';
import { loadSample, logsDir, reverseShellPodLabels } from '../support/fixtures';
import { raw } from './generators';

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
const decoded = (data: string) => Buffer.from(data, 'base64').toString('utf8');

async function summaryOf(notification: Record<string, any>, logs = logsDir, maxMessageBytes = defaultConfig.maxMessageBytes): Promise<Summary> {
  const result = await triage(notification, { logs: new ExportedLogSource(logs), now: () => new Date('2026-01-01T00:00:00Z') }, { ...defaultConfig, maxMessageBytes });
  if (result.kind === 'skipped') throw new Error(result.reason);
  return result.summary;
}

describe('rejected copies (F1)', () => {
  it('an argv with a non-string item, the reason it was rejected, is still masked as an argv', () => {
    const notification = loadSample('gke-reverse-shell.json');
    notification.finding.processes[0].args = ['mysql', '-uroot', '-pS3cr3t-12-my', 1];
    const { data, masked } = maskMessageData(base64(notification));
    expect(masked).toBe(true);
    expect(decoded(data)).not.toContain('S3cr3t-12-my');
    expect(JSON.parse(decoded(data)).finding.processes[0].args).toEqual(['mysql', '-uroot', '-p[MASKED]', 1]);
  });

  it.each([
    ['a string', 'S3cr3t-01-json', '[MASKED]'],
    ['an array', ['S3cr3t-01-json', 'S3cr3t-02'], ['[MASKED]', '[MASKED]']],
    ['an object', { value: 'S3cr3t-01-json' }, { value: '[MASKED]' }],
  ])('a value under a secret-named key of the delivery itself (%s) is masked', (_, value, expected) => {
    const notification = loadSample('gke-reverse-shell.json');
    notification.finding.sourceProperties.password = value;
    const { data } = maskMessageData(base64(notification));
    expect(decoded(data)).not.toContain('S3cr3t');
    expect(JSON.parse(decoded(data)).finding.sourceProperties.password).toEqual(expected);
  });
});

describe('masking (F2, F3, F4)', () => {
  it.each([
    ['-p with a quoted value of two words', `mysql -uroot -p'S3cr3t-A1 two-A1' shop`],
    ['--password with a double-quoted value', `docker login -u ci --password "S3cr3t-A2 two-A2" r.io`],
    ['sshpass -p with a quoted value', `sshpass -p 'S3cr3t-S1 tail-S1' ssh root@h`],
    ['curl -u with quoted user:password', `curl -u 'admin:S3cr3t-L0 two-L0' https://example.invalid`],
  ])('%s: no word of the secret is left', (_, text) => {
    for (const masked of [maskText(text), maskArgs(['sh', '-c', text]).join(' ')]) expect(masked).not.toMatch(/S3cr3t|two-|tail-/);
  });

  it('an apostrophe with no partner does not swallow the rest of the line', () => {
    expect(maskText(`echo don't; mysql -pS3cr3tX1 db`)).toBe(`echo don't; mysql -p[MASKED] db`);
  });

  it.each([
    ['an array', '{"passwords":["S3cr3t-L1-arr"],"level":"x"}', '{"passwords":[MASKED],"level":"x"}'],
    ['an object', '{"credentials": {"value": "S3cr3t", "n": [1, "]"]}, "level": "info"}', '{"credentials": [MASKED], "level": "info"}'],
    ['escaped JSON', 'msg="{\\"client_secret\\":[\\"S3c\\"]}" z', 'msg="{\\"client_secret\\":[MASKED]}" z'],
  ])('a JSON %s under a secret key in free text is masked whole', (_, text, expected) => {
    expect(maskText(text)).toBe(expected);
  });

  it('a variable name cut to its budget is judged by its tail too', () => {
    const [report] = processReports({ processes: [{ envVariables: [{ name: `${'X'.repeat(250)}_DB_PASSWORD`, val: 'S3cr3t-E1-longname' }] }] } as unknown as Finding, true);
    expect(JSON.stringify(report)).not.toContain('S3cr3t-E1');
  });
});

describe('reports (F5, F6, F7)', () => {
  it('format and default-ignorable characters in args and the category reach no report raw', async () => {
    const notification = loadSample('gke-reverse-shell.json');
    notification.finding.processes[0].args = ['bash', 'ok\ufe0f\ufe0e\u180b\u{1d173}\u{1bca0}\u17b4\u0600done'];
    notification.finding.category = 'Reverse Shell\ufe0f';
    const summary = await summaryOf(notification);
    expect(renderText(summary)).not.toMatch(raw);
    expect(renderMarkdown(summary)).not.toMatch(raw);
  });

  it('a long valid path gives a warning step, never a command cut into another one', async () => {
    const notification = loadSample('gke-reverse-shell.json');
    notification.finding.processes[0].binary.path = `/${'a'.repeat(700)}/${'b'.repeat(400)}/evil`;
    const summary = await summaryOf(notification);
    const copy = summary.nextSteps.find((s) => s.title.includes('the command would be'));
    expect(copy).toBeDefined();
    expect(copy!.command).toBeUndefined();
    for (const step of summary.nextSteps) if (step.command !== undefined) expect(renderText(summary)).toContain(step.command);
  });

  it('the size bound drops a long command with a note instead of cutting it', async () => {
    const summary = await summaryOf(loadSample('gke-reverse-shell.json'));
    const long = { title: 'Copy payload out', command: `kubectl -n payments cp -- pod:/opt/${'d'.repeat(900)}/payload ./evidence/payload` };
    // Forty steps of 480-character commands keep it over the limit until the list stage runs.
    const filler = Array.from({ length: 40 }, (_, i) => ({ title: `Step ${i}`, command: `kubectl get pod -- p${i}${'e'.repeat(470)}` }));
    const bounded = boundSummary({ ...summary, nextSteps: [long, ...filler] }, 16_384);
    const kept = bounded.nextSteps.find((s) => s.title.startsWith('Copy payload out'));
    expect(kept).toEqual({ title: 'Copy payload out (command omitted to fit the message size)' });
    for (const step of bounded.nextSteps) if (step.command !== undefined) expect(parse(step.command).every((w) => typeof w === 'string')).toBe(true);
  });

  it('oversized log timestamps keep the text report within MAX_MESSAGE_BYTES', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scc-triage-red-team-'));
    try {
      const labels = reverseShellPodLabels;
      const entry = (second: number) => ({
        insertId: `ts-${second}`,
        logName: 'projects/acme-payments-prod/logs/stdout',
        resource: { type: 'k8s_container', labels },
        timestamp: `2025-03-04T14:22:2${second}.000Z${'\ufeff'.repeat(20_000)}`,
        severity: 'INFO',
        textPayload: 'x',
      });
      writeFileSync(join(dir, 'entries.ndjson'), [entry(0), entry(1)].map((e) => JSON.stringify(e)).join('\n'));
      const max = 131_072;
      const summary = await summaryOf(loadSample('gke-reverse-shell.json'), dir, max);
      for (const report of [renderText(summary, undefined, max), renderMarkdown(summary, max)]) expect(Buffer.byteLength(report)).toBeLessThanOrEqual(max);
      expect(Buffer.byteLength(renderText(summary))).toBeLessThan(max);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
