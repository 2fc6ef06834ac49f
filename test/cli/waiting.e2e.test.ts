/**
 * The deadline is a deadline for the whole process: with Cloud Logging and Security Command Center
 * hanging, the CLI prints its partial report and exits at the deadline, not when the Google clients'
 * own timeouts and retries (60 s and more) run out. Meanwhile, on a terminal, stderr says what it
 * waits for.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { summarySchema } from '../../src/summary/schema';
import { logsDir, samplesDir } from '../support/fixtures';
import { type BlackholeServer, startBlackhole } from '../support/blackhole-server';
import { type LoggingServer, startLoggingServer } from '../support/logging-server';

const sample = join(samplesDir, 'gke-reverse-shell.json');
const bin = join(__dirname, '..', '..', 'bin', 'scc-triage.js');

async function run(env: Record<string, string>, stderrIsTty: boolean) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: async () => '',
    isTty: false,
    stderrIsTty,
    env: { GOOGLE_CLOUD_PROJECT: 'scc-triage-test', FINDING_SOURCE: 'none', ...env },
  };
  const code = await main(['triage', sample, '--format', 'json'], io);
  return { code, stdout, stderr };
}

describe('waiting for a slow Cloud Logging', () => {
  let slow: LoggingServer;
  beforeAll(async () => {
    slow = await startLoggingServer(logsDir, { latencyMs: 1_500 });
  });
  afterAll(() => slow?.stop());

  it('shows what it waits for on a terminal, then erases the line before the report', async () => {
    const result = await run({ LOGGING_EMULATOR_HOST: slow.host + ':' + slow.port }, true);
    expect(result.code).toBe(0);
    expect(summarySchema.parse(JSON.parse(result.stdout)).status).toBe('complete');
    expect(result.stderr).toMatch(/^\r\u001b\[2Kscc-triage: cloud-logging: \d+ reads? waiting, \d+ done · \d+ s of the 30 s deadline/);
    expect(result.stderr.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('prints nothing on stderr when stderr is not a terminal', async () => {
    const result = await run({ LOGGING_EMULATOR_HOST: slow.host + ':' + slow.port }, false);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('with Cloud Logging and Security Command Center hanging', () => {
  let hole: BlackholeServer;
  beforeAll(async () => {
    hole = await startBlackhole();
  });
  afterAll(() => hole?.stop());

  it('prints the partial report and exits at the deadline, not after the clients give up', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, 'triage', sample, '--format', 'json'], {
      env: {
        PATH: process.env.PATH ?? '',
        METADATA_SERVER_DETECTION: 'none',
        GOOGLE_CLOUD_PROJECT: 'scc-triage-test',
        DEADLINE: '3s',
        LOGGING_EMULATOR_HOST: hole.host,
        SECURITY_CENTER_EMULATOR_HOST: hole.host,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const seconds = (Date.now() - started) / 1000;
    expect(code).toBe(0);
    const summary = summarySchema.parse(JSON.parse(stdout));
    expect(summary.status).toBe('partial');
    expect(summary.logs.filter((s) => s.status === 'error').map((s) => s.error)).toContain('deadline of 3000 ms exceeded');
    // Unbounded, the Logging client's own 60 s timeout and retries kept the process alive past 60 s.
    // The margin is for start-up on a loaded machine; the point is the order of magnitude.
    expect(seconds).toBeLessThan(15);
  });
});
