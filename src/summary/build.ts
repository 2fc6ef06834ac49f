/** Assembles the schemaVersion 1 summary from the notification and the evidence analysed for it. */
import type { Evidence } from '../evidence';
import type { InScope } from '../notification/classify';
import type { DeliveryMeta } from '../notification/envelope';
import type { Notification } from '../notification/schema';
import { type Workload, workloadReport } from '../notification/workload';
import type { RelatedReport } from '../related/run';
import { headlineOf } from './headline';
import type { Summary, Warning } from './schema';
import { triageIdOf } from './triage-id';
import { consoleUrlOf } from '../lib/console-url';
import { defined } from '../lib/defined';
import { boundText, oneLine } from '../lib/sanitize';

/** Everything a summary is made from. */
export interface SummaryInput {
  readonly notification: Notification;
  readonly meta: DeliveryMeta;
  readonly classification: InScope;
  readonly workload: Workload;
  readonly evidence: Evidence;
  /** Related findings; absent for updates. */
  readonly related?: RelatedReport | undefined;
  readonly triagedAt: Date;
  readonly reanalysis: boolean;
  /** What was worked around, from decoding and from the log source. */
  readonly warnings?: readonly Warning[] | undefined;
}

/** The most warnings kept, and the longest each may be (their text quotes untrusted values). */
const warningLimits = { count: 20, chars: 300 } as const;

/** The longest a name taken from the finding may be in the output. */
const maxNameChars = 256;

/** Builds the summary (not yet size-bounded: see `boundSummary`). */
export function buildSummary(input: SummaryInput): Summary {
  const { notification, classification, workload, evidence } = input;
  const { finding } = notification;
  return defined({
    kind: classification.kind,
    schemaVersion: 1 as const,
    triageId: triageIdOf(finding),
    triagedAt: input.triagedAt.toISOString(),
    status: isPartial(input) ? ('partial' as const) : ('complete' as const),
    headline: headlineOf(finding, classification, workload, evidence.network, evidence.assessment.priority),
    notification: defined({
      // Cut, not dropped: an id this long is not Google's, but it is what arrived.
      configName: notification.notificationConfigName === undefined ? undefined : boundText(notification.notificationConfigName, 1_024),
      messageId: input.meta.messageId,
      publishTime: input.meta.publishTime,
      reanalysis: input.reanalysis,
    }),
    finding: findingBlock(notification),
    classification: defined({ family: classification.family, platform: classification.platform, reason: classification.reason }),
    workload: workloadReport(workload, maxNameChars),
    processes: evidence.processes,
    network: evidence.network,
    indicators: evidence.indicators,
    logs: [...evidence.logs],
    identity: evidence.identity,
    blastRadius: evidence.blastRadius,
    relatedFindings: input.related,
    highlights: [...evidence.highlights],
    assessment: evidence.assessment,
    nextSteps: [...evidence.nextSteps],
    warnings: warningsOf(input.warnings ?? []),
    update: classification.kind === 'update' ? updateOf(notification, evidence.closure ?? classification.reason ?? 'updated') : undefined,
  });
}

/** The mute states an ACTIVE finding's first summary could have had. */
const unmutedStates = ['UNDEFINED', 'UNMUTED', 'MUTE_UNSPECIFIED'] as const;

function updateOf({ finding }: Notification, change: string): NonNullable<Summary['update']> {
  const mutes = finding.mute === 'MUTED' ? unmutedStates : [finding.mute];
  return { change: boundText(change, 512), firstTriageIds: mutes.map((mute) => triageIdOf({ ...finding, state: 'ACTIVE', mute })) };
}

/** Some evidence is missing: a section errored, the related lookup failed, or the log source skipped a file. */
const isPartial = ({ evidence, related, warnings }: SummaryInput): boolean =>
  evidence.logs.some((section) => section.status === 'error') || related?.status === 'error' || (warnings ?? []).some((w) => w.source === 'logs');

function warningsOf(warnings: readonly Warning[]): Warning[] | undefined {
  if (warnings.length === 0) return undefined;
  const kept = warnings.slice(0, warningLimits.count).map((w) => ({ source: w.source, message: oneLine(w.message, warningLimits.chars) }));
  return warnings.length > kept.length ? [...kept, { source: warnings[kept.length]!.source, message: `${warnings.length - kept.length} more warnings not shown` }] : kept;
}

function findingBlock({ finding }: Notification): Summary['finding'] {
  return defined({
    name: finding.name,
    canonicalName: finding.canonicalName,
    category: boundText(finding.category, maxNameChars),
    severity: finding.severity,
    state: finding.state,
    mute: finding.mute,
    eventTime: finding.eventTime,
    createTime: finding.createTime,
    source: finding.parentDisplayName,
    consoleUrl: consoleUrlOf(finding.name),
    description: finding.description === undefined ? undefined : boundText(finding.description, 1024),
  });
}
