import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { LocalFindingSource } from '../../src/related/local';
import { inlineCode, renderMarkdown } from '../../src/summary/render-markdown';
import { ansiStyle, plainStyle, renderText } from '../../src/summary/render-text';
import type { Summary } from '../../src/summary/schema';
import { timelineOf } from '../../src/summary/timeline';
import { timestampNanos } from '../../src/lib/time';
import { fixturesDir, loadSample, logsDir } from '../support/fixtures';
import { join } from 'node:path';

const summaryOf = async (name: string): Promise<Summary> => {
  const result = await triage(loadSample(name), { logs: new ExportedLogSource(logsDir), findings: new LocalFindingSource(join(fixturesDir, 'related')), now: () => new Date() }, defaultConfig);
  if (result.kind === 'skipped') throw new Error('unexpected');
  return result.summary;
};

describe('the timeline', () => {
  it.each(['gke-reverse-shell.json', 'cloudrun-reverse-shell.json', 'cloudrun-job-remote-command-exec.json', 'gke-multi-process-remote-command-exec.json'])(
    '%s: time order, the detection marked once',
    async (name) => {
      const rows = timelineOf(await summaryOf(name));
      const times = rows.map((r) => timestampNanos(r.at)!);
      expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(rows.filter((r) => r.detection)).toHaveLength(1);
    },
  );

  it('the text report lists the timeline in order, the detection marked ▶', async () => {
    const text = renderText(await summaryOf('gke-reverse-shell.json'));
    const timeline = text.slice(text.indexOf('Timeline'), text.indexOf('\nFinding'));
    const lines = timeline.split('\n').slice(1).filter(Boolean);
    // Highlights and each section's most relevant lines not already highlighted, in time order.
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      '-12h8m',
      '-17m19s',
      '-15m51s',
      '-12m31s',
      '-1m31s',
      '-33s',
      '-25s',
      '-1s',
      '±0s',
      '±0s',
      '+1s',
      '+4s',
      '+21s',
      '+49s',
      '+7m29s',
      '+13m29s',
    ]);
    expect(lines.filter((l) => l.includes('▶ DETECTION: Reverse Shell · /bin/bash -i → 203.0.113.45:4444'))).toHaveLength(1);
    expect(lines.some((l) => /^\s+\S+\s+\S+\s+(pod_logs|cluster_audit|node_logs) (INFO|ERROR|NOTICE|WARNING|DEFAULT)/.test(l))).toBe(true);
    expect(text.indexOf('Timeline')).toBeLessThan(text.indexOf('Indicators'));
    expect(text.indexOf('Indicators')).toBeLessThan(text.indexOf('Log sections'));
    expect(text.indexOf('Log sections')).toBeLessThan(text.indexOf('Next steps'));
  });

  it('colour only when asked', async () => {
    const summary = await summaryOf('gke-reverse-shell.json');
    expect(renderText(summary, plainStyle)).not.toContain('\u001b[');
    expect(renderText(summary, ansiStyle)).toContain('\u001b[1m');
  });
});

describe('the Markdown report', () => {
  it('has the headline, the timeline, indicators with links, sections and commands in code blocks', async () => {
    const text = renderMarkdown(await summaryOf('gke-reverse-shell.json'));
    expect(text).toMatch(/^### `\[P1 CRITICAL\] Reverse Shell in pod payments\/checkout-api-6d8f9c7b5-q2w8x/);
    expect(text).toContain('| ±0s | 2025-03-04T14:22:31.418Z | **`DETECTION: Reverse Shell · /bin/bash -i → 203.0.113.45:4444`** |');
    expect(text).toContain('- [T1059.004 Unix Shell](https://attack.mitre.org/techniques/T1059/004/)');
    expect(text).toContain('```sh\nkubectl -n payments describe pod -- checkout-api-6d8f9c7b5-q2w8x\n```');
    expect(text).toContain('#### Related findings');
  });

  it('quotes untrusted text as code so it cannot add links, HTML, cells or mentions', () => {
    expect(inlineCode('[click](http://evil.example) <img src=x> a|b @channel *bold*')).toBe('`[click](http://evil.example) <img src=x> a|b @channel *bold*`');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(inlineCode('`x``')).toBe('``` `x`` ```');
    expect(inlineCode('esc \u001b[31m')).toBe('`esc \\u001b[31m`');
  });

  it('a code block cannot be closed by its content', async () => {
    const sample = loadSample('gke-malicious-python.json');
    sample.finding.processes[0].args = ['python3', '-c', '```\n# injected heading'];
    const result = await triage(sample, { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('unexpected');
    const text = renderMarkdown(result.summary);
    const block = text.slice(text.indexOf('#### Processes'));
    expect(block).toMatch(/^#### Processes\n\n````\n/);
  });
});

describe('the headline', () => {
  it('is one line fit for an alert title', async () => {
    const summary = await summaryOf('gke-hostile-strings-malicious-python.json');
    expect(summary.headline).not.toMatch(/[\n\r\u202e]/);
    expect(summary.headline.length).toBeLessThanOrEqual(200);
  });
});
