/**
 * A batch shares one log reader, as the function's instance does: through the real
 * @google-cloud/logging client against the local LoggingServiceV2, four findings triaged as one
 * batch make fewer entries.list calls than the same four triaged one by one, and every section
 * still selects exactly its golden entries.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { summarySchema } from '../../src/summary/schema';
import { expectedSections, logsDir, samplesDir } from '../support/fixtures';
import { type LoggingServer, startLoggingServer } from '../support/logging-server';

let server: LoggingServer;
beforeAll(async () => {
  // A round trip, so that reads of concurrent findings are waiting while calls are in flight.
  server = await startLoggingServer(logsDir, { latencyMs: 40 });
});
afterAll(() => server.stop());

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const env = { LOG_SOURCE: 'cloud', LOGGING_EMULATOR_HOST: `${server.host}:${server.port}`, FINDING_SOURCE: 'none', GOOGLE_CLOUD_PROJECT: 'scc-triage-test' };
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', isTty: false, stderrIsTty: false, env };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const names = ['gke-reverse-shell.json', 'gke-malicious-python.json', 'gke-remote-command-exec.json', 'gke-multi-process-remote-command-exec.json'];

describe('scc-triage triage on several files reads live logs through one shared reader', () => {
  it('fewer calls than the same files one by one, coalesced filters, golden entries in every section', async () => {
    server.requests.length = 0;
    for (const name of names) expect((await cli(['triage', join(samplesDir, name), '--format', 'json'])).code).toBe(0);
    const alone = server.requests.length;

    server.requests.length = 0;
    const run = await cli(['triage', ...names.map((name) => join(samplesDir, name)), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('scc-triage: 4 files: 4 triaged (2 P1, 2 P2)\n');
    expect(server.requests.length).toBeLessThan(alone);
    expect(server.requests.some((r) => r.filter.includes(' OR (') || r.filter.startsWith('('))).toBe(true);

    const summaries = run.stdout
      .trim()
      .split('\n')
      .map((line) => summarySchema.parse(JSON.parse(line)));
    for (const [index, name] of names.entries()) {
      for (const section of summaries[index]!.logs) {
        const golden = expectedSections[name]?.[section.name];
        if (golden === undefined) continue;
        expect([name, section.name, section.entries.map((e) => e.insertId).sort()]).toEqual([name, section.name, [...golden]]);
      }
    }
  });
});
