/**
 * The naive plan, the baseline every figure is compared with: what the code did before the reader.
 * One entries.list call per planned section, the newest page of the whole window (timestamp desc,
 * pageSize 1000), its newest entries as excerpts; the summary is then built by the project's own
 * builder, so excerpts and highlights are compared like for like.
 */
import type { Config } from '../src/config';
import { planTriage } from '../src/engine';
import { describeError, isRetryable } from '../src/errors';
import { offsetFrom } from '../src/lib/time';
import { toExcerpt } from '../src/logs/excerpt';
import type { SectionResult } from '../src/logs/executor';
import type { LogEntry, LogSource } from '../src/logs/port';
import type { SectionPlan } from '../src/plan/section';
import { boundSummary } from '../src/summary/bound';
import { buildSummary } from '../src/summary/build';
import type { Summary } from '../src/summary/schema';
import { analyseEvidence } from '../src/evidence';

/** What one naive triage did. */
export interface NaiveResult {
  readonly summary: Summary;
  readonly calls: number;
  /** Errors by description, one per section in error. */
  readonly errors: string[];
}

const naivePageSize = 1_000;

async function naiveSection(plan: SectionPlan, source: LogSource, config: Config, signal: AbortSignal): Promise<{ result: SectionResult; called: boolean; error?: string }> {
  if (plan.status === 'skipped') {
    const { name, reason, window } = plan;
    return { result: { report: { name, status: 'skipped', resourceNames: [...plan.resourceNames], window, matched: 0, entries: [], reason }, entries: [] }, called: false };
  }
  const base = { name: plan.name, filter: plan.filter, resourceNames: [...plan.resourceNames], window: plan.window, explorerUrl: plan.explorerUrl };
  try {
    const page = await source.list({ resourceNames: plan.resourceNames, filter: plan.filter, expr: plan.expr, pageSize: naivePageSize, order: 'desc' }, signal);
    const entries: readonly LogEntry[] = page.entries;
    const excerpts = entries.slice(0, config.sectionExcerpts).map((entry) => {
      const excerpt = toExcerpt(entry);
      return { ...excerpt, offset: offsetFrom(plan.detection, excerpt.timestamp) };
    });
    const status = page.truncated ? 'truncated' : entries.length === 0 ? 'empty' : 'ok';
    return { result: { report: { ...base, status, matched: entries.length, entries: excerpts }, entries }, called: true };
  } catch (error) {
    const reason = signal.aborted ? signal.reason : error;
    return {
      result: { report: { ...base, status: 'error', matched: 0, entries: [], error: describeError(reason), retryable: isRetryable(reason) }, entries: [] },
      called: true,
      error: describeError(reason),
    };
  }
}

/** Triages one notification the naive way over `source`, under the configured deadline. */
export async function naiveTriage(input: unknown, source: LogSource, config: Config): Promise<NaiveResult> {
  const plan = planTriage(input, config);
  if (!('workload' in plan)) throw new Error(`bench input was skipped: ${plan.classification.reason}`);
  const { classification, workload } = plan;
  const signal = AbortSignal.timeout(config.deadlineMs);
  const sections = await Promise.all(plan.sections.map((section) => naiveSection(section, source, config, signal)));
  const { notification, meta } = plan.decoded;
  const evidence = analyseEvidence({ notification, classification, workload, sections: sections.map((s) => s.result), maskSecrets: config.maskSecrets, judgement: config });
  const summary = buildSummary({ notification, meta, classification, workload, evidence, triagedAt: new Date(), reanalysis: false });
  return {
    summary: boundSummary(summary, config.maxMessageBytes),
    calls: sections.filter((s) => s.called).length,
    errors: sections.flatMap((s) => (s.error === undefined ? [] : [s.error])),
  };
}
