/**
 * Bench inputs, generated at bench start: SCC notifications made from the samples by rewriting
 * their names (other pods, nodes, Cloud Run services and destinations of the same project) and
 * event times, and exported-log corpora (NDJSON, one file per workload) for them to be triaged on.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root (the bench runs compiled, from build-bench/bench). */
export const repoRoot = join(__dirname, '..', '..');
export const samplesDir = join(repoRoot, 'test', 'fixtures', 'samples');
export const fixtureLogsDir = join(repoRoot, 'test', 'fixtures', 'logs');

const project = 'acme-payments-prod';
const projectNumber = '408150112233';
/** Detection of the first finding of the burst (the reverse-shell sample's own event time). */
export const burstStart = Date.parse('2025-03-04T14:22:31.418Z');

type Json = Record<string, unknown>;

export const loadSample = (name: string): string => readFileSync(join(samplesDir, name), 'utf8');

/** A deterministic lowercase hex string of `length` characters. */
export const hexOf = (seed: string, length = 32): string => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** A deterministic lowercase alphanumeric Kubernetes-style suffix (no vowels, as ReplicaSets do). */
const suffixOf = (seed: string, length: number): string => {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from({ length }, (_, i) => alphabet[bytes[i]! % alphabet.length]).join('');
};

/** One workload of the burst: a GKE pod or a Cloud Run service of the one project. */
export interface Workload {
  readonly index: number;
  readonly platform: 'gke' | 'run';
  /** The pod name or the Cloud Run service name: what a summary's workload names. */
  readonly name: string;
  /** The container (GKE) or service (Cloud Run) name. */
  readonly app: string;
  readonly node?: string;
  /** The reverse-shell destination its findings name. */
  readonly ip: string;
  /** The first detection on it, in epoch milliseconds. */
  readonly firstDetection: number;
  /** insertIds of the evidence lines planted near detection. */
  readonly planted: readonly string[];
}

const gkeApps = ['checkout-api', 'cart-api', 'payments-gateway', 'ledger-writer', 'fraud-scorer', 'receipts-api', 'refund-worker', 'invoice-renderer', 'auth-proxy', 'notify-worker'];
const runServices = ['storefront-web', 'search-api', 'pricing-api', 'inventory-sync', 'coupon-api', 'shipping-quote', 'tax-engine', 'webhook-relay', 'report-export', 'session-api'];
const nodeOf = (i: number): string => `gke-payments-gke-1-default-pool-7c1f2a9e-${suffixOf(`node-${i}`, 4)}`;
export const nodeCount = 5;

/** Findings per workload, and how far apart their detections are. */
export const findingsPerWorkload = 5;
export const findingSpacingMs = 800;
/** How far apart the workloads' first detections are. */
export const workloadSpacingMs = 37;

/** The burst's workloads: `gke` GKE pods (two per node) and `run` Cloud Run services. */
export function burstWorkloads(gke = 10, run = 10): Workload[] {
  const all: Workload[] = [];
  for (let i = 0; i < gke + run; i++) {
    const isGke = i < gke;
    const app = isGke ? gkeApps[i % gkeApps.length]! : runServices[(i - gke) % runServices.length]!;
    const tag = `w${String(i).padStart(2, '0')}`;
    all.push({
      index: i,
      platform: isGke ? 'gke' : 'run',
      name: isGke ? `${app}-${suffixOf(`hash-${i}`, 9)}-${suffixOf(`pod-${i}`, 5)}` : app,
      app,
      ...(isGke ? { node: nodeOf(i % nodeCount) } : {}),
      ip: isGke ? `203.0.113.${10 + i}` : `192.0.2.${10 + i}`,
      firstDetection: burstStart + i * workloadSpacingMs,
      planted: ['curl', 'connect', 'trace'].map((what) => `planted-${tag}-${what}`),
    });
  }
  return all;
}

/** A notification on `w` detected at `at`, with a finding id of its own (`seed`). */
export function findingFor(w: Workload, at: number, seed: string): Json {
  let text: string;
  if (w.platform === 'gke') {
    const [, hash] = /^.+-([a-z0-9]{9})-[a-z0-9]{5}$/.exec(w.name) ?? [];
    text = loadSample('gke-reverse-shell.json')
      .replaceAll('checkout-api-6d8f9c7b5-q2w8x', w.name)
      .replaceAll('gke-payments-gke-1-default-pool-7c1f2a9e-x4kq', w.node!)
      .replaceAll('checkout-api', w.app)
      .replaceAll('6d8f9c7b5', hash ?? '6d8f9c7b5')
      .replaceAll('203.0.113.45', w.ip)
      .replaceAll('4f1c2e8a9b7d6c5e4f3a2b1c0d9e8f7a', hexOf(seed));
  } else {
    text = loadSample('cloudrun-reverse-shell.json')
      .replaceAll('acme-billing-prod', project)
      .replaceAll('552233445566', projectNumber)
      .replaceAll('invoice-api', w.app)
      .replaceAll('192.0.2.77', w.ip)
      .replaceAll('d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6', hexOf(seed));
  }
  return retimed(JSON.parse(text) as Json, at);
}

/** The notification with its finding detected at `at` (created 2.5 s later, as SCC does). */
export function retimed(notification: Json, at: number): Json {
  const finding = notification.finding as Json;
  finding.eventTime = new Date(at).toISOString();
  finding.createTime = new Date(at + 2_484).toISOString();
  return notification;
}

/** The same notification as a different finding (its own name, so its own triageId). */
export function renamed(notification: Json, seed: string): Json {
  const finding = notification.finding as Json;
  const name = String(finding.name);
  finding.name = name.replace(/[0-9a-f]{32}$/, hexOf(seed));
  if (typeof finding.canonicalName === 'string') finding.canonicalName = finding.canonicalName.replace(/[0-9a-f]{32}$/, hexOf(seed));
  return notification;
}

/** The burst: `findingsPerWorkload` findings on every workload, in detection order. */
export function burstFindings(workloads: readonly Workload[]): { workload: Workload; notification: Json }[] {
  const findings = workloads.flatMap((w) => Array.from({ length: findingsPerWorkload }, (_, k) => ({ workload: w, at: w.firstDetection + k * findingSpacingMs, seed: `burst-${w.index}-${k}` })));
  return findings.sort((a, b) => a.at - b.at).map(({ workload, at, seed }) => ({ workload, notification: findingFor(workload, at, seed) }));
}

/** How much each workload logs, and over which span around its detections. */
export interface ChattySpec {
  readonly linesPerSecond: number;
  /** Logging starts this long before the first detection and ends this long after the last. */
  readonly beforeMs: number;
  readonly afterMs: number;
  /** kubelet lines per second per node. */
  readonly nodeLinesPerSecond: number;
}

const containerResource = (w: Workload) =>
  w.platform === 'gke'
    ? { type: 'k8s_container', labels: { project_id: project, location: 'europe-west1', cluster_name: 'payments-gke-1', namespace_name: 'payments', pod_name: w.name, container_name: w.app } }
    : { type: 'cloud_run_revision', labels: { project_id: project, location: 'us-central1', service_name: w.app, revision_name: `${w.app}-00042-xyz`, configuration_name: w.app } };

const logNameOf = (w: Workload, stream: 'stdout' | 'stderr') => `projects/${project}/logs/${w.platform === 'gke' ? stream : `run.googleapis.com%2F${stream}`}`;

/** Writes NDJSON lines to a file in large chunks. */
class LineWriter {
  private readonly fd: number;
  private chunk: string[] = [];
  count = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  add(entry: Json): void {
    this.chunk.push(JSON.stringify(entry));
    this.count++;
    if (this.chunk.length >= 5_000) this.flush();
  }
  private flush(): void {
    if (this.chunk.length > 0) writeSync(this.fd, `${this.chunk.join('\n')}\n`);
    this.chunk = [];
  }
  close(): number {
    this.flush();
    closeSync(this.fd);
    return this.count;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const timed = (entry: Json, at: number): Json => ({ ...entry, timestamp: iso(at), receiveTimestamp: iso(at) });

/** The three evidence lines of `w`, within ±10 s of each of its detections. */
function plantedLines(w: Workload): Json[] {
  const resource = containerResource(w);
  const shell = w.platform === 'gke' ? 'bash' : '/bin/sh';
  const [curl, connect, trace] = w.planted;
  const at = w.firstDetection;
  const line = (insertId: string, ms: number, textPayload: string) => timed({ insertId, logName: logNameOf(w, 'stderr'), resource, severity: 'ERROR', textPayload }, ms);
  return [
    line(curl!, at - 1_000, `curl: (7) Failed to connect to ${w.ip} port 8080 after 129 ms: Connection refused`),
    line(connect!, at + 2_000, `${shell}: connect to ${w.ip} port 4444: reverse shell session opened`),
    line(trace!, at + 4_000, `Traceback (most recent call last): File "/app/${w.app.replace(/-/g, '_')}/handlers.py", line 88, in parse_upload`),
  ];
}

/** A Data Access call by the workload's identity (what identity_activity reads). */
function identityCall(insertId: string, ms: number, authenticationInfo: Json): Json {
  return timed(
    {
      insertId,
      logName: `projects/${project}/logs/cloudaudit.googleapis.com%2Fdata_access`,
      resource: {
        type: 'audited_resource',
        labels: { project_id: project, service: 'secretmanager.googleapis.com', method: 'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion' },
      },
      severity: 'INFO',
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        serviceName: 'secretmanager.googleapis.com',
        methodName: 'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion',
        resourceName: `projects/${projectNumber}/secrets/db-password/versions/latest`,
        authenticationInfo,
        requestMetadata: { callerIp: '10.44.2.17', callerSuppliedUserAgent: 'grpc-python/1.62.1' },
      },
    },
    ms,
  );
}

/** A few audit entries per workload: the pod's create (with its spec), a session into the pod, a deploy of the service, and a call by the workload's identity. */
function auditLines(w: Workload): Json[] {
  const at = w.firstDetection;
  const audit = (insertId: string, ms: number, resource: Json, protoPayload: Json): Json =>
    timed(
      {
        insertId,
        logName: `projects/${project}/logs/cloudaudit.googleapis.com%2Factivity`,
        resource,
        severity: 'NOTICE',
        protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', ...protoPayload },
      },
      ms,
    );
  const tag = `w${String(w.index).padStart(2, '0')}`;
  if (w.platform === 'gke') {
    const cluster = { type: 'k8s_cluster', labels: { project_id: project, location: 'europe-west1', cluster_name: 'payments-gke-1' } };
    const pod = `core/v1/namespaces/payments/pods/${w.name}`;
    return [
      audit(`aud-${tag}-create`, at - 2 * 3_600_000, cluster, {
        serviceName: 'k8s.io',
        methodName: 'io.k8s.core.v1.pods.create',
        resourceName: pod,
        authenticationInfo: { principalEmail: 'system:serviceaccount:kube-system:replicaset-controller' },
        requestMetadata: { callerIp: '10.8.0.2', callerSuppliedUserAgent: 'kube-controller-manager/v1.30.5' },
        // The pod spec names its Kubernetes service account: the identity the follow-up stage reads.
        request: { kind: 'Pod', apiVersion: 'v1', spec: { serviceAccountName: w.app } },
      }),
      identityCall(`aud-${tag}-wif-secret`, at + 20_000, {
        principalSubject: `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${project}.svc.id.goog/subject/ns/payments/sa/${w.app}`,
      }),
      audit(`aud-${tag}-exec`, at - 90_000, cluster, {
        serviceName: 'k8s.io',
        methodName: 'io.k8s.core.v1.pods.exec.create',
        resourceName: `${pod}/exec`,
        authenticationInfo: { principalEmail: 'alice@acme.example' },
        requestMetadata: { callerIp: '198.51.100.23', callerSuppliedUserAgent: 'kubectl/v1.30.4 (linux/amd64) kubernetes/abc' },
      }),
    ];
  }
  const service = { type: 'cloud_run_revision', labels: { project_id: project, location: 'us-central1', service_name: w.app, revision_name: '', configuration_name: '' } };
  const name = `namespaces/${project}/services/${w.app}`;
  return [
    audit(`aud-${tag}-deploy`, at - 3 * 3_600_000, service, {
      serviceName: 'run.googleapis.com',
      methodName: 'google.cloud.run.v1.Services.ReplaceService',
      resourceName: name,
      authenticationInfo: { principalEmail: `deployer@${project}.iam.gserviceaccount.com` },
      requestMetadata: { callerIp: '198.51.100.40', callerSuppliedUserAgent: 'google-cloud-sdk gcloud/512.0.0 command/gcloud.run.deploy' },
      request: { service: { spec: { template: { spec: { serviceAccountName: `${w.app}-run@${project}.iam.gserviceaccount.com` } } } } },
    }),
    identityCall(`aud-${tag}-sa-secret`, at + 20_000, { principalEmail: `${w.app}-run@${project}.iam.gserviceaccount.com` }),
    audit(`aud-${tag}-iam`, at - 70_000, service, {
      serviceName: 'run.googleapis.com',
      methodName: 'google.cloud.run.v1.Services.SetIamPolicy',
      resourceName: name,
      authenticationInfo: { principalEmail: 'contractor@partner.example' },
      requestMetadata: { callerIp: '198.51.100.41', callerSuppliedUserAgent: 'google-cloud-sdk gcloud/512.0.0' },
    }),
  ];
}

/**
 * The chatty corpus: every workload logs routine INFO lines at `spec.linesPerSecond` over its span,
 * plus its planted evidence; nodes log kubelet lines; a few audit entries per workload. Returns
 * the number of entries written.
 */
export function writeChattyCorpus(dir: string, workloads: readonly Workload[], spec: ChattySpec): number {
  mkdirSync(dir, { recursive: true });
  const step = 1_000 / spec.linesPerSecond;
  const lastDetection = (w: Workload) => w.firstDetection + (findingsPerWorkload - 1) * findingSpacingMs;
  let total = 0;
  for (const w of workloads) {
    const tag = `w${String(w.index).padStart(2, '0')}`;
    const out = new LineWriter(join(dir, `${tag}-${w.platform}.ndjson`));
    const resource = containerResource(w);
    const logName = logNameOf(w, 'stdout');
    const route = w.platform === 'gke' ? `/api/v2/${w.app}` : `/${w.app}/v1`;
    // A phase of its own per workload, so no two workloads log at the same instant.
    const first = w.firstDetection - spec.beforeMs + (w.index % 10) * 3;
    for (let i = 0, at = first; at <= lastDetection(w) + spec.afterMs; i++, at = first + i * step) {
      out.add(timed({ insertId: `${tag}-${String(i).padStart(7, '0')}`, logName, resource, severity: 'INFO', textPayload: `GET ${route}/items/${i % 97} 200 ${3 + (i % 11)}ms` }, Math.round(at)));
    }
    for (const line of plantedLines(w)) out.add(line);
    total += out.close();
  }
  const nodes = [...new Set(workloads.flatMap((w) => (w.node === undefined ? [] : [w.node])))];
  if (nodes.length > 0 && spec.nodeLinesPerSecond > 0) {
    const out = new LineWriter(join(dir, 'nodes.ndjson'));
    const from = Math.min(...workloads.map((w) => w.firstDetection)) - spec.beforeMs;
    const to = Math.max(...workloads.map(lastDetection)) + spec.afterMs;
    const nodeStep = 1_000 / spec.nodeLinesPerSecond;
    nodes.forEach((node, n) => {
      const resource = { type: 'k8s_node', labels: { project_id: project, location: 'europe-west1', cluster_name: 'payments-gke-1', node_name: node } };
      for (let i = 0, at = from + 11 + n * 7; at <= to; i++, at = from + 11 + n * 7 + i * nodeStep) {
        out.add(
          timed(
            {
              insertId: `node${n}-${String(i).padStart(6, '0')}`,
              logName: `projects/${project}/logs/kubelet`,
              resource,
              severity: 'INFO',
              textPayload: `I0304 prober.go:107] "Probe succeeded" probeType="Readiness" probe=${i % 40}`,
            },
            Math.round(at),
          ),
        );
      }
    });
    total += out.close();
  }
  const audit = new LineWriter(join(dir, 'audit.ndjson'));
  for (const w of workloads) for (const line of auditLines(w)) audit.add(line);
  total += audit.close();
  return total;
}

/**
 * The CPU corpus: the reverse-shell samples' workloads (GKE and Cloud Run) with exactly 1,000
 * entries inside every section's window, evenly spread over it.
 */
export function writeCpuCorpus(dir: string): { entries: number; samples: Json[] } {
  mkdirSync(dir, { recursive: true });
  const gke = JSON.parse(loadSample('gke-reverse-shell.json')) as Json;
  const run = JSON.parse(loadSample('cloudrun-reverse-shell.json')) as Json;
  const out = new LineWriter(join(dir, 'cpu.ndjson'));
  const spread = (tag: string, detection: number, beforeMs: number, afterMs: number, make: (i: number) => Json) => {
    const from = detection - beforeMs + 1;
    const step = (beforeMs + afterMs - 2) / 999;
    for (let i = 0; i < 1_000; i++) out.add(timed({ insertId: `${tag}-${String(i).padStart(4, '0')}`, ...make(i) }, Math.round(from + i * step)));
  };
  const min = 60_000;
  const gkeAt = Date.parse(String((gke.finding as Json).eventTime));
  const runAt = Date.parse(String((run.finding as Json).eventTime));
  const pod = {
    type: 'k8s_container',
    labels: { project_id: project, location: 'europe-west1', cluster_name: 'payments-gke-1', namespace_name: 'payments', pod_name: 'checkout-api-6d8f9c7b5-q2w8x', container_name: 'checkout-api' },
  };
  const node = { type: 'k8s_node', labels: { project_id: project, location: 'europe-west1', cluster_name: 'payments-gke-1', node_name: 'gke-payments-gke-1-default-pool-7c1f2a9e-x4kq' } };
  const cluster = { type: 'k8s_cluster', labels: { project_id: project, location: 'europe-west1', cluster_name: 'payments-gke-1' } };
  const runRevision = {
    type: 'cloud_run_revision',
    labels: { project_id: 'acme-billing-prod', location: 'us-central1', service_name: 'invoice-api', revision_name: 'invoice-api-00042-xyz', configuration_name: 'invoice-api' },
  };
  const auditPayload = (serviceName: string, methodName: string, resourceName: string) => ({
    '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
    serviceName,
    methodName,
    resourceName,
    authenticationInfo: { principalEmail: 'alice@acme.example' },
    requestMetadata: { callerIp: '198.51.100.23', callerSuppliedUserAgent: 'kubectl/v1.30.4' },
  });
  spread('cpu-pod', gkeAt, 30 * min, 15 * min, (i) => ({
    logName: `projects/${project}/logs/stdout`,
    resource: pod,
    severity: i % 50 === 0 ? 'ERROR' : 'INFO',
    textPayload: `GET /api/v2/cart/${i % 97} 200 ${3 + (i % 11)}ms`,
  }));
  spread('cpu-node', gkeAt, 30 * min, 15 * min, (i) => ({
    logName: `projects/${project}/logs/kubelet`,
    resource: node,
    severity: 'INFO',
    textPayload: `I0304 prober.go:107] "Probe succeeded" probe=${i % 40}`,
  }));
  spread('cpu-audit', gkeAt, 24 * 60 * min, 15 * min, (i) => ({
    logName: `projects/${project}/logs/cloudaudit.googleapis.com%2Factivity`,
    resource: cluster,
    severity: 'NOTICE',
    protoPayload: auditPayload('k8s.io', i % 2 === 0 ? 'io.k8s.core.v1.pods.exec.create' : 'io.k8s.core.v1.pods.patch', 'core/v1/namespaces/payments/pods/checkout-api-6d8f9c7b5-q2w8x'),
  }));
  spread('cpu-run', runAt, 30 * min, 15 * min, (i) => ({
    logName: 'projects/acme-billing-prod/logs/run.googleapis.com%2Fstdout',
    resource: runRevision,
    severity: 'INFO',
    textPayload: `POST /render 200 ${3 + (i % 11)}ms`,
  }));
  spread('cpu-run-audit', runAt, 24 * 60 * min, 15 * min, () => ({
    logName: 'projects/acme-billing-prod/logs/cloudaudit.googleapis.com%2Factivity',
    resource: { ...runRevision, labels: { ...runRevision.labels, revision_name: '', configuration_name: '' } },
    severity: 'NOTICE',
    protoPayload: auditPayload('run.googleapis.com', 'google.cloud.run.v1.Services.ReplaceService', 'namespaces/acme-billing-prod/services/invoice-api'),
  }));
  return { entries: out.close(), samples: [gke, run] };
}
