/** The FindingSource port: other SCC findings on the same workload, for the playbook's "look for related findings". */
import { z } from 'zod';
import type { TimeWindow } from '../lib/time';

/** A related finding, as the summary reports it: this stage's part of the output contract. */
export const relatedFindingSchema = z.object({
  name: z.string().describe("The related finding's resource name."),
  category: z.string().describe('Its category, as SCC sends it.'),
  severity: z.string().describe('A severity as SCC sends it (CRITICAL, HIGH, ...), or any newer value as it came.'),
  state: z.string().describe('ACTIVE or INACTIVE, as SCC sends it.'),
  eventTime: z.string().describe('When it was detected (RFC 3339).'),
  pod: z.string().optional().describe('GKE: the pod it names, when it names one.'),
  consoleUrl: z.string().describe('Its page in the Google Cloud console.'),
});

/** A related finding, as {@link relatedFindingSchema} describes it. */
export type RelatedFinding = Readonly<z.infer<typeof relatedFindingSchema>>;

/** What to look for: findings on this resource (and pod), in this window, other than this one. */
export interface RelatedQuery {
  /** The SCC scope to list under: `organizations/O`, `folders/F` or `projects/P`. */
  readonly scope: string;
  readonly resourceName: string;
  readonly findingName: string;
  /** GKE: the pod and namespace the related findings must share. */
  readonly namespace?: string;
  readonly pod?: string;
  readonly window: TimeWindow;
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
