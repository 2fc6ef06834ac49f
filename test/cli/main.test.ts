import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { summarySchema } from '../../src/summary/schema';
import { logsDir, samplesDir } from '../support/fixtures';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], options: { stdin?: string; isTty?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    isTty: options.isTty ?? false,
    stderrIsTty: false,
    env: options.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const sample = (name: string) => join(samplesDir, name);
const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-cli-'));
const file = (name: string, text: string) => {
  writeFileSync(join(tmp, name), text);
  return join(tmp, name);
};

describe('scc-triage triage on exported logs reads like Cloud Logging (chatty pod, evidence at detection)', () => {
  const chatty = join(logsDir, '..', 'chatty');
  const pod = (run: Run) => summarySchema.parse(JSON.parse(run.stdout)).logs.find((s) => s.name === 'pod_logs')!;

  it('reads outward from detection: the evidence lines rank first, coverage is honest', async () => {
    const run = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', chatty, '--format', 'json']);
    expect(run.code).toBe(0);
    const section = pod(run);
    expect(section.entries.slice(0, 3).map((e) => e.insertId)).toEqual(['evidence-curl', 'evidence-connect', 'evidence-trace']);
    expect(section).toMatchObject({ status: 'truncated', coverage: { complete: false, to: section.window.end } });
    expect(section.matched).toBeGreaterThan(5000);
  });

  it('with one small page per direction the indicator query still finds the evidence', async () => {
    const run = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', chatty, '--format', 'json'], { env: { SECTION_MAX_ENTRIES: '10', SECTION_MAX_PAGES: '1' } });
    const section = pod(run);
    expect(
      section.entries
        .filter((e) => e.indicator)
        .map((e) => e.insertId)
        .sort(),
    ).toEqual(['evidence-connect', 'evidence-curl']);
    expect(section.matched).toBeLessThan(30);
  });

  it('a hostile binary path is searched for as quoted data and selects nothing outside the pod', async () => {
    const notification = JSON.parse(readFileSync(sample('gke-reverse-shell.json'), 'utf8'));
    notification.finding.processes[0].binary.path = '/tmp/x") OR resource.type:* OR ("';
    const run = await cli(['triage', file('hostile-indicator.json', JSON.stringify(notification)), '--logs', chatty, '--format', 'json']);
    expect(pod(run).entries.every((e) => e.resourceType === 'k8s_container')).toBe(true);
    expect(summarySchema.parse(JSON.parse(run.stdout)).logs.find((s) => s.name === 'node_logs')).toMatchObject({ status: 'empty', matched: 0 });
  });

  it('the text report lists the most relevant lines in time order, with offsets and coverage', async () => {
    const run = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', chatty, '--format', 'text']);
    const lines = run.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('covered 2025-03-04T14:')).toBeGreaterThan(0);
    expect(at('-1s  2025-03-04T14:22:30.418Z  ERROR    ◆ curl: (7)')).toBeLessThan(at('+2s  2025-03-04T14:22:33.418Z  ERROR    ◆ bash: connect'));
  });
});

describe('scc-triage triage', () => {
  it('--format json prints exactly one JSON document: the summary', async () => {
    const run = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', logsDir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const summary = summarySchema.parse(JSON.parse(run.stdout));
    expect(summary.logs.map((s) => [s.name, s.matched])).toEqual([
      ['pod_logs', 9],
      ['cluster_audit', 5],
      ['node_logs', 3],
      ['identity_activity', 0],
      ['indicator_sweep', 0],
    ]);
  });

  it('prints {kind: skipped, reason} for an out-of-scope finding and exits 0', async () => {
    const run = await cli(['triage', sample('out-of-scope-iam-anomalous-grant.json'), '--logs', logsDir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ kind: 'skipped', reason: expect.stringContaining('Event Threat Detection') });
  });

  it('reads the notification from stdin with -', async () => {
    const run = await cli(['triage', '-', '--logs', logsDir, '--format', 'json'], { stdin: readFileSync(sample('cloudrun-malicious-python.json'), 'utf8') });
    expect(JSON.parse(run.stdout).workload.service).toBe('invoice-api');
  });

  it('--format text is a readable report; colour only on a TTY', async () => {
    const plain = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', logsDir, '--format', 'text']);
    expect(plain.stdout).toMatch(/^\[P1 CRITICAL\] Reverse Shell in pod payments\/checkout-api-6d8f9c7b5-q2w8x/);
    expect(plain.stdout).toContain('Log sections');
    expect(plain.stdout).not.toContain('\u001b[');
    const tty = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', logsDir, '--format', 'text'], { isTty: true });
    expect(tty.stdout).toContain('\u001b[');
    const noColor = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', logsDir, '--format', 'text'], { isTty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
  });

  it('the text report shows hostile strings escaped, never raw control or bidi characters', async () => {
    const run = await cli(['triage', sample('gke-hostile-strings-malicious-python.json'), '--logs', logsDir, '--format', 'text']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(run.stdout).toContain('\\u202e');
  });

  it.each([
    ['not JSON', '{"finding": ', 'not JSON'],
    ['empty', '', 'empty input'],
    ['{}', '{}', 'not a notification'],
    ['wrong types', JSON.stringify({ finding: { name: 'n', resourceName: 'r', state: 'ACTIVE', category: 'c', eventTime: 42 } }), 'finding.eventTime: expected string, got a number'],
    ['envelope data not base64 JSON', JSON.stringify({ message: { data: Buffer.from('<xml/>').toString('base64') } }), 'message.data: base64 data does not decode to JSON'],
  ])('exits 2 on invalid input (%s) with one clear line', async (_name, text, message) => {
    const run = await cli(['triage', file('bad.json', text), '--logs', logsDir, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['frobnicate'], 'unknown command'],
    [['triage'], 'missing notification file'],
    [['triage', 'a.json', '--format', 'yaml'], '--format must be json, text or markdown'],
    [['triage', 'a.json', '--bogus'], 'Unknown option'],
  ])('exits 2 on usage errors %j', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  // A path the user named that cannot be read is not a partial summary: exit 2, one line, nothing on stdout.
  it.each([
    ['--logs', 'a folder that does not exist', () => join(tmp, 'nope') + '/', /^scc-triage: --logs: .*cannot read .*nope\/: ENOENT/],
    ['--findings', 'a folder that does not exist', () => join(tmp, 'nope') + '/', /^scc-triage: --findings: .*cannot read .*nope\/: ENOENT/],
    ['--logs', 'a file that is no log export', () => file('README.md', '# scc-triage\n\nNot logs.\n'), /^scc-triage: --logs: .*README\.md:1: /],
  ])('%s naming %s exits 2 with one line', async (flag, _what, path, message) => {
    const args = ['triage', sample('gke-reverse-shell.json'), '--format', 'json', ...(flag === '--findings' ? ['--logs', logsDir] : []), flag, path()];
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it.each([
    [['--version'], /^scc-triage \d+\.\d+\.\d+\n$/],
    [['-V'], /^scc-triage \d+\.\d+\.\d+\n$/],
    [['help'], /^usage:\n {2}scc-triage triage .+\n {2}scc-triage queries .+\n {2}scc-triage validate .+\n {2}scc-triage replay .+\n {2}scc-triage help \[COMMAND\]/],
    [['help', 'triage'], /^usage: scc-triage triage .+\n\nTriages notifications: /],
    [['queries', '--help'], /^usage: scc-triage queries .+\n\nPrints the planned log sections/],
    [['replay', 'a.json', '-h'], /^usage: scc-triage replay .+\n\nRepublishes a notification/],
  ])('%j prints help or the version and exits 0', async (args, output) => {
    const run = await cli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(output);
    expect(run.stderr).toBe('');
  });

  it.each([
    [['help', 'frobnicate'], 'unknown command "frobnicate"'],
    [['queries', sample('gke-reverse-shell.json'), '--format', 'markdown'], 'queries prints json or text, not markdown'],
    [['replay', sample('gke-reverse-shell.json'), '--topic', 'projects/p/topics/t', '--format', 'markdown'], 'replay prints json or text, not markdown'],
  ])('%j is refused with exit 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('exits 2 on a bad config value, naming the variable', async () => {
    const run = await cli(['triage', sample('gke-reverse-shell.json'), '--logs', logsDir], { env: { LOG_WINDOW_BEFORE: 'half an hour' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('LOG_WINDOW_BEFORE');
  });
});

describe('scc-triage queries and validate', () => {
  it('queries prints the planned sections without reading logs', async () => {
    const run = await cli(['queries', sample('cloudrun-job-remote-command-exec.json'), '--format', 'json']);
    const view = JSON.parse(run.stdout);
    expect(view).toMatchObject({ kind: 'triage', family: 'remote_command_execution', platform: 'cloud_run_job' });
    expect(view.sections.map((s: { name: string }) => s.name)).toEqual(['run_logs', 'run_audit']);
    expect(view.sections[0].filter).toContain('resource.labels.job_name="nightly-reconcile"');
    const text = await cli(['queries', sample('cloudrun-job-remote-command-exec.json'), '--format', 'text']);
    expect(text.stdout).toContain('# run_logs (planned)');
  });

  it('validate checks every file and exits 2 when one is invalid', async () => {
    const ok = await cli(['validate', sample('gke-reverse-shell.json'), sample('out-of-scope-iam-anomalous-grant.json')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('triage reverse_shell gke');
    expect(ok.stdout).toContain('skipped (source "Event Threat Detection"');
    const bad = await cli(['validate', sample('gke-reverse-shell.json'), file('empty.json', '{}')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^invalid .*empty\.json: invalid notification: not a notification/);
  });
});

describe('the installed binary', () => {
  const bin = join(__dirname, '..', '..', 'bin', 'scc-triage.js');
  const built = existsSync(join(__dirname, '..', '..', 'dist', 'cli', 'main.js'));

  (built ? it : it.skip)('exits 2 with one line and no stack trace on invalid input', () => {
    const result = spawnSync(process.execPath, [bin, 'triage', file('bad2.json', '[1,2]'), '--format', 'json'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('scc-triage: invalid notification: expected a JSON object (CloudEvent, Pub/Sub push body or NotificationMessage), got an array\n');
  });

  // More output than a pipe holds, so the writes go on after `head` has closed it.
  (built ? it : it.skip)('stops quietly when the reader closes the pipe (| head -1), no EPIPE stack trace', () => {
    const many = mkdtempSync(join(tmpdir(), 'scc-triage-pipe-'));
    const text = readFileSync(sample('gke-reverse-shell.json'), 'utf8');
    for (let i = 0; i < 1500; i++) writeFileSync(join(many, `n${i}.json`), text);
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" validate "${many}"/*.json | head -1`], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/^ok .*n\d+\.json: triage reverse_shell gke\n$/);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
