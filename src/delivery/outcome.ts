/** Delivery outcomes, and the one structured log line each delivery ends with. */
import type { TraceFields } from './trace';

/** Every delivery ends in exactly one of these. */
export const outcomes = ['published', 'skipped', 'rejected', 'failed'] as const;
/** One of {@link outcomes}. */
export type OutcomeKind = (typeof outcomes)[number];

/** What happened to one delivery. */
export interface Outcome {
  readonly outcome: OutcomeKind;
  readonly findingName?: string;
  readonly triageId?: string;
  readonly kind?: string;
  readonly status?: string;
  readonly messageId?: string;
  readonly publishedMessageId?: string;
  readonly reason?: string;
  readonly durations: { readonly totalMs: number; readonly triageMs?: number; readonly publishMs?: number };
}

const severities: Readonly<Record<OutcomeKind, string>> = { published: 'INFO', skipped: 'INFO', rejected: 'WARNING', failed: 'ERROR' };

/** The outcome as one JSON line Cloud Logging parses (`severity`, `message`, and the fields). */
export function outcomeLine(outcome: Outcome, trace: TraceFields = {}): string {
  const what = [outcome.outcome, outcome.kind, outcome.findingName].filter(Boolean).join(' ');
  const message = outcome.reason === undefined ? what : `${what}: ${outcome.reason}`;
  return JSON.stringify({ severity: severities[outcome.outcome], message, component: 'scc-triage', ...trace, ...outcome });
}

/** The log line of a publish that landed after its delivery had failed: the summary is out after all. */
export function latePublishLine(findingName: string, triageId: string, deliveryId: string | undefined, publishedMessageId: string, trace: TraceFields = {}): string {
  const message = `late publish landed: ${findingName} (a redelivery will not publish it again on this instance)`;
  return JSON.stringify({
    severity: 'INFO',
    message,
    component: 'scc-triage',
    ...trace,
    event: 'late_publish',
    findingName,
    triageId,
    ...(deliveryId ? { messageId: deliveryId } : {}),
    publishedMessageId,
  });
}
