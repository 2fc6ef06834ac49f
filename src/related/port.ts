/** The FindingSource port: other SCC findings on the same workload, for the playbook's "look for related findings". */

/** A related finding, as the summary reports it. */
export interface RelatedFinding {
  readonly name: string;
  readonly category: string;
  /** A severity as SCC sends it (CRITICAL, HIGH, …), or any newer value as it came. */
  readonly severity: string;
  readonly state: string;
  readonly eventTime: string;
  readonly pod?: string;
  readonly consoleUrl: string;
}

/** What to look for: findings on this resource (and pod), in this window, other than this one. */
export interface RelatedQuery {
  /** The SCC scope to list under: `organizations/O`, `folders/F` or `projects/P`. */
  readonly scope: string;
  readonly resourceName: string;
  readonly findingName: string;
  /** GKE: the pod and namespace the related findings must share. */
  readonly namespace?: string;
  readonly pod?: string;
  readonly window: { readonly start: string; readonly end: string };
}

/** Where related findings come from. */
export interface FindingSource {
  readonly name: string;
  /**
   * Lists related findings.
   * @throws UpstreamError when the source cannot answer.
   */
  list(query: RelatedQuery, signal: AbortSignal): Promise<RelatedFinding[]>;
}
