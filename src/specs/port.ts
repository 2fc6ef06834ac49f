/**
 * The WorkloadSpecSource port: what the documented read APIs say of a workload's identity, for
 * what the audit log read does not hold. A GKE cluster's Workload Identity setting and its node
 * pools' service accounts (Container API `clusters.get`); a Cloud Run revision's, execution's,
 * service's or job's runtime service account (Cloud Run Admin API v2 `get`).
 */

/** A node pool: which service account its nodes run as, and whether pods reach the GKE metadata server. */
export interface NodePoolSpec {
  readonly name: string;
  /** The email, `default` (the Compute Engine default), or undefined when the API gave none (also the default). */
  readonly serviceAccount?: string | undefined;
  /** `GKE_METADATA` (Workload Identity Federation), `GCE_METADATA` (the node's service account), or what the API sent. */
  readonly metadataMode?: string | undefined;
}

/** A cluster, as far as its identity goes. */
export interface ClusterSpec {
  /** The Workload Identity pool, `PROJECT.svc.id.goog` (or a fleet's), when Workload Identity is on. */
  readonly workloadPool?: string | undefined;
  /** Autopilot always runs pods with Workload Identity Federation. */
  readonly autopilot: boolean;
  readonly nodePools: readonly NodePoolSpec[];
}

/** A Cloud Run resource's runtime service account. */
export interface RunSpec {
  /** Undefined or empty: the resource names none, so it runs as the Compute Engine default. */
  readonly serviceAccount?: string | undefined;
  /** When it was made (RFC 3339): a revision or execution made after detection is not what ran. */
  readonly createTime?: string | undefined;
  /** When the resource last changed (RFC 3339); a revision or execution never does. */
  readonly updateTime?: string | undefined;
  /** A service's or job's latest created revision or execution, which its template made. */
  readonly latestUnit?: { readonly name: string; readonly createTime?: string | undefined } | undefined;
}

/** Where workload specs come from. */
export interface WorkloadSpecSource {
  readonly name: string;
  /**
   * The cluster `projects/P/locations/L/clusters/C`; undefined when it does not exist.
   * @throws UpstreamError when the source cannot answer.
   */
  cluster(name: string, signal: AbortSignal): Promise<ClusterSpec | undefined>;
  /**
   * The Cloud Run resource `projects/P/locations/R/services/S[/revisions/V]` or `…/jobs/J[/executions/E]`; undefined when it does not exist.
   * @throws UpstreamError when the source cannot answer.
   */
  runResource(name: string, signal: AbortSignal): Promise<RunSpec | undefined>;
}
