/** Builds the schemaVersion 1 summary from the pieces the engine gathered. */
import type { InScope } from '../notification/classify';
import type { DeliveryMeta } from '../notification/envelope';
import type { Notification } from '../notification/schema';
import type { Workload } from '../notification/workload';
import type { SectionResult } from '../logs/executor';
import { boundText } from '../logs/excerpt';
import { indicatorsOf } from '../evidence/indicators';
import { networkReport, processReports } from '../evidence/processes';
import { assess } from './assessment';
import { headlineOf } from './headline';
import type { Summary } from './schema';
import { triageIdOf } from './triage-id';
import { defined } from '../defined';

/** Everything a summary is made from. */
export interface SummaryInput {
  readonly notification: Notification;
  readonly meta: DeliveryMeta;
  readonly classification: InScope;
  readonly workload: Workload;
  readonly sections: readonly SectionResult[];
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
  const logs = input.sections.map((section) => section.report);
  const assessment = assess(finding, classification, network, logs);
  return defined({
    kind: classification.kind,
    schemaVersion: 1 as const,
    triageId: triageIdOf(finding),
    triagedAt: input.triagedAt.toISOString(),
    status: logs.some((section) => section.status === 'error') ? ('partial' as const) : ('complete' as const),
    headline: headlineOf(finding, classification, workload, network, assessment.priority),
    notification: defined({
      configName: notification.notificationConfigName,
      messageId: input.meta.messageId,
      publishTime: input.meta.publishTime,
      reanalysis: input.reanalysis,
    }),
    finding: findingBlock(notification),
    classification: defined({ family: classification.family, platform: classification.platform, reason: classification.reason }),
    workload: workloadBlock(workload),
    processes: processReports(finding, input.maskSecrets),
    network,
    indicators: indicatorsOf(finding, network),
    logs: [...logs],
    highlights: [],
    assessment: { priority: assessment.priority, reasons: [...assessment.reasons] },
    nextSteps: [],
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

/** The finding's page in the Security Command Center console. */
export function consoleUrlOf(findingName: string): string {
  const organization = /^organizations\/(\d+)\//.exec(findingName)?.[1];
  const project = /^projects\/([^/]+)\//.exec(findingName)?.[1];
  const scope = organization !== undefined ? `?organizationId=${organization}` : project !== undefined ? `?project=${encodeURIComponent(project)}` : '';
  return `https://console.cloud.google.com/security/command-center/findingsv2;name=${encodeURIComponent(findingName)}${scope}`;
}
