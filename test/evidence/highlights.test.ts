import { highlightsOf, maxHighlights } from '../../src/evidence/highlights';
import { decodeNotification } from '../../src/notification/decode';
import { extractWorkload } from '../../src/notification/workload';
import { loadSample } from '../support/fixtures';
import { auditEntry, lineEntry, section } from '../support/sections';

const gke = decodeNotification(loadSample('gke-reverse-shell.json')).notification;
const gkeWorkload = extractWorkload(gke)!;
const run = decodeNotification(loadSample('cloudrun-malicious-python.json')).notification;
const runWorkload = extractWorkload(run)!;
const job = decodeNotification(loadSample('cloudrun-job-remote-command-exec.json')).notification;
const T = gke.finding.eventTime; // 2025-03-04T14:22:31.418Z

const gkeHighlights = (...sections: Parameters<typeof highlightsOf>[2]) => highlightsOf(gke.finding, gkeWorkload, sections);

describe('GKE audit highlights', () => {
  it.each([
    ['io.k8s.core.v1.pods.exec.create', 'kubectl_exec', 'kubectl exec into payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
    ['io.k8s.core.v1.pods.exec.get', 'kubectl_exec', 'kubectl exec into payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
    ['io.k8s.core.v1.pods.attach.create', 'kubectl_attach', 'kubectl attach to payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
    ['io.k8s.core.v1.pods.portforward.create', 'kubectl_port_forward', 'kubectl port-forward to payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
    ['io.k8s.core.v1.pods.create', 'pod_created', 'pod created: payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
    ['io.k8s.core.v1.pods.delete', 'pod_deleted', 'pod deleted: payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
    ['io.k8s.core.v1.pods.patch', 'pod_patched', 'pod patched: payments/checkout-api-6d8f9c7b5-q2w8x by alice@acme.example (human)'],
  ])('%s → %s, with who, when, from where', (method, kind, summary) => {
    const [h] = gkeHighlights(section('cluster_audit', [auditEntry('2025-03-04T14:05:12.118Z', method, 'alice@acme.example')]));
    expect(h).toEqual({
      at: '2025-03-04T14:05:12.118Z',
      offset: '-17m19s',
      kind,
      summary,
      principal: 'alice@acme.example',
      principalKind: 'human',
      detail: `from 198.51.100.1 · agent kubectl/v1.30 · ${method}`,
      section: 'cluster_audit',
      insertId: `${method}-2025-03-04T14:05:12.118Z`,
    });
  });

  it('tells a service account from a person, and says when the call failed', () => {
    const [h] = gkeHighlights(section('cluster_audit', [auditEntry(T, 'io.k8s.core.v1.pods.exec.create', 'ci@acme-prod.iam.gserviceaccount.com', { status: { code: 7 } })]));
    expect(h).toMatchObject({ principalKind: 'service_account', summary: expect.stringContaining('(service account) (failed: code 7)') });
  });

  it('ignores methods a responder does not need', () => {
    expect(gkeHighlights(section('cluster_audit', [auditEntry(T, 'io.k8s.core.v1.pods.get', 'alice@acme.example')]))).toEqual([]);
  });
});

describe('Cloud Run audit highlights', () => {
  it.each([
    ['google.cloud.run.v1.Services.ReplaceService', 'cloud_run_deploy', 'deploy of service invoice-api'],
    ['google.cloud.run.v2.Services.UpdateService', 'cloud_run_deploy', 'deploy of service invoice-api'],
    ['google.cloud.run.v1.Services.SetIamPolicy', 'cloud_run_iam_change', 'IAM policy change on service invoice-api'],
    ['google.cloud.run.v2.Services.DeleteService', 'cloud_run_deleted', 'deletion of service invoice-api'],
  ])('%s → %s', (method, kind, summary) => {
    const [h] = highlightsOf(run.finding, runWorkload, [section('run_audit', [auditEntry('2025-03-07T02:00:00Z', method, 'eve@acme.example')])]);
    expect(h).toMatchObject({ kind, summary: `${summary} by eve@acme.example (human)`, principal: 'eve@acme.example', offset: '-1h12m' });
  });

  it('job runs and updates', () => {
    const hs = highlightsOf(job.finding, extractWorkload(job)!, [
      section('run_audit', [
        auditEntry('2025-03-08T02:00:00Z', 'google.cloud.run.v2.Jobs.RunJob', 'sched@acme-billing-prod.iam.gserviceaccount.com'),
        auditEntry('2025-03-07T20:00:00Z', 'google.cloud.run.v2.Jobs.UpdateJob', 'dev@acme.example'),
      ]),
    ]);
    expect(hs.map((h) => [h.kind, h.summary])).toEqual([
      ['cloud_run_deploy', 'update of job nightly-reconcile by dev@acme.example (human)'],
      ['cloud_run_job_run', 'run of job nightly-reconcile by sched@acme-billing-prod.iam.gserviceaccount.com (service account)'],
    ]);
  });
});

describe('log-line highlights', () => {
  it.each([
    ['pod_logs', 'Memory cgroup out of memory: Killed process 7', 'oom_kill'],
    ['pod_logs', 'worker 14 exited on signal 9', 'container_exit'],
    ['run_logs', 'Container called exit(1).', 'container_exit'],
    ['node_logs', 'Back-off restarting failed container checkout-api in pod checkout-api-6d8f9c7b5-q2w8x_payments', 'container_restart'],
  ] as const)('%s: %j → %s', (name, text, kind) => {
    const [h] = gkeHighlights(section(name, [lineEntry(T, text)]));
    expect(h).toMatchObject({ kind, section: name, detail: text });
  });

  it('node logs count only lines about this pod', () => {
    expect(gkeHighlights(section('node_logs', [lineEntry(T, 'Back-off restarting failed container other-pod-xyz')]))).toEqual([]);
  });

  it('finds the reverse-shell destination and the binary in log lines, a few times at most', () => {
    const lines = Array.from({ length: 5 }, (_, i) => lineEntry(`2025-03-04T14:22:0${i}Z`, `connect 203.0.113.45:4444 via /bin/bash attempt ${i}`));
    const hs = gkeHighlights(section('pod_logs', lines));
    expect(hs.filter((h) => h.summary.startsWith('reverse-shell destination 203.0.113.45 appears in pod_logs'))).toHaveLength(3);
    expect(hs.filter((h) => h.summary.startsWith('flagged binary /bin/bash appears'))).toHaveLength(3);
  });

  it.each([
    [3, 60_000, 1],
    [2, 60_000, 0],
    [3, 300_000, 0],
  ])('%i stderr lines %i ms from detection → %i error burst', (count, distance, expected) => {
    const at = new Date(Date.parse(T) + distance).toISOString();
    const lines = Array.from({ length: count }, (_, i) => lineEntry(at, `Traceback line ${i}`, 'stderr'));
    expect(gkeHighlights(section('pod_logs', lines)).filter((h) => h.kind === 'error_burst')).toHaveLength(expected);
  });

  // The same severity table as the query evaluator's: ERROR and above, by name or number.
  it.each([
    ['ERROR', 1],
    ['EMERGENCY', 1],
    ['500', 1],
    ['WARNING', 0],
    ['INFO', 0],
  ])('three stdout lines of severity %s near detection → %i error burst', (severity, expected) => {
    const at = new Date(Date.parse(T) + 60_000).toISOString();
    const lines = Array.from({ length: 3 }, (_, i) => lineEntry(at, `failure ${i}`, 'stdout', severity));
    expect(gkeHighlights(section('pod_logs', lines)).filter((h) => h.kind === 'error_burst')).toHaveLength(expected);
  });
});

describe('ordering and bounds', () => {
  it('orders by time and keeps the ones nearest detection', () => {
    const entries = Array.from({ length: maxHighlights + 20 }, (_, i) => auditEntry(new Date(Date.parse(T) - (i + 1) * 60_000).toISOString(), 'io.k8s.core.v1.pods.exec.create', 'alice@acme.example'));
    const hs = gkeHighlights(section('cluster_audit', entries));
    expect(hs).toHaveLength(maxHighlights);
    expect(hs.map((h) => h.at)).toEqual([...hs.map((h) => h.at)].sort());
    expect(hs.at(-1)!.offset).toBe('-1m');
    expect(hs[0]!.offset).toBe(`-${maxHighlights}m`);
  });
});
