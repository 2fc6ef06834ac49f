/**
 * Who the workload acts as in Google Cloud, from what the audit log already says about it: the
 * pod's `create` entry (its Kubernetes service account, hence its Workload Identity Federation
 * principal and the delegation subject of a Google service account bound to it), or the Cloud Run
 * deploy entry (the revision's runtime service account). Every name is checked before it can reach
 * a filter; one that is not a valid name of its kind leaves the identity unknown, with the reason.
 */
import { asRecord, fieldAt as dig, nonEmptyString as str } from '../lib/defined';
import { oneLine } from '../lib/sanitize';
import { compareTimestamps } from '../lib/time';
import type { LogEntry } from '../logs/port';
import type { CloudRunJobWorkload, CloudRunServiceWorkload, GkeWorkload, Workload } from '../notification/workload';
import { runResourceNames } from '../plan/cloud-run';
import { isValidName } from '../plan/names';

/** How the identity was found. */
export const identitySources = ['gke_pod_create', 'cloud_run_deploy', 'cloud_run_default'] as const;
/** One of {@link identitySources}: the pod's create entry, the deploy entry's runtime service account, or the deploy entry naming none (the Compute Engine default). */
export type IdentitySource = (typeof identitySources)[number];

/** The workload's identity, and every form in which its calls show in audit logs. */
export interface WorkloadIdentity {
  /** What a responder searches for: the Workload Identity Federation principal (GKE) or the service account's email (Cloud Run). */
  readonly principal: string;
  readonly source: IdentitySource;
  /** The audit entry it was read from. */
  readonly fromInsertId?: string;
  /** GKE: `NAMESPACE/KSA`. */
  readonly kubernetesServiceAccount?: string;
  /** GKE: a Google service account bound to the KSA acts with this in `serviceAccountDelegationInfo[].principalSubject`. */
  readonly delegationSubject?: string;
  /** Cloud Run: the runtime service account. */
  readonly serviceAccountEmail?: string;
}

/** The identity, or why it cannot be known. */
export type IdentityLookup = { readonly found: true; readonly identity: WorkloadIdentity } | { readonly found: false; readonly reason: string };

const unknown = (reason: string): IdentityLookup => ({ found: false, reason });

/** A call that did what it asked: no error status (a refused create or deploy says nothing of what runs). */
function succeeded(proto: Record<string, unknown> | undefined): boolean {
  const code = asRecord(proto?.status)?.code ?? asRecord(proto?.responseStatus)?.code;
  return (code === undefined || code === 0) && str(asRecord(proto?.response)?.kind) !== 'Status';
}

/**
 * The newest successful audit entry with one of `methods` on exactly `resourceNames`, made at or
 * before detection: what ran when the threat was seen, never a later redeploy or recreation.
 */
function newestCall(entries: readonly LogEntry[], methods: RegExp, resourceNames: readonly string[], detection: string): LogEntry | undefined {
  return entries
    .filter((entry) => {
      const proto = asRecord(entry.protoPayload);
      const at = String(entry.timestamp ?? '');
      return methods.test(str(proto?.methodName) ?? '') && resourceNames.includes(str(proto?.resourceName) ?? '') && succeeded(proto) && compareTimestamps(at, detection) <= 0;
    })
    .sort((a, b) => compareTimestamps(String(b.timestamp ?? ''), String(a.timestamp ?? '')))[0];
}

const insertIdOf = (entry: LogEntry): { fromInsertId?: string } => (typeof entry.insertId === 'string' ? { fromInsertId: oneLine(entry.insertId, 128) } : {});

/** Finds the identity from the audit entries read for the workload, as it was at `detection`. */
export function identityOf(workload: Workload, entries: readonly LogEntry[], detection: string): IdentityLookup {
  switch (workload.platform) {
    case 'gke':
      return gkeIdentity(workload, entries, detection);
    case 'cloud_run_service':
    case 'cloud_run_job':
      return cloudRunIdentity(workload, entries, detection);
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
}

/** The pod spec of a create entry: as admitted (the response), else as asked (the request). */
const specOf = (proto: Record<string, unknown> | undefined): Record<string, unknown> | undefined => asRecord(dig(proto?.response, 'spec')) ?? asRecord(dig(proto?.request, 'spec'));

function gkeIdentity(w: GkeWorkload, entries: readonly LogEntry[], detection: string): IdentityLookup {
  if (w.namespace === undefined || w.pod === undefined) return unknown('the finding names no pod');
  if (w.projectNumber === undefined || !isValidName('projectNumber', w.projectNumber)) return unknown('the finding gives no project number for the Workload Identity pool');
  if (!isValidName('project', w.projectId) || !isValidName('namespace', w.namespace)) return unknown('the finding names no valid project and namespace');
  const creates = [`core/v1/namespaces/${w.namespace}/pods/${w.pod}`];
  // An entry with the pod spec first: an export can hold a create entry at Metadata level beside one at Request level.
  const withSpec = entries.filter((entry) => specOf(asRecord(entry.protoPayload)) !== undefined);
  const create = newestCall(withSpec, /^io\.k8s\.core\.v1\.pods\.create$/, creates, detection) ?? newestCall(entries, /^io\.k8s\.core\.v1\.pods\.create$/, creates, detection);
  if (create === undefined) return unknown("the pod's create entry is not in the audit log read (it may be older than the window)");
  const spec = specOf(asRecord(create.protoPayload));
  if (spec === undefined) return unknown("the pod's create entry carries no pod spec");
  // A host-network pod does not reach the GKE metadata server: its calls carry the node's service account.
  if (spec.hostNetwork === true) return unknown("the pod runs on the host network, so it acts as the node's service account, which the triage does not read");
  // Kubernetes gives a pod that names none the namespace's `default` service account.
  const ksa = str(spec.serviceAccountName) ?? str(spec.serviceAccount) ?? 'default';
  if (!isValidName('kubernetesServiceAccount', ksa)) return unknown(`the pod spec's service account ${JSON.stringify(oneLine(ksa, 80))} is not a valid Kubernetes name`);
  const pool = `${w.projectId}.svc.id.goog`;
  return {
    found: true,
    identity: {
      principal: `principal://iam.googleapis.com/projects/${w.projectNumber}/locations/global/workloadIdentityPools/${pool}/subject/ns/${w.namespace}/sa/${ksa}`,
      source: 'gke_pod_create',
      ...insertIdOf(create),
      kubernetesServiceAccount: `${w.namespace}/${ksa}`,
      delegationSubject: `serviceAccount:${pool}[${w.namespace}/${ksa}]`,
    },
  };
}

/** Where each Cloud Run API version keeps the runtime service account in a deploy request. */
const runtimeAccountPaths: Readonly<Record<'cloud_run_service' | 'cloud_run_job', readonly (readonly string[])[]>> = {
  cloud_run_service: [
    ['service', 'template', 'serviceAccount'],
    ['service', 'spec', 'template', 'spec', 'serviceAccountName'],
  ],
  cloud_run_job: [
    ['job', 'template', 'template', 'serviceAccount'],
    ['job', 'spec', 'template', 'spec', 'template', 'spec', 'serviceAccountName'],
  ],
};

function cloudRunIdentity(w: CloudRunServiceWorkload | CloudRunJobWorkload, entries: readonly LogEntry[], detection: string): IdentityLookup {
  const [kind, name, methods]: readonly ['services' | 'jobs', string, RegExp] =
    w.platform === 'cloud_run_service' ? ['services', w.service, /\.(CreateService|ReplaceService|UpdateService)$/] : ['jobs', w.job, /\.(CreateJob|ReplaceJob|UpdateJob)$/];
  const deploy = newestCall(entries, methods, runResourceNames(w, kind, name), detection);
  if (deploy === undefined) return unknown('no deploy entry of the workload is in the audit log read (it may be older than the window)');
  const proto = asRecord(deploy.protoPayload);
  const body = w.platform === 'cloud_run_service' ? 'service' : 'job';
  // Without the deployed spec nothing says which account runs it; the default is only the default when a spec names none.
  // A response is a spec only when it is the Service or Job itself (a v2 deploy answers with an Operation).
  const response = asRecord(proto?.response);
  const responseIsSpec = /\.(Service|Job)$/.test(str(response?.['@type']) ?? '') || str(response?.kind) === (body === 'service' ? 'Service' : 'Job');
  if (asRecord(dig(proto?.request, body)) === undefined && !responseIsSpec) return unknown('the deploy entry carries no service or job spec');
  const named = runtimeAccountPaths[w.platform].map((keys) => str(dig(proto?.request, ...keys)) ?? str(dig(proto?.response, ...keys.slice(1)))).find((value) => value !== undefined);
  const fromInsertId = insertIdOf(deploy);
  if (named !== undefined) {
    if (!isValidName('serviceAccountEmail', named)) return unknown(`the deploy entry's service account ${JSON.stringify(oneLine(named, 80))} is not a valid service account email`);
    return { found: true, identity: { principal: named, source: 'cloud_run_deploy', ...fromInsertId, serviceAccountEmail: named } };
  }
  if (w.projectNumber === undefined || !isValidName('projectNumber', w.projectNumber)) return unknown('the deploy entry names no service account and the finding gives no project number');
  const fallback = `${w.projectNumber}-compute@developer.gserviceaccount.com`;
  return { found: true, identity: { principal: fallback, source: 'cloud_run_default', ...fromInsertId, serviceAccountEmail: fallback } };
}
