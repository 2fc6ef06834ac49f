/** The local lookup of `replay NAME --findings PATH`: the newest notification of the finding, by name or canonical name, in either name form. */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamError } from '../../src/errors';
import { LocalFindingLookup } from '../../src/related/local-lookup';
import { parseFindingName } from '../../src/related/lookup';
import { loadSample, samplesDir } from '../support/fixtures';

const tmp = mkdtempSync(join(tmpdir(), 'scc-triage-lookup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A folder holding these samples (in a subfolder too), a file that is no JSON and one that is no notification. */
function folder(name: string, samples: readonly string[]): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'nested'), { recursive: true });
  samples.forEach((sample, i) => copyFileSync(join(samplesDir, sample), join(dir, i % 2 === 0 ? '' : 'nested', sample)));
  writeFileSync(join(dir, 'broken.json'), '{"finding": ');
  writeFileSync(join(dir, 'other.json'), '{"hello": "world"}');
  return dir;
}

const reverseShell = loadSample('gke-reverse-shell.json').finding;
const fetch = (dir: string, name: string) => new LocalFindingLookup(dir).fetch(parseFindingName(name)!);

describe('LocalFindingLookup', () => {
  const all = folder('all', [
    'gke-reverse-shell.json',
    'gke-reverse-shell-inactive.json',
    'gke-reverse-shell-mute-update.json',
    'pubsub-envelope-gke-reverse-shell.json',
    'cloudrun-malicious-python.json',
  ]);

  it.each([
    ['its name (v1 form)', reverseShell.name],
    ['its name in the v2 form', reverseShell.name.replace('/findings/', '/locations/global/findings/')],
    ['its canonical name', reverseShell.canonicalName],
  ])('by %s: the newest notification of the finding (the later event time), as the file holds it', async (_how, name) => {
    expect(await fetch(all, name)).toEqual(loadSample('gke-reverse-shell-inactive.json'));
  });

  it('on the same event time, the later mute change is the newer', async () => {
    const dir = folder('same-time', ['gke-reverse-shell.json', 'gke-reverse-shell-mute-update.json']);
    expect(await fetch(dir, reverseShell.name)).toEqual(loadSample('gke-reverse-shell-mute-update.json'));
  });

  it('a v2 name in the notifications is found by itself', async () => {
    const run = loadSample('cloudrun-malicious-python.json');
    expect(await fetch(all, run.finding.name)).toEqual(run);
  });

  it('a finding the folder does not hold: undefined', async () => {
    expect(await fetch(all, 'organizations/123456789012/sources/11122233344455566677/findings/0000')).toBeUndefined();
  });

  it('a path that cannot be read fails at open, not retryable, naming it', async () => {
    const error = await new LocalFindingLookup(join(tmp, 'nope')).open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/^local-findings: cannot read .*nope: ENOENT/) });
  });
});
