/**
 * Who a GKE pod acts as. The pod's `create` entry gives its Kubernetes service account and whether
 * it runs on the host network; the cluster's spec (Container API, when it could be read) says
 * whether the pod's node pool serves the GKE metadata server. With it, the pod acts as its Workload
 * Identity Federation principal (and any Google service account bound to the KSA); without it, or
 * on the host network, as the node's service account.
 */
import { asRecord, fieldAt, nonEmptyString } from '../lib/defined';
import { oneLine } from '../lib/sanitize';
import type { LogEntry } from '../logs/port';
import type { Finding } from '../notification/schema';
import type { GkeWorkload } from '../notification/workload';
import { isValidName } from '../plan/names';
import type { ClusterSpec, NodePoolSpec } from '../specs/port';
import type { SpecAnswer } from './spec-lookup';
import { type IdentityLookup, computeDefaultAccount, insertIdOf, newestCall, unknown } from './identity';

/** What the pod's create entry says, or why it says nothing. */
type PodSpecLookup = { readonly found: true; readonly ksa: string; readonly hostNetwork: boolean; readonly entry: LogEntry } | { readonly found: false; readonly reason: string };

/** The pod spec of a create entry: as admitted (the response), else as asked (the request). */
const specOf = (proto: Record<string, unknown> | undefined): Record<string, unknown> | undefined => asRecord(fieldAt(proto?.response, 'spec')) ?? asRecord(fieldAt(proto?.request, 'spec'));

function podSpecLookup(w: GkeWorkload & { namespace: string; pod: string }, entries: readonly LogEntry[], detection: string): PodSpecLookup {
  const creates = [`core/v1/namespaces/${w.namespace}/pods/${w.pod}`];
  const method = /^io\.k8s\.core\.v1\.pods\.create$/;
  // An entry with the pod spec first: an export can hold a create entry at Metadata level beside one at Request level.
  const withSpec = entries.filter((entry) => specOf(asRecord(entry.protoPayload)) !== undefined);
  const create = newestCall(withSpec, method, creates, detection) ?? newestCall(entries, method, creates, detection);
  if (create === undefined) return { found: false, reason: "the pod's create entry is not in the audit log read (it may be older than the window)" };
  const spec = specOf(asRecord(create.protoPayload));
  if (spec === undefined) return { found: false, reason: "the pod's create entry carries no pod spec" };
  // Kubernetes gives a pod that names none the namespace's `default` service account.
  const ksa = nonEmptyString(spec.serviceAccountName) ?? nonEmptyString(spec.serviceAccount) ?? 'default';
  if (!isValidName('kubernetesServiceAccount', ksa)) return { found: false, reason: `the pod spec's service account ${JSON.stringify(oneLine(ksa, 80))} is not a valid Kubernetes name` };
  return { found: true, ksa, hostNetwork: spec.hostNetwork === true, entry: create };
}

/** The node pool the finding puts the pod on: the pool listing the pod's node, else the only pool named. */
export function nodePoolOf(finding: Finding, node: string | undefined): string | undefined {
  const pools = finding.kubernetes?.nodePools ?? [];
  const byNode = node === undefined ? undefined : pools.find((pool) => (pool.nodes ?? []).some((n) => n.name?.split('/').pop() === node));
  const name = byNode?.name ?? (pools.length === 1 ? pools[0]?.name : undefined);
  return name === undefined ? undefined : name.split('/').pop();
}

/**
 * The pool whose name the node's carries, when the finding names no pool: GKE names a node
 * `gke-CLUSTER-POOL-HASH-SUFFIX`. Only one pool may match; a truncated name matches none.
 */
function poolByNodeName(pools: readonly NodePoolSpec[], w: GkeWorkload): NodePoolSpec | undefined {
  const { node } = w;
  if (node === undefined) return undefined;
  const matching = pools.filter((pool) => {
    const prefix = `gke-${w.cluster}-${pool.name}-`;
    return node.startsWith(prefix) && nodeSuffix.test(node.slice(prefix.length));
  });
  return matching.length === 1 ? matching[0] : undefined;
}

/** What GKE puts after the pool in a node's name: the instance group's hash and the instance's suffix. */
const nodeSuffix = /^[0-9a-f]{8}-[a-z0-9]{4}$/;

/**
 * Whether the pool's pods reach the GKE metadata server. A pool that states no mode does not:
 * turning Workload Identity on for a cluster leaves its existing pools as they were, and pools
 * made afterwards state GKE_METADATA. Autopilot always serves it.
 */
const servesWorkloadIdentity = (cluster: ClusterSpec, pool: NodePoolSpec): boolean => cluster.autopilot || pool.metadataMode === 'GKE_METADATA';

/** The pools that may run the pod: the one the finding or the node's name names, else every pool; or the named pool the spec lacks. */
function candidatePools(cluster: ClusterSpec, nodePool: string | undefined, w: GkeWorkload): { readonly pools: readonly NodePoolSpec[] } | { readonly missing: string } {
  const pools = cluster.nodePools;
  if (nodePool !== undefined) {
    const named = pools.find((p) => p.name === nodePool);
    return named === undefined ? { missing: nodePool } : { pools: [named] };
  }
  const byName = poolByNodeName(pools, w);
  return { pools: byName === undefined ? pools : [byName] };
}

/** Finds the pod's identity from its create entry and, when read, the cluster's spec. */
export function gkeIdentity(w: GkeWorkload, entries: readonly LogEntry[], detection: string, cluster: SpecAnswer<ClusterSpec>, nodePool: string | undefined): IdentityLookup {
  const { namespace, pod } = w;
  if (namespace === undefined || pod === undefined) return unknown('the finding names no pod');
  if (!isValidName('project', w.projectId) || !isValidName('namespace', namespace)) return unknown('the finding names no valid project and namespace');
  const podSpec = podSpecLookup({ ...w, namespace, pod }, entries, detection);
  if (cluster.kind === 'unavailable') return assumedWorkloadIdentity(w, namespace, podSpec, cluster.reason);
  const candidates = candidatePools(cluster.spec, nodePool, w);
  if ('missing' in candidates) return unknown(`the finding's node pool ${JSON.stringify(oneLine(candidates.missing, 80))} is not in the cluster's spec as read now (deleted since detection?)`);
  const { pools } = candidates;
  const onHost = podSpec.found && podSpec.hostNetwork;
  const served = pools.map((p) => servesWorkloadIdentity(cluster.spec, p));
  if (!onHost && pools.length > 0 && served.every(Boolean)) {
    if (!podSpec.found) return unknown(podSpec.reason);
    return workloadIdentityOf(w, namespace, podSpec, cluster.spec.workloadPool, undefined);
  }
  const [first] = pools;
  if (first === undefined) return unknown("the cluster's spec lists no node pool");
  if (!onHost && served.some(Boolean)) return unknown('the finding does not say which node pool runs the pod, and the pools differ on Workload Identity');
  const pool = pools.length === 1 ? first : pools.every((p) => p.serviceAccount === first.serviceAccount) ? { ...first, name: '(every pool)' } : undefined;
  const poolName = pool?.name ?? '(every pool)';
  const stated = pools.every((p) => p.metadataMode === 'GCE_METADATA');
  const why = onHost
    ? 'the pod runs on the host network'
    : stated
      ? `node pool ${poolName} has no GKE metadata server`
      : `node pool ${poolName} states no metadata mode (a pool older than the cluster's Workload Identity)`;
  return nodeIdentity(w, pool, why);
}

function assumedWorkloadIdentity(w: GkeWorkload, namespace: string, podSpec: PodSpecLookup, why: string): IdentityLookup {
  if (!podSpec.found) return unknown(podSpec.reason);
  if (podSpec.hostNetwork) return unknown(`the pod runs on the host network, so it acts as its node's service account, and the cluster's spec could not be read (${why})`);
  const caveat = `Workload Identity Federation is assumed: the cluster's spec could not be read (${why}); on a node pool without the GKE metadata server the pod acts as the node's service account instead`;
  return workloadIdentityOf(w, namespace, podSpec, undefined, caveat);
}

function workloadIdentityOf(w: GkeWorkload, namespace: string, podSpec: PodSpecLookup & { found: true }, clusterPool: string | undefined, caveat: string | undefined): IdentityLookup {
  const ownPool = `${w.projectId}.svc.id.goog`;
  const pool = clusterPool ?? ownPool;
  const numbered = w.projectNumber !== undefined && isValidName('projectNumber', w.projectNumber);
  // A fleet's pool lives in the fleet host project, whose number the finding does not give: only a bound account's calls can be matched.
  const principalSubject =
    pool === ownPool && numbered ? `principal://iam.googleapis.com/projects/${w.projectNumber}/locations/global/workloadIdentityPools/${pool}/subject/ns/${namespace}/sa/${podSpec.ksa}` : undefined;
  if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]\.svc\.id\.goog$/.test(pool)) return unknown(`the cluster's workload pool ${JSON.stringify(oneLine(pool, 80))} is not a valid pool name`);
  if (principalSubject === undefined && pool === ownPool) return unknown('the finding gives no project number for the Workload Identity pool');
  const delegationSubject = `serviceAccount:${pool}[${namespace}/${podSpec.ksa}]`;
  const note = pool === ownPool ? caveat : `the cluster uses the fleet pool ${pool}, whose project number is not known: only calls of Google service accounts bound to the KSA are read`;
  return {
    found: true,
    identity: {
      principal: principalSubject ?? delegationSubject,
      source: 'gke_pod_create',
      ...insertIdOf(podSpec.entry),
      kubernetesServiceAccount: `${namespace}/${podSpec.ksa}`,
      ...(principalSubject === undefined ? {} : { principalSubject }),
      delegationSubject,
      ...(note === undefined ? {} : { caveat: note }),
    },
  };
}

function nodeIdentity(w: GkeWorkload, pool: NodePoolSpec | undefined, why: string): IdentityLookup {
  if (pool === undefined) return unknown(`${why}, and the finding does not say which node pool (with differing service accounts) runs the pod`);
  const email = pool.serviceAccount === undefined || pool.serviceAccount === 'default' ? computeDefaultAccount(w) : pool.serviceAccount;
  if (email === undefined) return unknown(`${why}; its nodes run as the Compute Engine default service account, and the finding gives no project number`);
  if (!isValidName('serviceAccountEmail', email)) return unknown(`node pool ${pool.name}'s service account ${JSON.stringify(oneLine(email, 80))} is not a valid service account email`);
  return {
    found: true,
    identity: {
      principal: email,
      source: 'gke_node_pool',
      serviceAccountEmail: email,
      nodePool: oneLine(pool.name, 80),
      caveat: `${why} (the cluster's spec as read at triage), so the pod acts as the node's service account, which every such node and pod shares: not every call below is the workload's`,
    },
  };
}
