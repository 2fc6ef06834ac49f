/** The cloud adapter: its google-auth-library requests against the local REST stand-in of both APIs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpstreamError } from '../../src/errors';
import { CloudWorkloadSpecSource } from '../../src/specs/cloud';
import { fixturesDir } from '../support/fixtures';
import { type WorkloadApiServer, startWorkloadApiServer } from '../support/workload-api-server';

const resources = JSON.parse(readFileSync(join(fixturesDir, 'specs', 'workload-specs.json'), 'utf8')) as Record<string, Record<string, unknown>>;
let server: WorkloadApiServer;
let cloud: CloudWorkloadSpecSource;
const signal = () => AbortSignal.timeout(10_000);

beforeAll(async () => {
  server = await startWorkloadApiServer(resources);
  cloud = new CloudWorkloadSpecSource({ emulatorHost: `${server.host}:${server.port}` });
});
afterAll(() => server.stop());

describe('CloudWorkloadSpecSource', () => {
  it("reads the cluster's workload pool and each pool's account and metadata mode", async () => {
    await expect(cloud.cluster('projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1', signal())).resolves.toEqual({
      workloadPool: 'acme-payments-prod.svc.id.goog',
      autopilot: false,
      nodePools: [
        { name: 'default-pool', serviceAccount: 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com', metadataMode: 'GKE_METADATA' },
        { name: 'batch-pool', serviceAccount: 'default', metadataMode: 'GCE_METADATA' },
      ],
    });
  });

  it.each([
    ['a revision', 'projects/acme-billing-prod/locations/us-central1/services/invoice-api/revisions/invoice-api-00042-xyz', 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com', undefined],
    ['a service', 'projects/acme-billing-prod/locations/us-central1/services/invoice-api', 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com', '2025-03-06T16:55:20.118Z'],
    ['a job', 'projects/acme-billing-prod/locations/us-central1/jobs/nightly-reconcile', 'reconcile-runner@acme-billing-prod.iam.gserviceaccount.com', '2025-02-20T10:00:00Z'],
    [
      'an execution',
      'projects/acme-billing-prod/locations/us-central1/jobs/nightly-reconcile/executions/nightly-reconcile-8xk2p',
      'reconcile-runner@acme-billing-prod.iam.gserviceaccount.com',
      undefined,
    ],
  ])("reads %s's runtime account from the v2 API", async (_case, name, serviceAccount, updateTime) => {
    await expect(cloud.runResource(name, signal())).resolves.toMatchObject({ serviceAccount, updateTime });
    expect(server.requests.at(-1)).toBe(name);
  });

  it('answers undefined for NOT_FOUND', async () => {
    await expect(cloud.cluster('projects/acme-payments-prod/locations/europe-west1/clusters/gone', signal())).resolves.toBeUndefined();
    await expect(cloud.runResource('projects/acme-billing-prod/locations/us-central1/services/gone', signal())).resolves.toBeUndefined();
  });

  it.each([
    [403, false, /grant container\.clusters\.get \(roles\/container\.clusterViewer\)/],
    [503, true, /container: GET http:\/\/127\.0\.0\.1:\d+\/v1\/projects\/acme-payments-prod\/.* failed: .*busy/],
    [429, true, /busy/],
    [400, false, /busy/],
  ])('maps HTTP %s to an UpstreamError (retryable %s) that says what to do', async (code, retryable, message) => {
    server.failNext(code, 'busy');
    const failure = cloud.cluster('projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1', signal());
    await expect(failure).rejects.toThrow(UpstreamError);
    await expect(failure).rejects.toMatchObject({ retryable, code, message: expect.stringMatching(message) });
  });
});

describe('CloudWorkloadSpecSource on answers that are not the resource', () => {
  let odd: WorkloadApiServer;
  const wrongName = 'projects/p/locations/l/clusters/c';
  const notObject = 'projects/p/locations/l/services/s';
  beforeAll(async () => {
    odd = await startWorkloadApiServer({ [wrongName]: { name: 'another-cluster', nodePools: [] }, [notObject]: [] as unknown as Record<string, unknown> });
  });
  afterAll(() => odd.stop());
  const source = () => new CloudWorkloadSpecSource({ emulatorHost: `${odd.host}:${odd.port}` });

  it.each([
    ['another resource', () => source().cluster(wrongName, signal())],
    ['no object at all', () => source().runResource(notObject, signal())],
  ])('refuses %s, not retryable, rather than take it for a spec', async (_case, read) => {
    await expect(read()).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/is not that resource/) });
  });

  it("keeps Google's own reason beside the advice for a 403 (VPC Service Controls, a disabled API)", async () => {
    odd.failNext(403, 'Request is prohibited by organization policy. vpcServiceControlsUniqueIdentifier: X');
    await expect(source().cluster(wrongName, signal())).rejects.toThrow(/PERMISSION_DENIED: grant container\.clusters\.get .*\(Request is prohibited by organization policy/);
  });
});

describe('CloudWorkloadSpecSource without credentials', () => {
  const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
  afterAll(() => {
    if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
  });

  it('fails the read with an UpstreamError and leaves no unhandled rejection behind (which would take the instance down)', async () => {
    // Credentials fail to load before any connection is made: nothing reaches Google.
    process.env.GOOGLE_APPLICATION_CREDENTIALS = join(fixturesDir, 'no-such-credentials.json');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const offline = new CloudWorkloadSpecSource({ emulatorHost: undefined });
      await expect(offline.cluster('projects/p/locations/l/clusters/c', signal())).rejects.toThrow(UpstreamError);
      await expect(offline.runResource('projects/p/locations/l/services/s', signal())).rejects.toThrow(UpstreamError);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
