/**
 * The triage engine: one notification in, one result out. Pure but for the LogSource port, so the
 * function and the CLI share it whole and differ only in adapters.
 */
import type { Config } from './config';
import { type InScope, type Skipped, classify } from './notification/classify';
import { type DecodedNotification, decodeNotification } from './notification/decode';
import { reanalyzeAttribute } from './notification/envelope';
import { type Workload, extractWorkload } from './notification/workload';
import type { LogSource } from './logs/port';
import type { FindingSource } from './related/port';
import { findRelated } from './related/run';
import { type SectionResult, runSections } from './logs/executor';
import { type LogReader, createLogReader } from './logs/reader';
import { planSections } from './plan/index';
import { logIndicatorsOf } from './evidence/log-indicators';
import type { SectionPlan } from './plan/section';
import { boundSummary } from './summary/bound';
import { buildSummary } from './summary/build';
import type { Summary } from './summary/schema';
import { analyseEvidence } from './evidence';
import { networkOf } from './evidence/processes';
import { followIdentity, prefetchPodCreate, prefetchSpecs } from './identity/index';
import type { WorkloadSpecSource } from './specs/port';
import { sweepIndicators } from './sweep/index';

/** What the engine needs from outside. */
export interface EnginePorts {
  readonly logs: LogSource;
  /**
   * The instance's coalescing, budgeted reader over `logs`. The function and the CLI pass one per
   * process so concurrent findings share calls and quota; without it each triage gets its own.
   */
  readonly reader?: LogReader | undefined;
  /** Related findings; without it the related-findings block is `skipped`. */
  readonly findings?: FindingSource | undefined;
  /** The read APIs for a workload's identity settings; without them the identity rests on the logs alone. */
  readonly specs?: WorkloadSpecSource | undefined;
  readonly now: () => Date;
}

/** The engine's answer: a summary to publish, or why there is none. */
export type TriageResult = { readonly kind: 'skipped'; readonly reason: string; readonly findingName: string } | { readonly kind: 'triage' | 'update'; readonly summary: Summary };

/** A notification taken as far as planning, without reading any log: skipped, or in scope with its workload. */
export type TriagePlan =
  | { readonly decoded: DecodedNotification; readonly classification: Skipped; readonly sections: readonly [] }
  | { readonly decoded: DecodedNotification; readonly classification: InScope; readonly workload: Workload; readonly sections: readonly SectionPlan[] };

// Defined beside the delivery metadata it is read from, so the CLI's replay need not load the engine.
export { reanalyzeAttribute };

/**
 * Decodes, classifies and plans. Updates and skipped notifications plan no sections.
 * @throws InvalidNotificationError for input that is not a valid notification.
 */
export function planTriage(input: unknown, config: Config): TriagePlan {
  const decoded = decodeNotification(input);
  const classification = classify(decoded.notification);
  if (classification.kind === 'skipped') return { decoded, classification, sections: [] };
  const workload = extractWorkload(decoded.notification);
  // classify() already parsed the resource name; this only restates it for the types.
  if (workload === undefined) return { decoded, classification: { kind: 'skipped', reason: 'resource is neither a GKE cluster nor a Cloud Run service or job' }, sections: [] };
  const { finding } = decoded.notification;
  const indicators = logIndicatorsOf(finding).map((indicator) => indicator.needle);
  const sections = classification.kind === 'triage' ? planSections(workload, finding.eventTime, config, indicators) : [];
  return { decoded, classification, workload, sections };
}

/**
 * Triages one notification: plan, read the logs, build and bound the summary.
 * @throws InvalidNotificationError for invalid input; log failures only make the summary partial.
 */
export async function triage(input: unknown, ports: EnginePorts, config: Config): Promise<TriageResult> {
  return completeTriage(planTriage(input, config), ports, config);
}

/** Reads the logs of an already-made plan and builds the summary. */
export async function completeTriage(plan: TriagePlan, ports: EnginePorts, config: Config): Promise<TriageResult> {
  // A plan has its workload exactly when it is in scope.
  if (!('workload' in plan)) {
    return { kind: 'skipped', reason: plan.classification.reason, findingName: plan.decoded.notification.finding.name };
  }
  const { decoded, classification, workload } = plan;
  const reader = ports.reader ?? readerFor(ports.logs, config);
  // What needs nothing from the workload's sections reads beside them: the sweep, and an old pod's create entry.
  const early = classification.kind === 'triage' ? startFollowUp(plan, reader, ports.specs, config) : undefined;
  const [workloadSections, related] = await Promise.all([
    runSections(plan.sections, reader, { excerpts: config.sectionExcerpts, deadlineMs: config.deadlineMs, maxPages: config.sectionMaxPages }),
    classification.kind === 'triage' ? findRelated(decoded.notification, workload, ports.findings, config.relatedWindowMs, config.deadlineMs) : Promise.resolve(undefined),
  ]);
  const { identity, sweep } = early === undefined ? {} : await early(workloadSections);
  const sections = identity === undefined || sweep === undefined ? workloadSections : [...workloadSections, identity.section, sweep.section];
  const evidence = analyseEvidence({
    notification: decoded.notification,
    classification,
    workload,
    sections,
    related,
    maskSecrets: config.maskSecrets,
    judgement: config,
    identity: identity?.report,
    blastRadius: sweep?.blastRadius,
  });
  const warnings = [...decoded.warnings.map((message) => ({ source: 'notification' as const, message })), ...(ports.logs.warnings?.() ?? []).map((message) => ({ source: 'logs' as const, message }))];
  const summary = buildSummary({
    notification: decoded.notification,
    meta: decoded.meta,
    classification,
    workload,
    evidence,
    related,
    triagedAt: ports.now(),
    reanalysis: isReanalysis(plan),
    warnings,
  });
  return { kind: classification.kind, summary: boundSummary(summary, config.maxMessageBytes) };
}

/**
 * The follow-up stage, within the finding's deadline, on spare budget: the sweep (who else talked
 * to the attacker's addresses), an old pod's create entry and the cluster's spec start at once,
 * beside the workload's sections; what the identity did is read once those sections have named it.
 */
function startFollowUp(plan: TriagePlan & { readonly workload: Workload }, reader: LogReader, specs: WorkloadSpecSource | undefined, config: Config) {
  const started = Date.now();
  const { finding } = plan.decoded.notification;
  const family = plan.classification.kind === 'skipped' ? 'other_runtime_threat' : plan.classification.family;
  const network = networkOf(finding, family);
  const sweeping = sweepIndicators(plan.workload, finding, reader, config.deadlineMs, config, network?.srcIp);
  // Awaited below; if the finding fails before that, its rejection must not be unhandled.
  sweeping.catch(() => undefined);
  const prefetched = prefetchPodCreate(plan.workload, finding, reader, config.deadlineMs, config);
  const early = prefetchSpecs(plan.workload, specs, config.deadlineMs);
  return async (sections: readonly SectionResult[]) => {
    const remainingMs = config.deadlineMs - (Date.now() - started);
    const destination = network?.dstIp;
    const identity = await followIdentity({ workload: plan.workload, finding, sections, destination, reader, remainingMs, config, prefetched, early, specs });
    return { identity, sweep: await sweeping };
  };
}

/** A reader over `source` with the configured page size, batch window and read quota. */
export function readerFor(source: LogSource, config: Config): LogReader {
  return createLogReader(source, { pageSize: config.sectionMaxEntries, batchWindowMs: config.readBatchWindowMs, quotaPerMinute: config.readQuotaPerMinute });
}

/** True when the delivery asks for a fresh triage (`reanalyze=true`). */
export function isReanalysis(plan: TriagePlan): boolean {
  return plan.decoded.meta.attributes[reanalyzeAttribute] === 'true';
}
