/**
 * Evidence analysis, the stage between reading the logs and building the summary: what the
 * processes did, what the logs and the audit entries say around detection, the indicators, the
 * priority and the next steps. Everything shown is masked here, before the summary sees it.
 */
import type { SectionResult } from '../logs/executor';
import type { SectionReport } from '../logs/section-report';
import type { InScope } from '../notification/classify';
import type { Notification } from '../notification/schema';
import type { Workload } from '../notification/workload';
import type { RelatedReport } from '../related/run';
import type { IdentityReport } from '../identity/schema';
import type { BlastRadius } from '../sweep/schema';
import { oneLine } from '../lib/sanitize';
import { type Assessment, assess } from './assessment';
import type { Judgement } from './change-rules';
import type { Highlight } from './highlight';
import { highlightsOf } from './highlights';
import { type Indicators, indicatorsOf } from './indicators';
import { maskText } from './mask';
import { nextStepsOf } from './next-steps';
import type { NextStep } from './step';
import { type NetworkReport, type ProcessReport, networkOf, processReports } from './processes';

/** What the analysis found, in the shapes the summary publishes. */
export interface Evidence {
  readonly processes: ProcessReport[];
  readonly network: NetworkReport | undefined;
  /** Each section's report, its excerpts masked. */
  readonly logs: readonly SectionReport[];
  readonly highlights: readonly Highlight[];
  readonly indicators: Indicators;
  readonly assessment: Assessment;
  readonly nextSteps: readonly NextStep[];
  /** For a closure update: what changed, who made the change and when (see {@link closureOf}). */
  readonly closure?: string | undefined;
  /** The workload's identity and what it did; absent for updates. */
  readonly identity?: IdentityReport | undefined;
  /** Who else talked to the attacker's addresses; absent for updates. */
  readonly blastRadius?: BlastRadius | undefined;
}

/** What the analysis reads. */
export interface EvidenceInput {
  readonly notification: Notification;
  readonly classification: InScope;
  readonly workload: Workload;
  readonly sections: readonly SectionResult[];
  /** Related findings; absent for updates. */
  readonly related?: RelatedReport | undefined;
  readonly maskSecrets: boolean;
  /** The assessment's thresholds and the organisation's domains. */
  readonly judgement: Judgement;
  /** The follow-up stage's identity block; absent for updates. */
  readonly identity?: IdentityReport | undefined;
  /** The indicator sweep's blast radius; absent for updates. */
  readonly blastRadius?: BlastRadius | undefined;
}

/** Analyses the finding and the sections read for it. */
export function analyseEvidence({ notification, classification, workload, sections, related, maskSecrets, judgement, identity, blastRadius }: EvidenceInput): Evidence {
  const { finding } = notification;
  const network = networkOf(finding, classification.family);
  // Log lines can carry secrets too (a command line echoed to stderr): mask what is shown of them.
  const mask = maskSecrets ? maskText : (text: string) => text;
  const logs = sections.map((section) => ({ ...section.report, entries: section.report.entries.map((entry) => ({ ...entry, text: mask(entry.text) })) }));
  // Masked before it is escaped and cut to a line: escaping first would hide a secret's context (a line break).
  const highlights = highlightsOf(finding, workload, sections).map((h) => (h.detail === undefined ? h : { ...h, detail: oneLine(mask(h.detail), 300) }));
  const closure = classification.kind === 'update' ? closureOf(finding, classification.reason) : undefined;
  const indicators = indicatorsOf(finding, network, mask);
  const assessment = assess({ finding, classification, network, sections: logs, highlights, related, closure, judgement, indicators, identity });
  return {
    processes: processReports(finding, maskSecrets),
    network,
    logs,
    highlights,
    indicators,
    assessment,
    nextSteps: nextStepsOf(finding, workload, { sections, hashes: indicators.sha256, destination: network?.dstIp, closure, identity }),
    closure,
    identity,
    blastRadius,
  };
}

/** What a closure update changed, who made it and when, as the finding says: `finding muted (Muted by alice@…) at 2025-…`. */
function closureOf(finding: Notification['finding'], reason: string | undefined): string {
  const initiator = finding.muteInitiator === undefined || finding.muteInitiator === '' ? '' : ` (${oneLine(finding.muteInitiator, 200)})`;
  const at = finding.mute === 'MUTED' && finding.muteUpdateTime !== undefined && !finding.muteUpdateTime.startsWith('1970-') ? ` at ${oneLine(finding.muteUpdateTime, 40)}` : '';
  return `${reason ?? 'updated'}${finding.mute === 'MUTED' ? initiator : ''}${at}`;
}
