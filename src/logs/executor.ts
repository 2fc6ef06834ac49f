/**
 * Runs the planned sections concurrently under one deadline. One section failing never fails the
 * finding: it reports `error`, and the summary becomes `partial`.
 */
import { DeadlineExceeded, startDeadline, withDeadline } from '../deadline';
import { describeError, isRetryable } from '../errors';
import type { SectionName, SectionPlan } from '../plan/section';
import type { TimeWindow } from '../plan/window';
import { type Excerpt, toExcerpt } from './excerpt';
import type { LogEntry, LogSource } from './port';

/** Section outcomes. */
export const sectionStatuses = ['ok', 'empty', 'truncated', 'error', 'skipped'] as const;
/** One of {@link sectionStatuses}. */
export type SectionStatus = (typeof sectionStatuses)[number];

/** A section as the summary reports it. */
export interface SectionReport {
  readonly name: SectionName;
  readonly status: SectionStatus;
  readonly filter?: string;
  readonly resourceNames: string[];
  readonly window: TimeWindow;
  readonly explorerUrl?: string;
  /** Entries returned by the query (at most the page size). */
  readonly matched: number;
  /** The newest entries, as excerpts. */
  readonly entries: Excerpt[];
  readonly error?: string;
  readonly retryable?: boolean;
  readonly reason?: string;
}

/** A section's report plus the full entries, for evidence analysis. */
export interface SectionResult {
  readonly report: SectionReport;
  readonly entries: readonly LogEntry[];
}

/** Limits for one run. */
export interface RunLimits {
  readonly pageSize: number;
  readonly excerpts: number;
  readonly deadlineMs: number;
}

/** Runs every planned section; skipped plans are reported as they are. */
export async function runSections(plans: readonly SectionPlan[], source: LogSource, limits: RunLimits): Promise<SectionResult[]> {
  const deadline = startDeadline(limits.deadlineMs);
  try {
    return await Promise.all(plans.map((plan) => runOne(plan, source, limits, deadline.signal)));
  } finally {
    deadline.clear();
  }
}

async function runOne(plan: SectionPlan, source: LogSource, limits: RunLimits, signal: AbortSignal): Promise<SectionResult> {
  if (plan.status === 'skipped') {
    const { name, reason, window } = plan;
    return { report: { name, status: 'skipped', resourceNames: [...plan.resourceNames], window, matched: 0, entries: [], reason }, entries: [] };
  }
  const base = { name: plan.name, filter: plan.filter, resourceNames: [...plan.resourceNames], window: plan.window, explorerUrl: plan.explorerUrl };
  try {
    const page = await withDeadline(source.list({ resourceNames: plan.resourceNames, filter: plan.filter, expr: plan.expr, pageSize: limits.pageSize }, signal), signal);
    const status: SectionStatus = page.truncated ? 'truncated' : page.entries.length === 0 ? 'empty' : 'ok';
    const entries = page.entries.slice(0, limits.excerpts).map(toExcerpt);
    return { report: { ...base, status, matched: page.entries.length, entries }, entries: page.entries };
  } catch (error) {
    const reason = signal.aborted && signal.reason instanceof DeadlineExceeded ? signal.reason : error;
    const retryable = isRetryable(reason);
    return { report: { ...base, status: 'error', matched: 0, entries: [], error: describeError(reason), retryable }, entries: [] };
  }
}
