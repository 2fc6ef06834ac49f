/**
 * The workload identity's vocabulary, shared by the platforms' lookups: what an identity is, how it
 * was found, and how the audit entry that names it is chosen.
 */
import { asRecord, nonEmptyString as str } from '../lib/defined';
import { oneLine } from '../lib/sanitize';
import { compareTimestamps } from '../lib/time';
import type { LogEntry } from '../logs/port';
import { isValidName } from '../plan/names';

/** How the identity was found. */
export const identitySources = ['gke_pod_create', 'gke_node_pool', 'cloud_run_deploy', 'cloud_run_default', 'cloud_run_api'] as const;
/**
 * One of {@link identitySources}: the pod's create entry (its KSA's Workload Identity principal), the
 * cluster's spec (a node pool's service account), the deploy entry's runtime service account, the
 * deploy entry naming none (the Compute Engine default), or the Cloud Run Admin API.
 */
export type IdentitySource = (typeof identitySources)[number];

/** The workload's identity, and every form in which its calls show in audit logs. */
export interface WorkloadIdentity {
  /** What a responder searches for: the Workload Identity Federation principal (GKE) or the service account's email. */
  readonly principal: string;
  readonly source: IdentitySource;
  /** The audit entry it was read from. */
  readonly fromInsertId?: string;
  /** The API resource it was read from (`cloud_run_api`). */
  readonly fromResource?: string;
  /** GKE: `NAMESPACE/KSA`. */
  readonly kubernetesServiceAccount?: string;
  /** GKE: the Workload Identity Federation principal, as its calls show in `authenticationInfo.principalSubject`. */
  readonly principalSubject?: string;
  /** GKE without the metadata server: the node pool whose service account the pod acts as. */
  readonly nodePool?: string;
  /** What the identity rests on that could not be checked, or what else shares it. */
  readonly caveat?: string;
  /** GKE: a Google service account bound to the KSA acts with this in `serviceAccountDelegationInfo[].principalSubject`. */
  readonly delegationSubject?: string;
  /** Cloud Run: the runtime service account. */
  readonly serviceAccountEmail?: string;
}

/** The identity, or why it cannot be known. */
export type IdentityLookup = { readonly found: true; readonly identity: WorkloadIdentity } | { readonly found: false; readonly reason: string };

/** An identity that cannot be known, and why. */
export const unknown = (reason: string): IdentityLookup => ({ found: false, reason });

/** A call that did what it asked: no error status (a refused create or deploy says nothing of what runs). */
function succeeded(proto: Record<string, unknown> | undefined): boolean {
  const code = asRecord(proto?.status)?.code ?? asRecord(proto?.responseStatus)?.code;
  return (code === undefined || code === 0) && str(asRecord(proto?.response)?.kind) !== 'Status';
}

/**
 * The newest successful audit entry with one of `methods` on exactly `resourceNames`, made at or
 * before detection: what ran when the threat was seen, never a later redeploy or recreation.
 */
export function newestCall(entries: readonly LogEntry[], methods: RegExp, resourceNames: readonly string[], detection: string): LogEntry | undefined {
  return entries
    .filter((entry) => {
      const proto = asRecord(entry.protoPayload);
      const at = String(entry.timestamp ?? '');
      return methods.test(str(proto?.methodName) ?? '') && resourceNames.includes(str(proto?.resourceName) ?? '') && succeeded(proto) && compareTimestamps(at, detection) <= 0;
    })
    .sort((a, b) => compareTimestamps(String(b.timestamp ?? ''), String(a.timestamp ?? '')))[0];
}

/** Where the identity was read from: the entry's insertId, bounded. */
export const insertIdOf = (entry: LogEntry): { fromInsertId?: string } => (typeof entry.insertId === 'string' ? { fromInsertId: oneLine(entry.insertId, 128) } : {});

const computeDefaultDomain = '-compute@developer.gserviceaccount.com';

/** The project's Compute Engine default service account, which runs what names none; undefined without a valid project number. */
export function computeDefaultAccount(w: { readonly projectNumber?: string | undefined }): string | undefined {
  return w.projectNumber !== undefined && isValidName('projectNumber', w.projectNumber) ? `${w.projectNumber}${computeDefaultDomain}` : undefined;
}

/** Whether an email is a project's Compute Engine default service account, shared by everything that names no account. */
export const isComputeDefaultAccount = (email: string): boolean => email.endsWith(computeDefaultDomain);
