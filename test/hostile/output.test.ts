/**
 * Terminal output under hostile input: the text report, `queries`, `validate`, `skipped:` and the
 * error lines on stderr. Nothing from the input may reach the terminal as a control, bidi, line
 * separator or invisible character; the only escape sequences are the colours the report adds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { renderPlan } from '../../src/cli/render-plan';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { ansiStyle, plainStyle, renderText } from '../../src/summary/render-text';
import type { Summary } from '../../src/summary/schema';
import { loadSample, logsDir, samplesDir } from '../support/fixtures';

// Any character the sanitiser neutralises, except LF, which the renderers write between lines.
const raw = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
const poison = 'a\u001b[2J\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u0007b\u009bc\rd\u202ee\u2066f\u2069\u061cg\u2028h\u2029i\u200bj\ufeffk\u{e0041}l\u007fm\u0000n';

async function cli(args: string[], options: { isTty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', isTty: options.isTty ?? false, stderrIsTty: false, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-hostile-'));
const file = (name: string, value: unknown) => {
  const path = join(tmp, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let summary: Summary;
beforeAll(async () => {
  const result = await triage(loadSample('gke-reverse-shell.json'), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
  if (result.kind === 'skipped') throw new Error('unexpected');
  summary = structuredClone(result.summary);
  // Every kind of field the text report prints, poisoned, including the ones the tool usually writes itself.
  Object.assign(summary, { headline: poison, triageId: poison });
  Object.assign(summary.finding, { name: poison, category: poison, consoleUrl: poison, eventTime: poison });
  Object.assign(summary.workload, { pod: poison, namespace: poison, container: poison, image: poison, node: poison, nodeZone: poison });
  Object.assign(summary.processes[0]!, { binary: poison, args: [poison, poison], script: { path: poison, excerpt: `${poison}\n${poison}` } });
  summary.assessment.reasons.push(poison);
  summary.highlights[0] = { ...summary.highlights[0]!, summary: poison, offset: poison, at: poison };
  summary.logs[0] = { ...summary.logs[0]!, reason: poison, explorerUrl: poison, entries: [{ ...summary.logs[0]!.entries[0]!, text: poison, severity: poison, timestamp: poison, offset: poison }] };
  summary.indicators.attack.push({ kind: 'technique', enum: poison, id: poison, name: poison, url: poison });
  summary.indicators.ips.push({ ip: poison, scope: 'public' });
  summary.nextSteps.push({ title: poison, command: poison });
});

describe('the text report', () => {
  it('writes no raw control, bidi or invisible character from any field', () => {
    const text = renderText(summary, plainStyle);
    expect(text).not.toMatch(raw);
    expect(text).toContain('a\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(text).toContain('\\u202ee\\u2066f\\u2069\\u061cg\\u2028h\\u2029i\\u200bj\\ufeffk\\u{e0041}l\\u007fm\\u0000n');
  });

  it('on a TTY, the only escape sequences are the colours the report adds itself', () => {
    const text = renderText(summary, ansiStyle);
    expect(text).toContain('\u001b[1m');
    expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(raw);
  });

  it('a multi-line script excerpt stays one line per line, each escaped', () => {
    const excerpt = renderText(summary)
      .split('\n')
      .filter((line) => line.startsWith('      │ '));
    expect(excerpt).toHaveLength(2);
  });
});

describe('CLI lines', () => {
  it('skipped: the reason quotes the finding, escaped', async () => {
    const sample = loadSample('out-of-scope-iam-anomalous-grant.json');
    sample.finding.parentDisplayName = `Evil${poison}`;
    const run = await cli(['triage', file('skipped.json', sample), '--logs', logsDir, '--format', 'text']);
    expect(run.stdout).toMatch(/^skipped: source "Evil/);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stdout).not.toMatch(raw);
  });

  it('validate: a hostile file name is escaped on stdout and stderr', async () => {
    const good = file(`ok\u001b]0;x\u0007\u202e.json`, loadSample('gke-reverse-shell.json'));
    const bad = file(`bad\u001b[2J\u2028.json`, '{}');
    const run = await cli(['validate', good, bad]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('ok\\u001b]0;x\\u0007\\u202e.json: triage reverse_shell gke');
    expect(run.stderr).toContain('bad\\u001b[2J\\u2028.json: invalid notification');
    expect(run.stdout + run.stderr).not.toMatch(raw);
  });

  it('errors on stderr are one escaped line, whatever the input quotes', async () => {
    for (const args of [['triage', join(tmp, `missing\u001b[2J\u202e\n.json`)], [`frob\u202enicate`], ['triage', 'a.json', '--format', `x\u2028y`]]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      const [first] = run.stderr.split('\n');
      expect(first).toMatch(/^scc-triage: /);
      expect(run.stderr).not.toMatch(raw);
    }
  });

  it('queries text: the plan is escaped, and filters keep their own line breaks', async () => {
    const sample = loadSample('gke-reverse-shell.json');
    sample.finding.processes[0].binary.path = `/tmp/${poison}`;
    const run = await cli(['queries', file('queries.json', sample), '--format', 'text']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(raw);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('AND timestamp')).length).toBeGreaterThan(0);
  });

  it('renderPlan escapes every field of the view', () => {
    const text = renderPlan({ kind: 'skipped', reason: poison, sections: [{ name: poison, status: poison, filter: `a=${poison}\nAND b`, explorerUrl: poison, resourceNames: [poison] }] });
    expect(text).not.toMatch(raw);
    expect(text.split('\n')).toContain('AND b');
  });

  it('a text triage of the hostile-strings sample writes no raw controls', async () => {
    const run = await cli(['triage', join(samplesDir, 'gke-hostile-strings-malicious-python.json'), '--logs', logsDir, '--format', 'text'], { isTty: true });
    expect(run.stdout.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(raw);
  });
});
