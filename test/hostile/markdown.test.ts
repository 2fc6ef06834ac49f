/**
 * The Markdown report under hostile input, checked the way a reader sees it: rendered by a real
 * Markdown renderer with raw HTML and linkify on (as chat tools and ticket systems do), then
 * asserting on the HTML.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { LocalFindingSource } from '../../src/related/local';
import { renderMarkdown } from '../../src/summary/render-markdown';
import type { Summary } from '../../src/summary/schema';
import { fixturesDir, loadSample, logsDir } from '../support/fixtures';

const markdown = new MarkdownIt({ html: true, linkify: true });

const hostile = [
  '[click](https://evil.example/a)',
  '![pixel](https://evil.example/p.png)',
  '<script>alert(1)</script>',
  '<b>bold</b> <iframe src="https://evil.example/f"></iframe> <img src=x onerror=alert(1)>',
  'see https://evil.example/autolink and www.evil.example and <https://evil.example/angle>',
  'ping @channel @here user@evil.example mailto:user@evil.example',
  '# heading',
  '\n# heading after a newline\n- a list\n1. and another\n',
  '| a | b |\n| --- | --- |',
  '```\nfenced\n```',
  '`x` `` y ``',
  '[ref]: https://evil.example/ref',
  '\u001b[31mred\u001b[0m \u001b]8;;https://evil.example/osc\u0007osc link\u001b]8;;\u0007',
  'rtl \u202egnp.exe \u2066isolate\u2069 \u061c \u2028line\u2029para \u200bzw \ufeffbom',
  '***strong*** _em_ ~~strike~~ &lt;b&gt; \\ backslash',
];

const trustedHosts = new Set(['www.virustotal.com', 'attack.mitre.org', 'console.cloud.google.com']);
const toolHeadings = ['Timeline', 'Workload', 'Processes', 'Indicators', 'What happened next', 'Related findings', 'Log sections', 'Next steps'];
const allowedTags = new Set(['h3', 'h4', 'p', 'strong', 'code', 'pre', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a']);

let base: Summary;
beforeAll(async () => {
  const deps = { logs: new ExportedLogSource(logsDir), findings: new LocalFindingSource(join(fixturesDir, 'related')), now: () => new Date() };
  const result = await triage(loadSample('gke-reverse-shell.json'), deps, defaultConfig);
  if (result.kind === 'skipped') throw new Error('unexpected');
  base = result.summary;
});

/** The summary with one hostile string in every untrusted field the Markdown report shows. */
function poisoned(text: string): Summary {
  const s: Summary = structuredClone(base);
  const w = s.workload as Record<string, string>;
  for (const key of ['projectId', 'location', 'cluster', 'namespace', 'pod', 'container', 'node', 'image']) w[key] = `${key} ${text}`;
  Object.assign(s, { headline: `headline ${text}`, assessment: { priority: s.assessment.priority, reasons: [`reason ${text}`] } });
  Object.assign(s.finding, { name: `finding ${text}`, category: `category ${text}`, consoleUrl: `https://evil.example/console?${text}` });
  const [process] = s.processes;
  Object.assign(process!, { binary: `/bin/${text}`, args: ['sh', '-c', text] });
  // No insertId, so no highlight already shows them and the timeline lists them.
  const [first, second] = s.logs[0]!.entries.map(({ insertId: _shown, ...entry }) => entry);
  s.logs[0]!.entries.splice(0, 2, { ...first!, text: `log ${text}`, audit: { principal: `principal ${text}` } }, { ...second!, severity: `SEV ${text}` });
  Object.assign(s.logs[1]!, { explorerUrl: `javascript:alert(1)//${text}` });
  Object.assign(s.logs[2]!, { explorerUrl: undefined, reason: `log reason ${text}` });
  s.highlights[0] = { ...s.highlights[0]!, summary: `highlight ${text}` };
  s.indicators.attack.push(
    { kind: 'technique', enum: 'X', name: `unknown mitre ${text}` },
    { kind: 'technique', enum: 'Y', id: `T0 ${text}`, name: `mitre ${text}`, url: 'https://attack.mitre.org/techniques/T1059/' },
  );
  s.indicators.attack.push({ kind: 'technique', enum: 'Z', name: `spoofed ${text}`, url: `https://attack.mitre.org.evil.example/${text}` });
  s.indicators.sha256.push(`not a hash ${text}`);
  s.indicators.ips.push({ ip: `ip ${text}`, scope: 'public' });
  s.relatedFindings!.findings[0] = { ...s.relatedFindings!.findings[0]!, category: `related ${text}`, consoleUrl: `https://evil.example/${text}` };
  s.identity = {
    status: 'found',
    principal: `principal ${text}`,
    source: 'gke_pod_create',
    activity: {
      callsBefore: 0,
      callsAfter: 1,
      afterDetection: [{ service: `service ${text}`, method: `method ${text}`, class: 'secret_access', calls: 1, first: `first ${text}`, last: `last ${text}`, callerIps: [`caller ${text}`] }],
      foreignCallers: [{ ip: `foreign ${text}`, calls: 1, first: `first ${text}`, last: `last ${text}`, isDestination: true }],
    },
  };
  s.nextSteps = [{ title: `step ${text}` }, { title: `command step ${text}`, command: `kubectl describe pod -- ${text}` }];
  return s;
}

const hrefs = (html: string) => [...html.matchAll(/<a\s+href="([^"]*)"/g)].map((m) => m[1]!);
const tags = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase());
const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The renderer-level promises: only our tags, only our links, our headings, and tables that stay tables. */
function expectInert(html: string, s: Summary): void {
  expect(tags(html).filter((tag) => !allowedTags.has(tag))).toEqual([]);
  for (const href of hrefs(html)) {
    const url = new URL(href.replace(/&amp;/g, '&'));
    expect(url.protocol).toBe('https:');
    expect(trustedHosts.has(url.hostname)).toBe(true);
  }
  expect(html).not.toMatch(/<img|<h[1256]/i);
  expect([...html.matchAll(/<h3>(.*?)<\/h3>/g)].map((m) => m[1])).toEqual([expect.stringMatching(/^<code>[^<]*<\/code>$/)]);
  expect([...html.matchAll(/<h4>(.*?)<\/h4>/g)].map((m) => m[1]).every((h) => toolHeadings.includes(h!))).toBe(true);
  const tables = [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => m[1]!);
  expect(tables).toHaveLength(3 + ((s.identity?.activity?.afterDetection.length ?? 0) > 0 ? 1 : 0));
  for (const table of tables) {
    const widths = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => (row[1]!.match(/<t[hd][ >]/g) ?? []).length);
    expect(new Set(widths).size).toBe(1);
  }
  expect((tables[1]!.match(/<tr>/g) ?? []).length).toBe(1 + Object.keys(s.workload).filter((k) => k !== 'projectNumber' && k !== 'nodeZone' && k !== 'imageDigest').length);
}

describe('the Markdown report with hostile strings in every field', () => {
  it.each(hostile.map((text) => [JSON.stringify(text).slice(0, 60), text]))('%s: inert when rendered, and still readable', (_name, text) => {
    const s = poisoned(text);
    const html = markdown.render(renderMarkdown(s));
    expectInert(html, s);
    // A responder still reads the hostile string: escaped, on one line, but all there.
    const visible = decode(html);
    const expected = text.replace(/[\u0000-\u001f\u007f\u061c\u200b\u2028\u2029\u202e\u2066\u2069\ufeff]/g, (ch) => (ch === '\n' ? '\\n' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
    expect(visible).toContain(`pod ${expected}`);
    expect(visible).toContain(`unknown mitre ${expected}`);
    expect(visible).toContain(`highlight ${expected}`);
    expect(visible).toContain(`principal ${expected}: log ${expected}`);
    expect(visible).toContain(`step ${expected}`);
    expect(visible).toContain(`SEV ${expected}`);
  });

  it('the trusted links the tool builds stay links', () => {
    const html = markdown.render(renderMarkdown(poisoned('x')));
    const hosts = hrefs(html).map((href) => new URL(href.replace(/&amp;/g, '&')).hostname);
    expect(hosts).toEqual(expect.arrayContaining(['www.virustotal.com', 'attack.mitre.org', 'console.cloud.google.com']));
    expect(html).toContain('<a href="https://attack.mitre.org/techniques/T1059/004/">T1059.004 Unix Shell</a>');
    // An untrusted URL is shown as code, for the responder to read, not to click.
    expect(html).not.toContain('href="https://evil.example');
    expect(html).toContain('<code>https://evil.example/console?x</code>');
  });

  it('the unpoisoned report has links to the finding, the Logs Explorer, MITRE and VirusTotal', () => {
    const html = markdown.render(renderMarkdown(base));
    expectInert(html, base);
    expect(hrefs(html).filter((h) => h.startsWith('https://console.cloud.google.com/logs/'))).toHaveLength(base.logs.filter((l) => l.explorerUrl !== undefined).length);
    expect(hrefs(html).some((h) => h.startsWith('https://console.cloud.google.com/security/command-center/'))).toBe(true);
  });

  it('any string, from an alphabet of Markdown and HTML syntax, stays inert', () => {
    const alphabet = fc.constantFrom(...'[]()<>!`*_#|@:/.\\-+=~&;"\' \n\tahxw1'.split(''), 'https://', 'www.', '<script>', '<img src=x>', '\u001b', '\u202e', '\u2028', '```');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
        (text) => {
          const s = poisoned(text);
          expectInert(markdown.render(renderMarkdown(s)), s);
        },
      ),
      { numRuns: 150 },
    );
  });
});
