/**
 * Runs the planned sections of one finding concurrently under one deadline, each reading outward
 * from detection through the instance's LogReader (see `read-plan.ts`), plus one indicator query
 * per log section. One section failing never fails the finding: it reports `error` with what it
 * did read, and the summary becomes `partial`.
 */
import { DeadlineExceeded, startDeadline, withDeadline } from '../lib/deadline';
import { TriageError, describeError, isRetryable } from '../errors';
import { offsetFrom, compareNanos, timestampNanos } from '../lib/time';
import type { SectionName, PlannedSection, SectionPlan } from '../plan/section';
import { evaluate } from '../query/evaluator';
import { type SectionExcerpt, toExcerpt } from './excerpt';
import type { Coverage, SectionReport } from './section-report';
import { type Interval, entryNanos, parseRange, toTextRange } from './interval';
import type { LogEntry } from './port';
import { rankEntries } from './rank';
import { type Direction, type DirectionState, type StopReason, afterAnswer, directionsAround, nextStep, sectionCoverage, startState } from './read-plan';
import type { LogReader } from './reader';

/** A section's report plus every entry read (newest first), for evidence analysis. */
export interface SectionResult {
  readonly report: SectionReport;
  readonly entries: readonly LogEntry[];
}

/** Limits for one run. */
export interface RunLimits {
  readonly excerpts: number;
  readonly deadlineMs: number;
  /** Pages each direction of a section may read, the first included. */
  readonly maxPages: number;
}

/** What one read of a section brought back. */
interface Part {
  readonly entries: readonly LogEntry[];
  readonly state?: DirectionState;
  readonly stop?: StopReason;
  readonly indicator?: boolean;
  readonly error?: unknown;
}

/** Runs every planned section; skipped plans are reported as they are. */
export async function runSections(plans: readonly SectionPlan[], reader: LogReader, limits: RunLimits): Promise<SectionResult[]> {
  const deadline = startDeadline(limits.deadlineMs);
  try {
    return await Promise.all(plans.map((plan) => runOne(plan, reader, limits, deadline.signal)));
  } finally {
    deadline.clear();
  }
}

async function runOne(plan: SectionPlan, reader: LogReader, limits: RunLimits, signal: AbortSignal): Promise<SectionResult> {
  if (plan.status === 'skipped') {
    const { name, reason, window } = plan;
    return { report: { name, status: 'skipped', resourceNames: [...plan.resourceNames], window, matched: 0, entries: [], reason }, entries: [] };
  }
  const window = parseRange(plan.window.start, plan.window.end);
  const detection = timestampNanos(plan.detection) ?? window.to;
  const context = { reader, maxPages: limits.maxPages, notAfter: Date.now() + limits.deadlineMs, signal };
  const reads: Promise<Part>[] = directionsAround(window, detection).map((direction) => readDirection(plan, direction, context));
  if (plan.indicatorSelector !== undefined) reads.push(readIndicators(plan, plan.indicatorSelector, window, context));
  const parts = await Promise.all(reads);
  return plan.followUp === true ? followUpReport(plan, parts, detection, limits) : reportOf(plan, parts, detection, limits);
}

/**
 * A follow-up section reads on spare budget, in what is left of the deadline, so a read it got no
 * budget or time for is no error: with nothing read it is `skipped` (`budget` or `deadline`); with
 * some read, it is cut short there, as a widening is.
 */
function followUpReport(plan: PlannedSection, parts: readonly Part[], detection: bigint, limits: RunLimits): SectionResult {
  const stopOf = (part: Part): 'budget' | 'deadline' | undefined => (part.error instanceof ReadBudgetExhausted ? 'budget' : part.error instanceof DeadlineExceeded ? 'deadline' : undefined);
  if (parts.every((part) => part.entries.length === 0 && stopOf(part) !== undefined)) {
    const { name, window } = plan;
    const reason = parts.some((part) => stopOf(part) === 'budget') ? 'budget' : 'deadline';
    return { report: { name, status: 'skipped', resourceNames: [...plan.resourceNames], window, matched: 0, entries: [], reason }, entries: [] };
  }
  return reportOf(
    plan,
    parts.map((part) => {
      const stop = stopOf(part);
      return stop === undefined ? part : { ...part, error: undefined, stop };
    }),
    detection,
    limits,
  );
}

/** What every read of one finding shares. */
interface ReadContext {
  readonly reader: LogReader;
  readonly maxPages: number;
  /** The finding's deadline, epoch ms. */
  readonly notAfter: number;
  readonly signal: AbortSignal;
}

/** Audit logs hold a few entries per workload: their first pages share with other sparse reads. */
const sparseSections: ReadonlySet<SectionName> = new Set(['cluster_audit', 'run_audit']);

/** No token of the read budget comes back before the deadline: the read was never made. */
export class ReadBudgetExhausted extends TriageError {
  readonly retryable = true;
}

const noBudget = () => new ReadBudgetExhausted('no read budget (READ_QUOTA_PER_MINUTE) came back before the deadline');

async function readDirection(plan: PlannedSection, direction: Direction, context: ReadContext): Promise<Part> {
  const { reader, signal } = context;
  let state = startState(direction, sparseSections.has(plan.name) ? 0 : undefined);
  let declined = false;
  const entries: LogEntry[] = [];
  try {
    for (;;) {
      const step = nextStep(state, context.maxPages, declined);
      if (step.kind !== 'read') return { entries, state, ...(step.kind === 'stop' ? { stop: step.reason } : {}) };
      const request = {
        resourceNames: plan.resourceNames,
        selector: plan.selector,
        range: step.range,
        order: direction.order,
        estimate: step.estimate,
        essential: step.essential && plan.followUp !== true,
        ...(plan.followUp === true ? { followUp: true as const } : {}),
        notAfter: context.notAfter,
      };
      const answer = await withDeadline(reader.read(request, signal), signal);
      entries.push(...answer.entries);
      declined = answer.declined;
      if (declined && state.pages === 0) return { entries, state, error: noBudget() };
      if (!declined) state = afterAnswer(state, answer, reader.pageSize);
    }
  } catch (error) {
    return { entries, state, error: reasonOf(error, signal) };
  }
}

/** One page of lines naming an indicator, anywhere in the window, however chatty the workload. */
async function readIndicators(plan: PlannedSection, selector: NonNullable<PlannedSection['indicatorSelector']>, window: Interval, context: ReadContext): Promise<Part> {
  try {
    const request = {
      resourceNames: plan.resourceNames,
      selector,
      range: window,
      order: 'desc' as const,
      estimate: 0,
      essential: plan.followUp !== true,
      notAfter: context.notAfter,
      ...(plan.followUp === true ? { followUp: true as const } : {}),
    };
    const answer = await withDeadline(context.reader.read(request, context.signal), context.signal);
    if (answer.declined) return { entries: [], indicator: true, error: noBudget() };
    return { entries: answer.entries, indicator: true };
  } catch (error) {
    return { entries: [], indicator: true, error: reasonOf(error, context.signal) };
  }
}

const reasonOf = (error: unknown, signal: AbortSignal): unknown => (signal.aborted && signal.reason instanceof DeadlineExceeded ? signal.reason : error);

const entryKey = (entry: LogEntry): string => `${String(entry.logName ?? '')}|${String(entry.insertId ?? '')}|${String(entry.timestamp ?? '')}`;

function reportOf(plan: PlannedSection, parts: readonly Part[], detection: bigint, limits: RunLimits): SectionResult {
  const byKey = new Map<string, LogEntry>();
  for (const part of parts) for (const entry of part.entries) byKey.set(entryKey(entry), entry);
  const indicatorKeys = new Set(parts.filter((p) => p.indicator).flatMap((p) => p.entries.map(entryKey)));
  const entries = [...byKey.values()];
  const selector = plan.indicatorSelector;
  const indicatorEntries = new Set(entries.filter((entry) => indicatorKeys.has(entryKey(entry)) || (selector !== undefined && evaluate(selector, entry))));
  const isIndicator = (entry: LogEntry) => indicatorEntries.has(entry);
  const ranked = rankEntries(entries, detection, isIndicator).slice(0, limits.excerpts);
  const excerpts = ranked.map((entry) => excerptOf(entry, plan.detection, isIndicator(entry)));
  const states = parts.flatMap((p) => (p.state === undefined ? [] : [p.state]));
  const covered = sectionCoverage(states);
  const complete = states.every((s) => s.rest === undefined);
  const coverage: Coverage = { ...(covered === undefined ? {} : toTextRange(covered)), complete };
  const base = {
    name: plan.name,
    filter: plan.filter,
    resourceNames: [...plan.resourceNames],
    window: plan.window,
    explorerUrl: plan.explorerUrl,
    matched: entries.length,
    coverage,
    entries: excerpts,
  };
  const newestFirst = rankByTime(entries);
  const failed = parts.find((p) => p.error !== undefined);
  if (failed !== undefined) {
    return { report: { ...base, status: 'error', error: describeError(failed.error), retryable: isRetryable(failed.error) }, entries: newestFirst };
  }
  if (complete) return { report: { ...base, status: entries.length === 0 ? 'empty' : 'ok' }, entries: newestFirst };
  return { report: { ...base, status: 'truncated', reason: truncationReason(parts, limits.maxPages) }, entries: newestFirst };
}

function excerptOf(entry: LogEntry, detection: string, indicator: boolean): SectionExcerpt {
  const excerpt = toExcerpt(entry);
  return { ...excerpt, offset: offsetFrom(detection, excerpt.timestamp), ...(indicator ? { indicator: true as const } : {}) };
}

function rankByTime(entries: readonly LogEntry[]): LogEntry[] {
  return [...entries].sort((a, b) => compareNanos(entryNanos(b), entryNanos(a)));
}

const stopText: Readonly<Record<StopReason, (maxPages: number) => string>> = {
  page_limit: (maxPages) => `reached the limit of ${maxPages} pages per direction (SECTION_MAX_PAGES)`,
  budget: () => 'no read budget left for more (READ_QUOTA_PER_MINUTE): spare budget only for widening, and none after the deadline',
  deadline: () => "the finding's deadline (DEADLINE) ended the reads",
};

function truncationReason(parts: readonly Part[], maxPages: number): string {
  const stops = [...new Set(parts.flatMap((p) => (p.stop === undefined ? [] : [p.stop])))];
  const why = stops.length === 0 ? 'the search did not finish' : stops.map((stop) => stopText[stop](maxPages)).join('; ');
  return `read part of the window, outward from detection (see coverage): ${why}`;
}
