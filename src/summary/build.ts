/** Builds the schemaVersion 1 summary from the pieces the engine gathered. */
import type { InScope } from '../notification/classify';
import type { DeliveryMeta } from '../notification/envelope';
import type { Notification } from '../notification/schema';
import type { Workload } from '../notification/workload';
import type { SectionResult } from '../logs/executor';
import type { RelatedReport } from '../related/run';
import { boundText } from '../logs/excerpt';
import { oneLine } from '../lib/sanitize';
import { indicatorsOf } from '../evidence/indicators';
import { networkReport, processReports } from '../evidence/processes';
import { assess } from '../evidence/assessment';
import { maskText } from '../evidence/mask';
import { highlightsOf } from '../evidence/highlights';
import { attackReferences } from '../evidence/mitre';
import { nextStepsOf } from '../evidence/next-steps';
import { headlineOf } from './headline';
import type { Summary } from './schema';
import { triageIdOf } from './triage-id';
import { consoleUrlOf } from '../lib/console-url';
import { defined } from '../lib/defined';

/** Everything a summary is made from. */
export interface SummaryInput {
  readonly notification: Notification;
  readonly meta: DeliveryMeta;
  readonly classification: InScope;
  readonly workload: Workload;
  readonly sections: readonly SectionResult[];
  /** Related findings; absent for updates. */
  readonly related?: RelatedReport | undefined;
  readonly triagedAt: Date;
  readonly reanalysis: boolean;
  readonly maskSecrets: boolean;
}

/** The longest a name taken from the finding may be in the output. */
const maxNameChars = 256;

/** Builds the summary (not yet size-bounded: see `boundSummary`). */
export function buildSummary(input: SummaryInput): Summary {
  const { notification, classification, workload } = input;
  const { finding } = notification;
  const network = classification.family === 'reverse_shell' || finding.sourceProperties?.Reverse_Shell_Stdin_Redirection_Dst_Ip !== undefined ? networkReport(finding) : undefined;
  // Log lines can carry secrets too (a command line echoed to stderr): mask what is shown of them.
  const mask = input.maskSecrets ? maskText : (text: string) => text;
  const logs = input.sections.map((section) => ({ ...section.report, entries: section.report.entries.map((entry) => ({ ...entry, text: mask(entry.text) })) }));
  // Masked before it is escaped and cut to a line: escaping first would hide a secret's context (a line break).
  const highlights = highlightsOf(finding, workload, input.sections).map((h) => (h.detail === undefined ? h : { ...h, detail: oneLine(mask(h.detail), 300) }));
  const assessment = assess({ finding, classification, network, sections: logs, highlights, related: input.related });
  const indicators = indicatorsOf(finding, network);
  const attack = attackReferences(finding);
  return defined({
    kind: classification.kind,
    schemaVersion: 1 as const,
    triageId: triageIdOf(finding),
    triagedAt: input.triagedAt.toISOString(),
    status: logs.some((section) => section.status === 'error') || input.related?.status === 'error' ? ('partial' as const) : ('complete' as const),
    headline: headlineOf(finding, classification, workload, network, assessment.priority),
    notification: defined({
      // Cut, not dropped: an id this long is not Google's, but it is what arrived.
      configName: notification.notificationConfigName === undefined ? undefined : boundText(notification.notificationConfigName, 1_024),
      messageId: input.meta.messageId,
      publishTime: input.meta.publishTime,
      reanalysis: input.reanalysis,
    }),
    finding: findingBlock(notification),
    classification: defined({ family: classification.family, platform: classification.platform, reason: classification.reason }),
    workload: workloadBlock(workload),
    processes: processReports(finding, input.maskSecrets),
    network,
    indicators: {
      ...indicators,
      attack,
      links: [...indicators.links, ...attack.filter((a) => a.url !== undefined).map((a) => ({ label: `MITRE ATT&CK ${a.id} ${a.name}`, url: a.url! }))],
    },
    logs: [...logs],
    relatedFindings: input.related,
    highlights,
    assessment,
    nextSteps: nextStepsOf(finding, workload, input.sections, indicators.sha256),
  });
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

function workloadBlock(w: Workload): Summary['workload'] {
  const { platform: _platform, projectIdKnown: _known, ...fields } = w;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, boundText(String(value), maxNameChars)])) as Summary['workload'];
}
