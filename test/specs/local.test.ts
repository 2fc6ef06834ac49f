import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpstreamError } from '../../src/errors';
import { LocalWorkloadSpecSource } from '../../src/specs/local';
import { fixturesDir } from '../support/fixtures';

const specs = new LocalWorkloadSpecSource(join(fixturesDir, 'specs', 'workload-specs.json'));
const signal = new AbortController().signal;

describe('LocalWorkloadSpecSource', () => {
  it("reads a cluster's pools and a revision's account from the file", async () => {
    const cluster = await specs.cluster('projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1', signal);
    expect(cluster?.nodePools.map((p) => [p.name, p.metadataMode, p.serviceAccount])).toEqual([
      ['default-pool', 'GKE_METADATA', 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com'],
      ['batch-pool', 'GCE_METADATA', 'default'],
    ]);
    const revision = await specs.runResource('projects/acme-billing-prod/locations/us-central1/services/invoice-api/revisions/invoice-api-00042-xyz', signal);
    expect(revision).toEqual({ serviceAccount: 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com', createTime: '2025-03-06T16:55:20.118Z', updateTime: undefined });
  });

  it.each([
    ['another cluster', (s: LocalWorkloadSpecSource) => s.cluster('projects/acme-payments-prod/locations/europe-west1/clusters/other', signal)],
    ['a name that is no Cloud Run resource', (s: LocalWorkloadSpecSource) => s.runResource('projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1', signal)],
    ["an inherited property's name", (s: LocalWorkloadSpecSource) => s.cluster('constructor', signal)],
  ])('answers undefined (NOT_FOUND) for %s', async (_case, read) => {
    await expect(read(specs)).resolves.toBeUndefined();
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'missing.json'), /cannot read/],
    ['a file that is not JSON', (dir: string) => (writeFileSync(join(dir, 'bad.json'), '{'), join(dir, 'bad.json')), /is not JSON/],
    ['a file holding an array', (dir: string) => (writeFileSync(join(dir, 'array.json'), '[]'), join(dir, 'array.json')), /one JSON object/],
  ])('fails, not retryable, naming the file, for %s', async (_case, make, message) => {
    const path = make(mkdtempSync(join(tmpdir(), 'specs-')));
    const failure = new LocalWorkloadSpecSource(path).cluster('projects/p/locations/l/clusters/c', signal);
    await expect(failure).rejects.toThrow(UpstreamError);
    await expect(failure).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(message) });
    await expect(failure).rejects.toThrow(path);
  });
});
