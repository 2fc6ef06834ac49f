import { clusterNameOf, readSpec, specReadMs } from '../../src/identity/spec-lookup';
import type { WorkloadSpecSource } from '../../src/specs/port';
import { sampleWorkload } from '../support/fixtures';

/** A source whose every read hangs until it is abandoned, recording that it was. */
function hanging(): WorkloadSpecSource & { aborted: number } {
  const source = {
    name: 'hanging',
    aborted: 0,
    cluster: (_name: string, signal: AbortSignal) =>
      new Promise<undefined>((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          source.aborted++;
          reject(signal.reason);
        }),
      ),
    runResource: () => new Promise<undefined>(() => undefined),
  };
  return source;
}

describe('readSpec', () => {
  it('gives a hanging read a third of what is left, then answers why, and abandons it', async () => {
    const source = hanging();
    const answer = await readSpec('projects/p/locations/l/clusters/c', source, 150, (s, signal) => s.cluster('x', signal));
    expect(answer).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/^reading projects\/p\/locations\/l\/clusters\/c failed: deadline of 50 ms exceeded/) });
    expect(source.aborted).toBe(1);
  });

  it.each([
    [150, 50],
    [30_000, 5_000],
    [2, 0],
  ])('with %i ms left, one read may take %i ms', (left, budget) => {
    expect(specReadMs(left)).toBe(budget);
  });

  it('never reads with no time left, nor without a source', async () => {
    const source = hanging();
    await expect(readSpec('n', source, 2, (s, signal) => s.cluster('x', signal))).resolves.toEqual({ kind: 'unavailable', reason: 'no time was left before the deadline' });
    await expect(readSpec('n', undefined, 5_000, (s, signal) => s.cluster('x', signal))).resolves.toEqual({ kind: 'unavailable', reason: 'WORKLOAD_SOURCE is none' });
  });
});

describe('clusterNameOf', () => {
  const gke = sampleWorkload('gke-reverse-shell.json', 'gke');
  it.each([
    ['the project id', gke, 'projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1'],
    ['a project number, which the API takes too', { ...gke, projectId: '408150112233' }, 'projects/408150112233/locations/europe-west1/clusters/payments-gke-1'],
    ['a hostile cluster name', { ...gke, cluster: 'c/../../x' }, undefined],
  ])('from %s', (_case, workload, name) => {
    expect(clusterNameOf(workload)).toBe(name);
  });
});
