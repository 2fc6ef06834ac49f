import { defaultConfig } from '../../src/config';
import { planTriage } from '../../src/engine';
import { isValidName, nameProblem } from '../../src/plan/names';
import type { PlannedSection, SectionPlan } from '../../src/plan/section';
import { formatNanos, windowAround } from '../../src/lib/time';
import { loadSample } from '../support/fixtures';

const plan = (name: string, config = defaultConfig) => planTriage(loadSample(name), config).sections;
const byName = (sections: readonly SectionPlan[], name: string) => sections.find((s) => s.name === name)!;
const plannedOf = (sections: readonly SectionPlan[], name: string): PlannedSection => {
  const section = byName(sections, name);
  if (section.status !== 'planned') throw new Error(`${name} is ${section.status}`);
  return section;
};

describe('GKE sections', () => {
  const sections = plan('gke-reverse-shell.json');

  it('plans pod_logs, cluster_audit and node_logs, in that order', () => {
    expect(sections.map((s) => [s.name, s.status])).toEqual([
      ['pod_logs', 'planned'],
      ['cluster_audit', 'planned'],
      ['node_logs', 'planned'],
    ]);
  });

  it('pod_logs: the containers and the Kubernetes events of the pod of that namespace, cluster, location and project, time-bounded on both sides', () => {
    expect(byName(sections, 'pod_logs')).toMatchObject({
      resourceNames: ['projects/acme-payments-prod'],
      window: { start: '2025-03-04T13:52:31.418Z', end: '2025-03-04T14:37:31.418Z' },
      filter: [
        'resource.type=("k8s_container" OR "k8s_pod")',
        'AND resource.labels.project_id="acme-payments-prod"',
        'AND resource.labels.location="europe-west1"',
        'AND resource.labels.cluster_name="payments-gke-1"',
        'AND resource.labels.namespace_name="payments"',
        'AND resource.labels.pod_name="checkout-api-6d8f9c7b5-q2w8x"',
        'AND timestamp>="2025-03-04T13:52:31.418Z"',
        'AND timestamp<="2025-03-04T14:37:31.418Z"',
      ].join('\n'),
    });
  });

  it('cluster_audit: Admin Activity on exactly that pod, looking back 24 h', () => {
    const audit = byName(sections, 'cluster_audit');
    expect(audit.window).toEqual({ start: '2025-03-03T14:22:31.418Z', end: '2025-03-04T14:37:31.418Z' });
    expect(audit.status === 'planned' && audit.filter).toContain(
      'protoPayload.resourceName=("core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8x" OR "core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8x/exec" OR "core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8x/attach" OR "core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8x/portforward")',
    );
    expect(audit.status === 'planned' && audit.filter).toContain('log_id("cloudaudit.googleapis.com/activity")');
  });

  it('node_logs: the k8s_node and the gce_instance of that node, parenthesised', () => {
    const node = byName(sections, 'node_logs');
    expect(node.status === 'planned' && node.filter.split('\n')[0]).toBe(
      '((resource.type="k8s_node" AND resource.labels.project_id="acme-payments-prod" AND resource.labels.location="europe-west1" AND resource.labels.cluster_name="payments-gke-1" AND resource.labels.node_name="gke-payments-gke-1-default-pool-7c1f2a9e-x4kq") OR (resource.type="gce_instance" AND resource.labels.project_id="acme-payments-prod" AND resource.labels.zone="europe-west1-b" AND labels."compute.googleapis.com/resource_name"="gke-payments-gke-1-default-pool-7c1f2a9e-x4kq"))',
    );
  });

  it('every section carries its Logs Explorer link, scrolled to the detection', () => {
    for (const section of sections) {
      expect(section.status === 'planned' && section.explorerUrl).toMatch(
        /^https:\/\/console\.cloud\.google\.com\/logs\/query;query=.+;timeRange=.+%2F.+;cursorTimestamp=2025-03-04T14%3A22%3A31\.418Z\?project=acme-payments-prod$/,
      );
    }
  });
});

describe('Cloud Run sections', () => {
  it.each([
    ['cloudrun-malicious-python.json', 'cloud_run_revision', 'service_name="invoice-api"'],
    ['cloudrun-job-remote-command-exec.json', 'cloud_run_job', 'job_name="nightly-reconcile"'],
  ])('%s reads %s of that %s', (name, type, label) => {
    const sections = plan(name);
    expect(sections.map((s) => s.name)).toEqual(['run_logs', 'run_audit']);
    for (const section of sections) {
      expect(section.status).toBe('planned');
      if (section.status !== 'planned') continue;
      expect(section.filter).toContain(`resource.type="${type}"`);
      expect(section.filter).toContain(`resource.labels.${label}`);
      expect(section.filter).toContain('resource.labels.location="us-central1"');
    }
    expect(plannedOf(sections, 'run_logs').filter).toContain('NOT logName:"/logs/cloudaudit.googleapis.com"');
  });

  // A real Services.SetIamPolicy entry carries service_name: "" and names the service only in resourceName.
  it.each([
    [
      'cloudrun-malicious-python.json',
      'resource.labels.service_name="invoice-api" OR protoPayload.resourceName=("projects/acme-billing-prod/locations/us-central1/services/invoice-api" OR "namespaces/acme-billing-prod/services/invoice-api" OR "projects/552233445566/locations/us-central1/services/invoice-api" OR "namespaces/552233445566/services/invoice-api")',
      '(log_id("cloudaudit.googleapis.com/activity") OR log_id("cloudaudit.googleapis.com/system_event"))',
    ],
    [
      'cloudrun-job-remote-command-exec.json',
      'resource.labels.job_name="nightly-reconcile" OR protoPayload.resourceName=("projects/acme-billing-prod/locations/us-central1/jobs/nightly-reconcile" OR "namespaces/acme-billing-prod/jobs/nightly-reconcile" OR "projects/552233445566/locations/us-central1/jobs/nightly-reconcile" OR "namespaces/552233445566/jobs/nightly-reconcile")',
      '(log_id("cloudaudit.googleapis.com/activity") OR log_id("cloudaudit.googleapis.com/system_event") OR (log_id("cloudaudit.googleapis.com/data_access") AND protoPayload.methodName=("google.cloud.run.v1.Jobs.RunJob" OR "google.cloud.run.v2.Jobs.RunJob")))',
    ],
  ])('%s: run_audit names the workload by label or by either resourceName form, in the audit logs it reads', (name, named, logs) => {
    const filter = plannedOf(plan(name), 'run_audit').filter;
    expect(filter).toContain(`AND (${named})`);
    expect(filter).toContain(`AND ${logs}`);
  });
});

describe('invalid names skip only the sections that need them', () => {
  it('hostile namespace and pod: pod_logs and cluster_audit skipped, node_logs still runs', () => {
    const sections = plan('gke-hostile-strings-malicious-python.json');
    expect(sections.map((s) => [s.name, s.status])).toEqual([
      ['pod_logs', 'skipped'],
      ['cluster_audit', 'skipped'],
      ['node_logs', 'planned'],
    ]);
    expect(byName(sections, 'pod_logs')).toMatchObject({ reason: 'workload.namespace "team-ü\\\\n-ns" is not a valid Kubernetes namespace (RFC 1123 label)' });
  });

  it('an unknown project id skips every section instead of guessing', () => {
    const sample = loadSample('gke-reverse-shell.json');
    sample.resource = {};
    delete sample.finding.kubernetes;
    const sections = planTriage(sample, defaultConfig).sections;
    expect(sections.every((s) => s.status === 'skipped' && s.reason === 'the finding names no projectId')).toBe(true);
  });

  // Out of scope would drop the finding; a name the sections cannot use only skips them, with the reason (DESIGN.md).
  it.each([
    ['gke-reverse-shell.json', /clusters\/[^/]+/, 'clusters/', 'the finding names no cluster'],
    ['gke-reverse-shell.json', /clusters\/[^/]+/, 'clusters/Prod_Cluster', 'workload.cluster "Prod_Cluster" is not a valid GKE cluster name'],
    ['cloudrun-malicious-python.json', /services\/[^/]+$/, 'services/', 'the finding names no service'],
    ['cloudrun-job-remote-command-exec.json', /jobs\/[^/]+$/, 'jobs/Nightly_Job', 'workload.job "Nightly_Job" is not a valid Cloud Run job name'],
  ])('%s with its name segment made %s: still triaged, every section skipped with the reason', (name, segment, replacement, reason) => {
    const sample = loadSample(name);
    sample.finding.resourceName = sample.finding.resourceName.replace(segment, replacement);
    const triaged = planTriage(sample, defaultConfig);
    expect(triaged.classification.kind).toBe('triage');
    expect(triaged.sections.map((s) => [s.status, s.status === 'skipped' && s.reason])).toEqual(triaged.sections.map(() => ['skipped', reason]));
  });

  it('updates plan no sections', () => {
    expect(plan('gke-reverse-shell-inactive.json')).toEqual([]);
  });
});

describe('windows and scope are configurable', () => {
  it('uses LOG_SCOPE as resourceNames and the configured windows', () => {
    const config = { ...defaultConfig, logScope: ['projects/central/locations/global/buckets/sec/views/all'], logWindowBeforeMs: 5 * 60_000, logWindowAfterMs: 60_000, auditLookbackMs: 3_600_000 };
    const sections = plan('gke-reverse-shell.json', config);
    expect(byName(sections, 'pod_logs')).toMatchObject({ resourceNames: config.logScope, window: { start: '2025-03-04T14:17:31.418Z', end: '2025-03-04T14:23:31.418Z' } });
    expect(byName(sections, 'cluster_audit').window).toEqual({ start: '2025-03-04T13:22:31.418Z', end: '2025-03-04T14:23:31.418Z' });
    expect(plannedOf(sections, 'pod_logs').explorerUrl).toContain(';storageScope=storage,projects%2Fcentral');
  });

  it('keeps nanosecond precision and offsets in windows', () => {
    expect(windowAround('2025-03-04T15:22:31.123456789+01:00', 1000, 1)).toEqual({ start: '2025-03-04T14:22:30.123456789Z', end: '2025-03-04T14:22:31.124456789Z' });
    expect(formatNanos(0n)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('names', () => {
  it.each([
    ['namespace', 'payments', true],
    ['namespace', 'Payments', false],
    ['namespace', 'a'.repeat(64), false],
    ['pod', 'checkout-api-6d8f9c7b5-q2w8x', true],
    ['pod', 'web-0.web.svc', true],
    ['pod', 'job-"x"\\y-1', false],
    ['pod', 'x" OR resource.type="gce_instance', false],
    ['project', 'acme-payments-prod', true],
    ['project', 'example.com:proj-1', true],
    ['project', '408150112233', false],
    ['location', 'europe-west1', true],
    ['location', 'europe-west1-b', true],
    ['zone', 'europe-west1', false],
    ['runService', 'invoice-api', true],
    ['runService', '1nvoice', false],
    ['node', 'gke-payments-gke-1-default-pool-7c1f2a9e-x4kq', true],
  ] as const)('%s %j valid: %s', (kind, value, valid) => {
    expect(isValidName(kind, value)).toBe(valid);
  });

  it('names the field and shows hostile values escaped and bounded', () => {
    expect(nameProblem([{ field: 'pod', value: `a\u202e${'b'.repeat(200)}`, kind: 'pod' }])).toBe(`workload.pod "a\\u202e${'b'.repeat(78)}…" is not a valid Kubernetes pod name (RFC 1123 subdomain)`);
  });
});
