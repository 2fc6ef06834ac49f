import { identityOf } from '../../src/identity/workload-identity';
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
        delegationSubject: `serviceAccount:acme-payments-prod.svc.id.goog[payments/${ksa}]`,
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
    expect(identityOf(gke, [podCreate({ serviceAccountName: 'checkout-api', hostNetwork: true })], detection)).toEqual({ found: false, reason: expect.stringMatching(/host network/) });
  });

  it('takes the newest create entry of the pod', () => {
    const older = { ...podCreate({ serviceAccountName: 'old' }), insertId: 'old', timestamp: '2025-03-01T00:00:00Z' };
    const lookup = identityOf(gke, [older, podCreate({ serviceAccountName: 'checkout-api' })], detection);
    expect(lookup.found && lookup.identity.kubernetesServiceAccount).toBe('payments/checkout-api');
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
