/** Runs the related-findings lookup under a deadline; a failure is reported, never thrown. */
import { z } from 'zod';
import { startDeadline, withDeadline } from '../lib/deadline';
import { describeError, isRetryable } from '../errors';
import type { Notification } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { timeWindowSchema, windowAround } from '../lib/time';
import { scopeOf } from './match';
import { type FindingSource, relatedFindingSchema } from './port';

/** Statuses of the related-findings block. */
export const relatedStatuses = ['ok', 'empty', 'error', 'skipped'] as const;

/** The related-findings block of the summary: this stage's part of the output contract. */
export const relatedReportSchema = z.object({
  status: z.enum(relatedStatuses).describe('ok (related findings found), empty (none), error (the lookup failed), skipped (no finding source; see reason).'),
  source: z.string().optional().describe('Where related findings were looked up (security-center, local-findings).'),
  window: timeWindowSchema.describe('The time window searched.'),
  findings: z.array(relatedFindingSchema).describe('Other findings on the same workload in the window, newest first.'),
  error: z.string().optional().describe('Why the lookup failed (status error).'),
  retryable: z.boolean().optional().describe('Whether a later lookup could succeed (status error).'),
  reason: z.string().optional().describe('Why the lookup was skipped.'),
});

/** The related-findings block, as {@link relatedReportSchema} describes it. */
export type RelatedReport = Readonly<z.infer<typeof relatedReportSchema>>;

/** Looks up findings on the same workload within `windowMs` either side of detection. */
export async function findRelated(notification: Notification, workload: Workload, source: FindingSource | undefined, windowMs: number, deadlineMs: number): Promise<RelatedReport> {
  const { finding } = notification;
  const window = windowAround(finding.eventTime, windowMs, windowMs);
  if (source === undefined) return { status: 'skipped', window, findings: [], reason: 'no finding source configured (FINDING_SOURCE, or --findings PATH)' };
  const scope = scopeOf(finding.name);
  if (scope === undefined) return { status: 'skipped', source: source.name, window, findings: [], reason: 'the finding name names no organization, folder or project' };
  const deadline = startDeadline(deadlineMs);
  try {
    const query = {
      scope,
      resourceName: finding.resourceName,
      findingName: finding.name,
      window,
      ...(workload.platform === 'gke' && workload.pod !== undefined ? { pod: workload.pod } : {}),
      ...(workload.platform === 'gke' && workload.namespace !== undefined ? { namespace: workload.namespace } : {}),
    };
    const findings = await withDeadline(source.list(query, deadline.signal), deadline.signal);
    return { status: findings.length === 0 ? 'empty' : 'ok', source: source.name, window, findings: findings.slice(0, 50) };
  } catch (error) {
    return { status: 'error', source: source.name, window, findings: [], error: describeError(error), retryable: isRetryable(error) };
  } finally {
    deadline.clear();
  }
}
