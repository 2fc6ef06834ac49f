/**
 * `scc-triage replay NAME` offline, up to the publish: which argument is a file and which a name,
 * and the one-line errors (exit 2) when the name is nowhere to be found. Publishing and SCC are in
 * replay.e2e.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { samplesDir } from '../support/fixtures';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', isTty: false, stderrIsTty: false, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-replay-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const topic = ['--topic', 'projects/scc-triage-test/topics/t'];
const absent = 'organizations/123456789012/sources/11122233344455566677/findings/0000ffff';

describe('scc-triage replay by name, offline', () => {
  it.each([
    ['a name the folder does not hold', ['replay', absent, ...topic, '--findings', samplesDir], `scc-triage: no finding ${absent} in ${samplesDir}`],
    ['a --findings folder that does not exist', ['replay', absent, ...topic, '--findings', join(tmp, 'nope')], 'scc-triage: --findings: local-findings: cannot read'],
    ['a file with --findings', ['replay', join(samplesDir, 'gke-reverse-shell.json'), ...topic, '--findings', samplesDir], 'scc-triage: --findings looks a finding up by its name'],
    // Not a finding name (a quote), so never a lookup: a file that does not exist.
    ['a name with a filter in it', ['replay', `${absent}" OR name:"x`, ...topic], 'scc-triage: invalid notification: cannot read'],
  ])('%s: exit 2, one line, nothing on stdout', async (_what, args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]!.startsWith(message)).toBe(true);
  });

  it('a name that is not found prints no usage text', async () => {
    const run = await cli(['replay', absent, ...topic, '--findings', samplesDir]);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
