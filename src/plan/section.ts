/** The log sections: stable names, and what a plan for one looks like. */
import type { Expr } from '../query/ast';
import { and, anyFieldOf, render, timeBounds } from '../query/builder';
import { explorerUrl } from '../query/explorer';
import type { TimeWindow } from '../lib/time';

/** Section names. Downstream consumers and tests rely on them: never rename one. */
export const sectionNames = ['pod_logs', 'cluster_audit', 'node_logs', 'run_logs', 'run_audit', 'identity_activity', 'indicator_sweep'] as const;
/** One of {@link sectionNames}. */
export type SectionName = (typeof sectionNames)[number];

/** A section ready to run: its filter, where it reads, and its window. */
export interface PlannedSection {
  readonly name: SectionName;
  readonly status: 'planned';
  /** The full filter sent to Cloud Logging (selector AND time bounds). */
  readonly filter: string;
  /** The same filter as a tree, for the local evaluator. */
  readonly expr: Expr;
  /** The selector alone, without time bounds: reads add their own part of the window. */
  readonly selector: Expr;
  /**
   * The selector narrowed to lines that name one of the finding's indicators, for log (not audit)
   * sections when the finding has indicators.
   */
  readonly indicatorSelector?: Expr;
  /** The detection time, where reading starts. */
  readonly detection: string;
  /**
   * A follow-up section (what the workload's identity did): every read runs on spare budget only,
   * so under quota pressure it is skipped (`budget`), never at the expense of the workload's own sections.
   */
  readonly followUp?: true;
  readonly resourceNames: readonly string[];
  readonly window: TimeWindow;
  readonly explorerUrl: string;
}

/** A section that cannot run for this finding, and why. */
export interface SkippedSection {
  readonly name: SectionName;
  readonly status: 'skipped';
  readonly reason: string;
  readonly resourceNames: readonly string[];
  readonly window: TimeWindow;
}

/** Either kind of section plan. */
export type SectionPlan = PlannedSection | SkippedSection;

/** What a platform planner knows besides the workload. */
export interface PlanContext {
  readonly eventTime: string;
  readonly resourceNames: readonly string[];
  /** Set when the resource names are bucket views (for the Explorer link's storage scope). */
  readonly views: readonly string[] | undefined;
  readonly logsWindow: TimeWindow;
  readonly auditWindow: TimeWindow;
  /** Indicator texts from the finding (attacker-controlled: only ever quoted by the builder). */
  readonly indicators: readonly string[];
}

/** Sections that read workload logs; the others read audit logs and get no indicator query. */
const logSections: ReadonlySet<SectionName> = new Set(['pod_logs', 'node_logs', 'run_logs']);

/** Builds a planned section from its selector (no time bounds) and window. */
export function plannedSection(name: SectionName, selector: Expr, window: TimeWindow, context: PlanContext, projectId: string): PlannedSection {
  const clauses = selector.kind === 'and' ? selector.items : [selector];
  const expr: Expr = { kind: 'and', items: [...clauses, ...timeBounds(window.start, window.end)] };
  const indicatorSelector = logSections.has(name) && context.indicators.length > 0 ? and(...clauses, anyFieldOf(context.indicators)) : undefined;
  return {
    name,
    status: 'planned',
    filter: render(expr),
    expr,
    selector,
    ...(indicatorSelector === undefined ? {} : { indicatorSelector }),
    detection: context.eventTime,
    resourceNames: context.resourceNames,
    window,
    explorerUrl: explorerUrl({
      query: render(selector),
      start: window.start,
      end: window.end,
      cursor: context.eventTime,
      projectId,
      ...(context.views === undefined ? {} : { views: context.views }),
    }),
  };
}

/** Builds a skipped section. */
export function skippedSection(name: SectionName, reason: string, window: TimeWindow, context: PlanContext): SkippedSection {
  return { name, status: 'skipped', reason, resourceNames: context.resourceNames, window };
}
