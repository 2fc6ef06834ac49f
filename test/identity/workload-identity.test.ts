import { type SpecFacts, identityOf as identityWith } from '../../src/identity/workload-identity';
import type { ClusterSpec } from '../../src/specs/port';
import type { LogEntry } from '../../src/logs/port';
import type { GkeWorkload } from '../../src/notification/workload';
import { sampleWorkload } from '../support/fixtures';

const gke = sampleWorkload('gke-reverse-shell.json', 'gke');
const service = sampleWorkload('cloudrun-reverse-shell.json', 'cloud_run_service');
const job = sampleWorkload('cloudrun-job-remote-command-exec.json', 'cloud_run_job');

const detection = '2025-03-04T14:22:31.418Z';
const runDetection = '2025-03-06T17:40:12.003Z';
const audit = (insertId: string, timestamp: string, protoPayload: Record<string, unknown>): LogEntry => ({ insertId, timestamp, protoPayload });
const podCreate = (spec: Record<string, unknown> | undefined, overrides: Record<string, unknown> = {}) =>
  audit('create', '2025-03-02T08:11:03.880Z', {
    methodName: 'io.k8s.core.v1.pods.create',
    resourceName: 'core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8x',
    ...(spec === undefined ? {} : { request: { kind: 'Pod', spec } }),
    ...overrides,
  });
/** The cluster's spec could not be read: the identity rests on the logs alone. */
const unread: SpecFacts = { cluster: { kind: 'unavailable', reason: 'WORKLOAD_SOURCE is none' } };
const identityOf = (workload: Parameters<typeof identityWith>[0], entries: readonly LogEntry[], at: string) => identityWith(workload, entries, at, unread);
const withCluster = (spec: ClusterSpec, nodePool?: string): SpecFacts => ({ cluster: { kind: 'found', spec }, nodePool });
const wif = (ksa: string) => `principal://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/acme-payments-prod.svc.id.goog/subject/ns/payments/sa/${ksa}`;

describe('identityOf, GKE', () => {
  it.each([
    ['the KSA the pod spec names', podCreate({ serviceAccountName: 'checkout-api' }), 'checkout-api'],
    ['the deprecated serviceAccount field', podCreate({ serviceAccount: 'checkout-api' }), 'checkout-api'],
    ["the namespace's default when the spec names none", podCreate({ containers: [] }), 'default'],
    ['the response spec before the request', podCreate({ serviceAccountName: 'asked' }, { response: { spec: { serviceAccountName: 'admitted' } } }), 'admitted'],
  ])('%s', (_case, entry, ksa) => {
    expect(identityOf(gke, [entry], detection)).toEqual({
      found: true,
      identity: {
        principal: wif(ksa),
        source: 'gke_pod_create',
        fromInsertId: 'create',
        kubernetesServiceAccount: `payments/${ksa}`,
        principalSubject: wif(ksa),
        delegationSubject: `serviceAccount:acme-payments-prod.svc.id.goog[payments/${ksa}]`,
        caveat: expect.stringMatching(/^Workload Identity Federation is assumed: the cluster's spec could not be read \(WORKLOAD_SOURCE is none\)/),
      },
    });
  });

  it.each([
    ['no create entry', [], /create entry is not in the audit log/],
    [
      'a create entry of another pod',
      [podCreate({ serviceAccountName: 'x' }, { resourceName: 'core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8xx' })],
      /create entry is not in the audit log/,
    ],
    ['an exec, not a create', [podCreate({ serviceAccountName: 'x' }, { methodName: 'io.k8s.core.v1.pods.exec.create' })], /create entry is not in the audit log/],
    ['a create without a pod spec', [podCreate(undefined)], /carries no pod spec/],
    ['a KSA that is no Kubernetes name', [podCreate({ serviceAccountName: 'a" OR principalEmail:"' })], /is not a valid Kubernetes name/],
  ])('unknown for %s', (_case, entries, reason) => {
    const lookup = identityOf(gke, entries, detection);
    expect(lookup.found).toBe(false);
    if (!lookup.found) expect(lookup.reason).toMatch(reason);
  });

  it.each([
    ['no project number', { ...gke, projectNumber: undefined }, /no project number/],
    ['a project number that is no number', { ...gke, projectNumber: '4081" OR "' }, /no project number/],
    ['no pod', { ...gke, pod: undefined }, /names no pod/],
  ])('unknown when the finding has %s', (_case, workload, reason) => {
    const lookup = identityOf(workload as GkeWorkload, [podCreate({ serviceAccountName: 'checkout-api' })], detection);
    expect(lookup).toEqual({ found: false, reason: expect.stringMatching(reason) });
  });

  it.each([
    ['a refused create (409)', { status: { code: 6, message: 'AlreadyExists' } }],
    ['a create answered with a Status', { response: { kind: 'Status', status: 'Failure' } }],
  ])('ignores %s, which says nothing of what runs', (_case, overrides) => {
    const refused = { ...podCreate({ serviceAccountName: 'cluster-admin-bot' }, overrides), insertId: 'refused', timestamp: '2025-03-03T00:00:00Z' };
    const lookup = identityOf(gke, [podCreate({ serviceAccountName: 'checkout-api' }), refused], detection);
    expect(lookup.found && lookup.identity.kubernetesServiceAccount).toBe('payments/checkout-api');
  });

  it('ignores a create after detection (a recreated pod of the same name)', () => {
    const later = { ...podCreate({ serviceAccountName: 'other' }), insertId: 'later', timestamp: '2025-03-04T15:00:00Z' };
    const lookup = identityOf(gke, [podCreate({ serviceAccountName: 'checkout-api' }), later], detection);
    expect(lookup.found && lookup.identity.kubernetesServiceAccount).toBe('payments/checkout-api');
  });

  it("leaves a host-network pod's identity unknown: it acts as the node's account", () => {
    expect(identityOf(gke, [podCreate({ serviceAccountName: 'checkout-api', hostNetwork: true })], detection)).toEqual({
      found: false,
      reason: expect.stringMatching(/host network.*could not be read/),
    });
  });

  it('takes the newest create entry of the pod', () => {
    const older = { ...podCreate({ serviceAccountName: 'old' }), insertId: 'old', timestamp: '2025-03-01T00:00:00Z' };
    const lookup = identityOf(gke, [older, podCreate({ serviceAccountName: 'checkout-api' })], detection);
    expect(lookup.found && lookup.identity.kubernetesServiceAccount).toBe('payments/checkout-api');
  });
});

describe('identityOf, GKE with the cluster spec', () => {
  const create = podCreate({ serviceAccountName: 'checkout-api' });
  const nodeSa = 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com';
  const pool = (name: string, metadataMode: string | undefined, serviceAccount: string | undefined = nodeSa) => ({ name, metadataMode, serviceAccount });
  const wiCluster = (pools: ClusterSpec['nodePools']): ClusterSpec => ({ workloadPool: 'acme-payments-prod.svc.id.goog', autopilot: false, nodePools: pools });
  const noWi = (pools: ClusterSpec['nodePools']): ClusterSpec => ({ autopilot: false, nodePools: pools });

  it.each([
    ["the pod's pool serves the GKE metadata server", wiCluster([pool('default-pool', 'GKE_METADATA'), pool('legacy', 'GCE_METADATA')]), 'default-pool'],
    ['Autopilot, whatever the pools say', { autopilot: true, nodePools: [pool('a', 'MODE_UNSPECIFIED'), pool('b', undefined)] }, undefined],
    ['every pool serves it and the finding names none', wiCluster([pool('a', 'GKE_METADATA'), pool('b', 'GKE_METADATA')]), undefined],
  ])('the KSA principal, with no caveat, when %s', (_case, spec, nodePool) => {
    const lookup = identityWith(gke, [create], detection, withCluster(spec, nodePool));
    expect(lookup).toEqual({ found: true, identity: expect.objectContaining({ source: 'gke_pod_create', principalSubject: wif('checkout-api') }) });
    expect(lookup.found && lookup.identity.caveat).toBeUndefined();
  });

  it.each([
    ["the pod's pool runs without the GKE metadata server", noWi([pool('default-pool', 'GCE_METADATA')]), 'default-pool', [create], nodeSa, 'default-pool'],
    ['a cluster without Workload Identity, whose pool says nothing', noWi([pool('default-pool', undefined)]), 'default-pool', [create], nodeSa, 'default-pool'],
    ['the pool runs as the Compute Engine default', noWi([pool('default-pool', 'GCE_METADATA', 'default')]), 'default-pool', [], '408150112233-compute@developer.gserviceaccount.com', 'default-pool'],
    ['no create entry is needed for it', noWi([pool('default-pool', 'GCE_METADATA')]), 'default-pool', [], nodeSa, 'default-pool'],
    [
      'a host-network pod on a Workload Identity pool',
      wiCluster([pool('default-pool', 'GKE_METADATA')]),
      'default-pool',
      [podCreate({ serviceAccountName: 'x', hostNetwork: true })],
      nodeSa,
      'default-pool',
    ],
    ['the finding names no pool, and every pool shares one account', noWi([pool('a', 'GCE_METADATA'), pool('b', 'GCE_METADATA')]), undefined, [create], nodeSa, '(every pool)'],
    // Turning Workload Identity on leaves existing pools as they were; pools made since state GKE_METADATA.
    ['a pool that states no mode, even in a cluster with a workload pool', wiCluster([pool('default-pool', undefined)]), 'default-pool', [create], nodeSa, 'default-pool'],
  ])("the node's service account when %s", (_case, spec, nodePool, entries, email, poolName) => {
    expect(identityWith(gke, entries, detection, withCluster(spec, nodePool))).toEqual({
      found: true,
      identity: { principal: email, source: 'gke_node_pool', serviceAccountEmail: email, nodePool: poolName, caveat: expect.stringMatching(/not every call below is the workload's/) },
    });
  });

  it.each([
    ['the pool needs the pod spec, which is not read', wiCluster([pool('default-pool', 'GKE_METADATA')]), 'default-pool', [], /create entry is not in the audit log/],
    [
      'pools differ and the finding names none',
      noWi([pool('a', 'GCE_METADATA', nodeSa), pool('b', 'GCE_METADATA', 'other@acme-payments-prod.iam.gserviceaccount.com')]),
      undefined,
      [create],
      /does not say which node pool/,
    ],
    ['a node account that is no email', noWi([pool('default-pool', 'GCE_METADATA', 'x" OR "')]), 'default-pool', [create], /not a valid service account email/],
    ['a workload pool that is no pool name', { ...wiCluster([pool('default-pool', 'GKE_METADATA')]), workloadPool: 'x" OR "' }, 'default-pool', [create], /not a valid pool name/],
  ])('unknown when %s', (_case, spec, nodePool, entries, reason) => {
    expect(identityWith(gke, entries, detection, withCluster(spec, nodePool))).toEqual({ found: false, reason: expect.stringMatching(reason) });
  });

  it.each([
    ['gke-payments-gke-1-default-pool-7c1f2a9e-x4kq', 'gke_pod_create'],
    ['gke-payments-gke-1-batch-pool-0a1b2c3d-9zzz', 'gke_node_pool'],
    // A name GKE truncated, or one of another cluster, names no pool: the pools differ, so the identity is unknown.
    ['gke-payments-gke-1-batch-po-0a1b2c3d-9zzz', undefined],
    ['gke-other-default-pool-7c1f2a9e-x4kq', undefined],
  ])('with no pool in the finding, the node %s names its pool', (node, source) => {
    const spec = wiCluster([pool('default-pool', 'GKE_METADATA'), pool('batch-pool', 'GCE_METADATA', 'default')]);
    const lookup = identityWith({ ...gke, node }, [create], detection, withCluster(spec, undefined));
    expect(lookup.found ? lookup.identity.source : undefined).toBe(source);
  });

  it("in a fleet's pool, matches only a bound account's calls, and says so", () => {
    const lookup = identityWith(gke, [create], detection, withCluster({ ...wiCluster([pool('default-pool', 'GKE_METADATA')]), workloadPool: 'fleet-host.svc.id.goog' }, 'default-pool'));
    expect(lookup).toEqual({
      found: true,
      identity: expect.objectContaining({
        principal: 'serviceAccount:fleet-host.svc.id.goog[payments/checkout-api]',
        delegationSubject: 'serviceAccount:fleet-host.svc.id.goog[payments/checkout-api]',
        caveat: expect.stringMatching(/fleet pool/),
      }),
    });
    expect(lookup.found && lookup.identity.principalSubject).toBeUndefined();
  });
});

describe('identityOf, Cloud Run', () => {
  const deploy = (methodName: string, resourceName: string, request: Record<string, unknown> | undefined) =>
    audit('deploy', '2025-03-06T16:55:03.000Z', { methodName, resourceName, ...(request === undefined ? {} : { request }) });
  const sa = 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com';

  it.each([
    [
      'a v1 ReplaceService',
      service,
      deploy('google.cloud.run.v1.Services.ReplaceService', 'namespaces/acme-billing-prod/services/invoice-api', { service: { spec: { template: { spec: { serviceAccountName: sa } } } } }),
      sa,
      'cloud_run_deploy',
    ],
    [
      'a v2 UpdateService',
      service,
      deploy('google.cloud.run.v2.Services.UpdateService', 'projects/acme-billing-prod/locations/us-central1/services/invoice-api', { service: { template: { serviceAccount: sa } } }),
      sa,
      'cloud_run_deploy',
    ],
    [
      'a v2 CreateJob',
      job,
      deploy('google.cloud.run.v2.Jobs.CreateJob', 'projects/acme-billing-prod/locations/us-central1/jobs/nightly-reconcile', { job: { template: { template: { serviceAccount: sa } } } }),
      sa,
      'cloud_run_deploy',
    ],
    [
      'a spec naming no account: the Compute Engine default',
      service,
      deploy('google.cloud.run.v1.Services.ReplaceService', 'namespaces/acme-billing-prod/services/invoice-api', { service: { spec: { template: { spec: {} } } } }),
      '552233445566-compute@developer.gserviceaccount.com',
      'cloud_run_default',
    ],
  ])('%s', (_case, workload, entry, email, source) => {
    expect(identityOf(workload, [entry], runDetection)).toEqual({ found: true, identity: { principal: email, source, fromInsertId: 'deploy', serviceAccountEmail: email } });
  });

  it('reads a deploy entry that names the project by number', () => {
    const entry = deploy('google.cloud.run.v2.Services.UpdateService', 'projects/552233445566/locations/us-central1/services/invoice-api', { service: { template: { serviceAccount: sa } } });
    expect(identityOf(service, [entry], runDetection)).toMatchObject({ found: true, identity: { serviceAccountEmail: sa } });
  });

  it.each([
    ['no deploy entry', [], /no deploy entry/],
    [
      'a v2 deploy answered with an Operation, without its request',
      [
        {
          ...deploy('google.cloud.run.v2.Services.UpdateService', 'projects/acme-billing-prod/locations/us-central1/services/invoice-api', undefined),
          protoPayload: {
            methodName: 'google.cloud.run.v2.Services.UpdateService',
            resourceName: 'projects/acme-billing-prod/locations/us-central1/services/invoice-api',
            response: { '@type': 'type.googleapis.com/google.longrunning.Operation' },
          },
        },
      ],
      /no service or job spec/,
    ],
    [
      'a failed deploy (actAs denied)',
      [
        {
          ...deploy('google.cloud.run.v2.Services.UpdateService', 'projects/acme-billing-prod/locations/us-central1/services/invoice-api', { service: { template: { serviceAccount: sa } } }),
          protoPayload: {
            methodName: 'google.cloud.run.v2.Services.UpdateService',
            resourceName: 'projects/acme-billing-prod/locations/us-central1/services/invoice-api',
            request: { service: { template: { serviceAccount: sa } } },
            status: { code: 7 },
          },
        },
      ],
      /no deploy entry/,
    ],
    ['a deploy entry without its spec', [deploy('google.cloud.run.v1.Services.ReplaceService', 'namespaces/acme-billing-prod/services/invoice-api', undefined)], /no service or job spec/],
    [
      'the deploy of another region',
      [deploy('google.cloud.run.v2.Services.UpdateService', 'projects/acme-billing-prod/locations/europe-west1/services/invoice-api', { service: { template: { serviceAccount: sa } } })],
      /no deploy entry/,
    ],
    [
      'an account that is no email',
      [deploy('google.cloud.run.v2.Services.UpdateService', 'projects/acme-billing-prod/locations/us-central1/services/invoice-api', { service: { template: { serviceAccount: `${sa}" OR "` } } })],
      /not a valid service account email/,
    ],
  ])('unknown for %s', (_case, entries, reason) => {
    expect(identityOf(service, entries, runDetection)).toEqual({ found: false, reason: expect.stringMatching(reason) });
  });
});
