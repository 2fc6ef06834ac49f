/**
 * What the built bin loads, by command: help and the version load nothing of the engine, and no
 * command loads a Google client it does not call. Behavioural, not timed (the timing is
 * bench/cli-start.bench.ts): a `--require` probe writes Node's module cache out as the process
 * exits. e2e because it runs dist/, which `npm run test:e2e` builds first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/pubsub-emulator';
import { fixturesDir, logsDir, samplesDir } from '../support/fixtures';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'scc-triage.js');
const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-bin-'));
const probe = join(tmp, 'probe.js');
writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULE_PROBE_OUT, JSON.stringify(Object.keys(require.cache))));\n");
const sample = join(samplesDir, 'gke-reverse-shell.json');

/** The files the bin had loaded by the time it exited, relative to the repository, and its exit code. */
function loaded(args: readonly string[], env: Record<string, string> = {}): { modules: string[]; status: number | null; stderr: string } {
  const out = join(tmp, `modules-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(process.execPath, ['--require', probe, bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none', GOOGLE_CLOUD_PROJECT: 'scc-triage-test', MODULE_PROBE_OUT: out, ...env },
  });
  const modules = (JSON.parse(readFileSync(out, 'utf8')) as string[]).map((file) => file.slice(root.length + 1));
  return { modules, status: result.status, stderr: result.stderr };
}

const googleClients = [/^node_modules\/@google-cloud\//, /^node_modules\/google-gax\//, /^node_modules\/@grpc\/grpc-js\/build\/src\/index\.js$/];
const engine = [/^dist\/engine\.js$/, /^dist\/config\.js$/, /^node_modules\/zod\//, /^node_modules\/protobufjs\//, ...googleClients];

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: npm run build (npm run test:e2e does)');
});

describe('the bin loads only what the command uses', () => {
  const absent = 'organizations/123456789012/sources/11122233344455566677/findings/0000ffff';
  it.each([
    ['--help', ['--help'], 0, engine],
    ['--version', ['--version'], 0, engine],
    ['help COMMAND', ['help', 'triage'], 0, engine],
    ['COMMAND --help', ['replay', sample, '--help'], 0, engine],
    ['validate', ['validate', sample], 0, googleClients],
    ['queries', ['queries', sample, '--format', 'json'], 0, googleClients],
    ['triage --logs', ['triage', sample, '--logs', logsDir, '--format', 'json'], 0, googleClients],
    ['triage --logs --findings', ['triage', sample, '--logs', logsDir, '--findings', join(fixturesDir, 'related'), '--format', 'json'], 0, googleClients],
    ['replay NAME --findings (not found)', ['replay', absent, '--topic', 'projects/p/topics/t', '--findings', samplesDir], 2, googleClients],
  ])('%s: its exit code, and none of its forbidden modules loaded', (_name, args, status, forbidden) => {
    const run = loaded(args);
    expect(run.status).toBe(status);
    expect(run.stderr).toEqual(status === 0 ? '' : expect.stringMatching(/^scc-triage: [^\n]+\n$/));
    expect(run.modules.filter((file) => forbidden.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  // The probe itself is checked: it sees the engine where it is used, and a Google client once one is called.
  it('the probe sees the engine under validate, and the Pub/Sub client under replay', async () => {
    expect(loaded(['validate', sample]).modules).toEqual(expect.arrayContaining(['dist/engine.js', expect.stringMatching(/^node_modules\/zod\//)]));
    const closed = await freePort();
    const replay = loaded(['replay', sample, '--topic', 'projects/p/topics/t'], { PUBSUB_EMULATOR_HOST: `127.0.0.1:${closed}`, PUBLISH_TIMEOUT: '1s' });
    expect(replay.status).toBe(1);
    expect(replay.modules).toEqual(expect.arrayContaining([expect.stringMatching(/^node_modules\/@google-cloud\/pubsub\//)]));
  });
});
