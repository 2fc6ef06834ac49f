import { decodeNotification } from '../../src/notification/decode';
import { extractWorkload } from '../../src/notification/workload';
import { loadSample } from '../support/fixtures';

const workloadOf = (name: string, edit: (n: Record<string, any>) => void = () => {}) => {
  const sample = loadSample(name);
  edit(sample);
  return extractWorkload(decodeNotification(sample).notification);
};

const gkeReverseShell = {
  platform: 'gke',
  projectId: 'acme-payments-prod',
  projectIdKnown: true,
  projectNumber: '408150112233',
  location: 'europe-west1',
  cluster: 'payments-gke-1',
  namespace: 'payments',
  pod: 'checkout-api-6d8f9c7b5-q2w8x',
  container: 'checkout-api',
  node: 'gke-payments-gke-1-default-pool-7c1f2a9e-x4kq',
  nodeZone: 'europe-west1-b',
  image: 'europe-west1-docker.pkg.dev/acme-payments-prod/apps/checkout-api:2.14.3',
  imageDigest: 'sha256:3f9a1c2b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80',
};

describe('extractWorkload: samples', () => {
  it.each([
    ['gke-reverse-shell.json', gkeReverseShell],
    [
      'cloudrun-malicious-python.json',
      {
        platform: 'cloud_run_service',
        projectId: 'acme-billing-prod',
        projectNumber: '552233445566',
        location: 'us-central1',
        service: 'invoice-api',
        container: 'invoice-api-1',
        image: 'us-central1-docker.pkg.dev/acme-billing-prod/run/invoice-api:2025.03.01',
      },
    ],
    ['cloudrun-job-remote-command-exec.json', { platform: 'cloud_run_job', projectId: 'acme-billing-prod', location: 'us-central1', job: 'nightly-reconcile', container: 'reconcile' }],
    [
      'gke-hostile-strings-malicious-python.json',
      { namespace: 'team-ü\\n-ns', pod: 'job-"x"\\y-1', container: 'app"; resource.type="gce_instance', projectId: 'acme-payments-prod', projectNumber: '408150112233' },
    ],
  ])('%s', (name, expected) => {
    expect(workloadOf(name)).toMatchObject(expected);
  });
});

describe('extractWorkload: fallbacks when a side is missing', () => {
  it.each([
    [
      'no sourceProperties: pod, namespace, container and node from kubernetes',
      (n: any) => {
        delete n.finding.sourceProperties;
      },
      { ...gkeReverseShell, image: expect.any(String) },
    ],
    [
      'no kubernetes block: everything from sourceProperties',
      (n: any) => {
        delete n.finding.kubernetes;
      },
      { pod: gkeReverseShell.pod, namespace: 'payments', node: gkeReverseShell.node, container: 'checkout-api' },
    ],
    [
      'no container name anywhere but finding.containers',
      (n: any) => {
        delete n.finding.sourceProperties.Container_Name;
        delete n.finding.kubernetes.pods[0].containers;
      },
      { container: 'checkout-api' },
    ],
    [
      'project id from resourceName when it is an id',
      (n: any) => {
        n.finding.resourceName = '//container.googleapis.com/projects/other-proj-1/zones/europe-west1-b/clusters/c1';
      },
      { projectId: 'other-proj-1', location: 'europe-west1-b', cluster: 'c1' },
    ],
    [
      'project id from the node resource when resource has none',
      (n: any) => {
        n.resource = {};
      },
      { projectId: 'acme-payments-prod', projectIdKnown: true },
    ],
    [
      'only a project number: marked unknown',
      (n: any) => {
        n.resource = {};
        delete n.finding.kubernetes;
      },
      { projectId: '408150112233', projectIdKnown: false },
    ],
    [
      'v2 resource: project id from gcpMetadata',
      (n: any) => {
        n.resource = { gcpMetadata: { projectDisplayName: 'acme-v2' } };
      },
      { projectId: 'acme-v2' },
    ],
    [
      'a numeric port-like value in sourceProperties is text',
      (n: any) => {
        n.finding.sourceProperties.Pod_Name = 12345;
      },
      { pod: '12345' },
    ],
  ])('%s', (_name, edit, expected) => {
    expect(workloadOf('gke-reverse-shell.json', edit)).toMatchObject(expected);
  });

  it('is undefined for a resource that is neither GKE nor Cloud Run', () => {
    expect(workloadOf('out-of-scope-iam-anomalous-grant.json')).toBeUndefined();
  });
});
