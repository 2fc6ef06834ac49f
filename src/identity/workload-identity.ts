/**
 * Who the workload acts as in Google Cloud, from what the audit log already says about it and,
 * where that is not enough, the read APIs: for GKE see gke-identity.ts; for Cloud Run, the deploy
 * entry (the revision's runtime service account), else run-api-identity.ts. Every name is checked
 * before it can reach a filter; one that is not a valid name of its kind leaves the identity
 * unknown, with the reason.
 */
import { asRecord, fieldAt as dig, nonEmptyString as str } from '../lib/defined';
import type { ClusterSpec } from '../specs/port';
import { gkeIdentity } from './gke-identity';
import { type IdentityLookup, computeDefaultAccount, insertIdOf, newestCall, unknown } from './identity';
import type { SpecAnswer } from './spec-lookup';
import { oneLine } from '../lib/sanitize';
import type { LogEntry } from '../logs/port';
import type { CloudRunJobWorkload, CloudRunServiceWorkload, Workload } from '../notification/workload';
import { runResourceNames, runTargetOf } from '../plan/cloud-run';
import { isValidName } from '../plan/names';

/** What the read APIs said, for the platforms whose identity needs them before the logs are read. */
export interface SpecFacts {
  /** GKE: the cluster's spec, or why it could not be read. */
  readonly cluster: SpecAnswer<ClusterSpec>;
  /** GKE: the node pool the finding puts the pod on. */
  readonly nodePool?: string | undefined;
}

/** Finds the identity from the audit entries read for the workload (and, for GKE, the cluster's spec), as it was at `detection`. */
export function identityOf(workload: Workload, entries: readonly LogEntry[], detection: string, facts: SpecFacts): IdentityLookup {
  switch (workload.platform) {
    case 'gke':
      return gkeIdentity(workload, entries, detection, facts.cluster, facts.nodePool);
    case 'cloud_run_service':
    case 'cloud_run_job':
      return cloudRunIdentity(workload, entries, detection);
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
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
  const { collection, name } = runTargetOf(w);
  const methods = collection === 'services' ? /\.(CreateService|ReplaceService|UpdateService)$/ : /\.(CreateJob|ReplaceJob|UpdateJob)$/;
  const deploy = newestCall(entries, methods, runResourceNames(w, collection, name.value), detection);
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
  const fallback = computeDefaultAccount(w);
  if (fallback === undefined) return unknown('the deploy entry names no service account and the finding gives no project number');
  return { found: true, identity: { principal: fallback, source: 'cloud_run_default', ...fromInsertId, serviceAccountEmail: fallback } };
}
