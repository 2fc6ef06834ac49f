/**
 * `scc-triage triage` on several files or a folder: NDJSON (one record per file) or one report per
 * file, a tally on stderr, progress only on a terminal, exit 2 / 1 / 0, and one input unchanged.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { type FileOutcome, Tally } from '../../src/cli/batch-output';
import { summarySchema } from '../../src/summary/schema';
import { loadSample, logsDir, samplesDir } from '../support/fixtures';

async function cli(args: string[], options: { stderrIsTty?: boolean; isTty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => '',
    isTty: options.isTty ?? false,
    stderrIsTty: options.stderrIsTty ?? false,
    env: {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder: two samples at the top, one out-of-scope sample and a non-JSON file in a subfolder, optionally an invalid file. */
function folder(name: string, options: { invalid?: boolean } = {}): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  copyFileSync(join(samplesDir, 'gke-reverse-shell.json'), join(dir, 'b-gke.json'));
  copyFileSync(join(samplesDir, 'cloudrun-malicious-python.json'), join(dir, 'a-run.json'));
  copyFileSync(join(samplesDir, 'out-of-scope-iam-anomalous-grant.json'), join(dir, 'sub', 'c-iam.json'));
  writeFileSync(join(dir, 'sub', 'notes.txt'), 'not a notification');
  if (options.invalid) writeFileSync(join(dir, 'sub', 'd-bad.json'), '{"finding": ');
  return dir;
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

describe('scc-triage triage on a folder, --format json: NDJSON', () => {
  it('one compact line per .json file, recursively and in path order; summaries as published, then skipped and error records', async () => {
    const dir = folder('ndjson', { invalid: true });
    const run = await cli(['triage', dir, '--logs', logsDir, '--format', 'json']);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
    const [run1, gke, iam, bad] = lines(run.stdout);
    expect([summarySchema.parse(run1).workload.service, summarySchema.parse(gke).workload.pod]).toEqual(['invoice-api', 'checkout-api-6d8f9c7b5-q2w8x']);
    expect(iam).toEqual({
      kind: 'skipped',
      file: join(dir, 'sub', 'c-iam.json'),
      findingName: loadSample('out-of-scope-iam-anomalous-grant.json').finding.name,
      reason: expect.stringContaining('Event Threat Detection'),
    });
    expect(bad).toEqual({ kind: 'error', file: join(dir, 'sub', 'd-bad.json'), error: expect.stringContaining('not JSON'), invalid: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('scc-triage: 4 files: 2 triaged (2 P1), 1 skipped, 1 invalid\n');
  });

  it('several files are a batch too, in the order given; a file that cannot be read is that file’s error record', async () => {
    const missing = join(tmp, 'missing.json');
    const run = await cli(['triage', join(samplesDir, 'gke-reverse-shell-mute-update.json'), missing, join(samplesDir, 'gke-reverse-shell.json'), '--logs', logsDir, '--format', 'json']);
    const records = lines(run.stdout);
    expect(records.map((r) => r.kind)).toEqual(['update', 'error', 'triage']);
    expect(records[1]).toEqual({ kind: 'error', file: missing, error: expect.stringContaining('ENOENT'), invalid: true });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('scc-triage: 3 files: 1 triaged (1 P1), 1 update, 1 invalid\n');
  });

  it('all valid: exit 0; a folder of one file is still a batch (the output does not depend on how many files it holds)', async () => {
    const dir = join(tmp, 'one');
    mkdirSync(dir);
    copyFileSync(join(samplesDir, 'gke-reverse-shell.json'), join(dir, 'only.json'));
    const run = await cli(['triage', dir, '--logs', logsDir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toHaveLength(2);
    expect(summarySchema.parse(JSON.parse(run.stdout)).kind).toBe('triage');
    expect(run.stderr).toBe('scc-triage: 1 file: 1 triaged (1 P1)\n');
  });

  it('one file stays one pretty-printed document, with nothing on stderr', async () => {
    const run = await cli(['triage', join(samplesDir, 'gke-reverse-shell.json'), '--logs', logsDir, '--format', 'json']);
    expect(run.stdout).toMatch(/^\{\n {2}"kind": "triage",\n/);
    expect(run.stderr).toBe('');
  });
});

describe('scc-triage triage on several files, text and Markdown: one report per file', () => {
  it.each([
    ['text', /^==> (.+) <==$/gm],
    ['markdown', /^## File `(.+)`$/gm],
  ])('--format %s heads every report with its file, in order', async (format, heading) => {
    const dir = folder(`reports-${format}`);
    const run = await cli(['triage', dir, '--logs', logsDir, '--format', format]);
    expect([...run.stdout.matchAll(heading)].map((m) => m[1])).toEqual([join(dir, 'a-run.json'), join(dir, 'b-gke.json'), join(dir, 'sub', 'c-iam.json')]);
    expect(run.stdout).toContain(format === 'text' ? '\n[P1 CRITICAL] Execution: Malicious Python' : '\n### `[P1 CRITICAL] Execution: Malicious Python');
    expect(run.stdout).toMatch(/skipped: source "Event Threat Detection"/);
    expect(run.code).toBe(0);
  });

  it('a hostile file name is escaped in the heading, the tally and the progress line, and JSON-escaped in NDJSON', async () => {
    const dir = join(tmp, 'hostile');
    mkdirSync(dir);
    const name = 'x\u001b[2J\u202e\nfake <==.json';
    copyFileSync(join(samplesDir, 'out-of-scope-iam-anomalous-grant.json'), join(dir, name));
    for (const format of ['text', 'markdown', 'json']) {
      const run = await cli(['triage', dir, '--logs', logsDir, '--format', format], { stderrIsTty: true });
      expect(run.stdout).not.toMatch(/[\u001b\u202e]/);
      expect(run.stderr.replace(/\r\u001b\[2K/g, '')).not.toMatch(/[\u001b\u202e]/);
      if (format === 'json') expect(JSON.parse(run.stdout).file).toBe(join(dir, name));
      else expect(run.stdout).toContain('x\\u001b[2J\\u202e\\nfake <==.json');
    }
  });
});

describe('progress and usage', () => {
  it('progress goes to stderr only when it is a terminal: one line redrawn in place, erased before every report and at the end', async () => {
    const dir = folder('progress');
    const tty = await cli(['triage', dir, '--logs', logsDir, '--format', 'json'], { stderrIsTty: true });
    const erase = '\r\u001b[2K';
    expect(tty.stderr).toBe(
      `${erase}scc-triage: [1/3] ${join(dir, 'a-run.json')}${erase}${erase}scc-triage: [2/3] ${join(dir, 'b-gke.json')}${erase}${erase}scc-triage: [3/3] ${join(dir, 'sub', 'c-iam.json')}${erase}` +
        'scc-triage: 3 files: 2 triaged (2 P1), 1 skipped\n',
    );
    expect(tty.stdout).not.toContain('\r');
    const pipe = await cli(['triage', dir, '--logs', logsDir, '--format', 'json']);
    expect(pipe.stderr).toBe('scc-triage: 3 files: 2 triaged (2 P1), 1 skipped\n');
  });

  it.each([
    [['triage', '-', '-'], 2, '- (stdin) can be named once'],
    [['triage', join(tmp, 'empty-dir')], 2, 'no .json file under'],
  ])('%j exits %i with one line', async (args, code, message) => {
    mkdirSync(join(tmp, 'empty-dir'), { recursive: true });
    const run = await cli([...args, '--logs', logsDir]);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toContain(message);
  });
});

describe('the tally', () => {
  const summary = (kind: 'triage' | 'update', priority: string) => ({ kind, assessment: { priority } }) as never;
  const outcome = {
    P1: { kind: 'triaged', file: 'f', summary: summary('triage', 'P1') },
    P3: { kind: 'triaged', file: 'f', summary: summary('triage', 'P3') },
    update: { kind: 'triaged', file: 'f', summary: summary('update', 'P4') },
    skipped: { kind: 'skipped', file: 'f', findingName: 'n', reason: 'r' },
    invalid: { kind: 'invalid', file: 'f', error: 'e' },
    failed: { kind: 'failed', file: 'f', error: 'e' },
  } satisfies Record<string, FileOutcome>;

  it.each([
    [[], 'scc-triage: 0 files: 0 triaged', 0],
    [['P3', 'P1', 'P3'], 'scc-triage: 3 files: 3 triaged (1 P1, 2 P3)', 0],
    [['update', 'skipped'], 'scc-triage: 2 files: 0 triaged, 1 update, 1 skipped', 0],
    [['P1', 'failed'], 'scc-triage: 2 files: 1 triaged (1 P1), 1 failed', 1],
    [['failed', 'invalid', 'P1'], 'scc-triage: 3 files: 1 triaged (1 P1), 1 invalid, 1 failed', 2],
  ] as const)('%j: %s, exit %i', (kinds, line, code) => {
    const tally = new Tally();
    for (const kind of kinds) tally.add(outcome[kind]);
    expect(tally.line()).toBe(line);
    expect(tally.exitCode()).toBe(code);
  });
});
