/**
 * The subscriber's delivery outcomes and the one structured line each delivery ends with, like the
 * triage function's (`src/delivery/outcome.ts`). Severities are chosen for alerting: ERROR only
 * for `rejected`, a message that will never be posted (a bad summary, a webhook refusing for good),
 * so an alert policy on `severity=ERROR` catches exactly what needs a person; `failed` is retried
 * by Pub/Sub and dead-lettered, so it is a WARNING.
 */
import type { Target } from './targets';

/** Every delivery ends in exactly one of these. */
export const notifyOutcomes = ['posted', 'skipped', 'rejected', 'failed'] as const;
/** One of {@link notifyOutcomes}. */
export type NotifyOutcomeKind = (typeof notifyOutcomes)[number];

/** What happened at one target. */
export const targetResults = ['posted', 'duplicate', 'rejected', 'failed'] as const;
/** One of {@link targetResults}. */
export type TargetResult = (typeof targetResults)[number];

/** One target's part of a delivery. */
export interface TargetOutcome {
  readonly result: TargetResult;
  /** The webhook's HTTP status, when it answered. */
  readonly status?: number;
  readonly reason?: string;
  readonly ms: number;
}

/** What happened to one delivery. */
export interface NotifyOutcome {
  readonly outcome: NotifyOutcomeKind;
  readonly triageId?: string;
  readonly findingName?: string;
  readonly kind?: string;
  readonly priority?: string;
  readonly messageId?: string;
  readonly reason?: string;
  readonly targets?: Readonly<Partial<Record<Target, TargetOutcome>>>;
  readonly durations: { readonly totalMs: number };
}

const severities: Readonly<Record<NotifyOutcomeKind, string>> = { posted: 'INFO', skipped: 'INFO', rejected: 'ERROR', failed: 'WARNING' };

/** The outcome of a delivery from the results at its targets: any retryable failure fails it, then any rejection rejects it. */
export function overallOutcome(results: readonly TargetResult[]): NotifyOutcomeKind {
  if (results.includes('failed')) return 'failed';
  if (results.includes('rejected')) return 'rejected';
  return results.includes('posted') ? 'posted' : 'skipped';
}

/** The outcome as one JSON line Cloud Logging parses (`severity`, `message`, and the fields). */
export function notifyOutcomeLine(outcome: NotifyOutcome): string {
  const what = [outcome.outcome, outcome.kind, outcome.priority, outcome.findingName].filter(Boolean).join(' ');
  const message = outcome.reason === undefined ? what : `${what}: ${outcome.reason}`;
  return JSON.stringify({ severity: severities[outcome.outcome], message, component: 'scc-triage-notify', ...outcome });
}
