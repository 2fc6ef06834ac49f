/**
 * One summary in, one outcome out. `posted`, `skipped` and `rejected` resolve (Pub/Sub acks);
 * `failed` throws, so Functions Framework answers 500 and Pub/Sub redelivers. A summary that does
 * not validate, or a webhook that refuses it for good (4xx but 408 and 429), is rejected: a retry
 * cannot fix it. A 5xx, 408, 429, timeout or network error at any target fails the delivery; the
 * targets that did post are remembered, so the redelivery posts only where it is still missing.
 */
import type { DedupGuard } from '../delivery/dedup';
import { describeError, isRetryable } from '../errors';
import type { Summary } from '../summary/schema';
import { type Alert, alertOf, atLeast } from './alert';
import type { NotifyConfig } from './config';
import { InvalidSummaryError, decodeSummary, deliveryMessageId } from './decode';
import { chatRequest } from './google-chat';
import { type NotifyOutcome, type TargetOutcome, notifyOutcomeLine, overallOutcome } from './outcome';
import { slackMessage } from './slack';
import { type Target, postUrl, redactUrls, targets } from './targets';
import { type Poster, WebhookError } from './webhook';

/** What the handler needs; the subscriber wires the real poster, tests may point it at a local server. */
export interface NotifyDeps {
  readonly config: NotifyConfig;
  readonly post: Poster;
  /** Per-instance memory of what was posted where. */
  readonly dedup: DedupGuard;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

/** Thrown for a `failed` outcome, after it was logged. */
export class NotifyFailed extends Error {}

const requests: Readonly<Record<Target, (alert: Alert) => { readonly body: unknown; readonly query: Readonly<Record<string, string>> }>> = {
  chat: chatRequest,
  slack: (alert) => ({ body: slackMessage(alert), query: {} }),
};

/** A reanalysis is posted again (someone asked for it); a redelivery or a duplicate summary is not. */
const dedupKey = (target: Target, summary: Summary): string => `${target}|${summary.triageId}|${summary.notification.reanalysis ? summary.triagedAt : ''}`;

const configured = (config: NotifyConfig): Target[] => targets.filter((target) => config.webhooks[target] !== undefined);

const webhookUrls = (config: NotifyConfig): URL[] => configured(config).map((target) => new URL(config.webhooks[target]!));

async function postTo(target: Target, alert: Alert, summary: Summary, deps: NotifyDeps): Promise<[Target, TargetOutcome]> {
  const started = Date.now();
  const key = dedupKey(target, summary);
  return deps.dedup.exclusive(key, async (): Promise<[Target, TargetOutcome]> => {
    if (deps.dedup.publishedAt(key) !== undefined) return [target, { result: 'duplicate', reason: `already posted at ${deps.dedup.publishedAt(key)}`, ms: Date.now() - started }];
    try {
      const { body, query } = requests[target](alert);
      const status = await deps.post({ target, url: postUrl(deps.config.webhooks[target]!, query), body, timeoutMs: deps.config.webhookTimeoutMs });
      deps.dedup.markPublished(key, deps.now());
      return [target, { result: 'posted', status, ms: Date.now() - started }];
    } catch (error) {
      const status = error instanceof WebhookError ? error.status : undefined;
      const reason = redactUrls(describeError(error), webhookUrls(deps.config));
      return [target, { result: isRetryable(error) ? 'failed' : 'rejected', ...(status === undefined ? {} : { status }), reason, ms: Date.now() - started }];
    }
  });
}

function baseOf(summary: Summary, messageId: string | undefined) {
  return {
    triageId: summary.triageId,
    findingName: summary.finding.name,
    kind: summary.kind,
    priority: summary.assessment.priority,
    ...(messageId === undefined ? {} : { messageId }),
  };
}

async function deliver(event: unknown, deps: NotifyDeps, elapsed: () => number): Promise<NotifyOutcome> {
  let decoded;
  try {
    decoded = decodeSummary(event);
  } catch (error) {
    if (!(error instanceof InvalidSummaryError)) throw error;
    const messageId = deliveryMessageId(event);
    return { outcome: 'rejected', ...(messageId === undefined ? {} : { messageId }), reason: error.message, durations: { totalMs: elapsed() } };
  }
  const { summary, meta } = decoded;
  const base = baseOf(summary, meta.messageId);
  const { minPriority } = deps.config;
  if (summary.kind === 'triage' && !atLeast(summary.assessment.priority, minPriority)) {
    return { outcome: 'skipped', ...base, reason: `priority ${summary.assessment.priority} is below MIN_PRIORITY ${minPriority}`, durations: { totalMs: elapsed() } };
  }
  const alert = alertOf(summary, deps.config);
  const results = await Promise.all(configured(deps.config).map((target) => postTo(target, alert, summary, deps)));
  const reasons = results.filter(([, r]) => r.reason !== undefined).map(([target, r]) => `${target}: ${r.reason}`);
  return {
    outcome: overallOutcome(results.map(([, r]) => r.result)),
    ...base,
    ...(reasons.length === 0 ? {} : { reason: reasons.join('; ') }),
    targets: Object.fromEntries(results),
    durations: { totalMs: elapsed() },
  };
}

/**
 * Handles one delivery from the summaries topic.
 * @throws NotifyFailed when the delivery must be retried (after logging its outcome).
 */
export async function handleSummaryDelivery(event: unknown, deps: NotifyDeps): Promise<NotifyOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  let outcome: NotifyOutcome;
  try {
    outcome = await deliver(event, deps, elapsed);
  } catch (error) {
    // Nothing is acked that was not handled: an unexpected error is retried like a 5xx.
    outcome = { outcome: 'failed', reason: `unexpected error: ${redactUrls(describeError(error), webhookUrls(deps.config))}`, durations: { totalMs: elapsed() } };
  }
  deps.log(notifyOutcomeLine(outcome));
  if (outcome.outcome === 'failed') throw new NotifyFailed(outcome.reason);
  return outcome;
}
