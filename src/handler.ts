/**
 * One delivery in, one outcome out. `published`, `skipped` and `rejected` resolve (Pub/Sub acks);
 * `failed` throws, so Functions Framework answers 500 and Pub/Sub redelivers. The choice follows
 * the error's `retryable`: what a retry cannot fix is rejected, only what it can fix fails.
 * Nothing is acked that was not handled: a summary or a rejected copy that could not be published
 * is `failed`, and so is a valid finding that hit a permanent error with no rejected topic to keep
 * its copy (the subscription's dead-letter topic keeps it instead).
 */
import type { Config } from './config';
import type { DedupGuard } from './delivery/dedup';
import { asRecord } from './lib/defined';
import { type TriagePlan, completeTriage, isReanalysis, planTriage } from './engine';
import { InvalidNotificationError, TriageError, describeError, isRetryable } from './errors';
import type { LogSource } from './logs/port';
import type { LogReader } from './logs/reader';
import type { WorkloadSpecSource } from './specs/port';
import type { FindingSource } from './related/port';
import { type Outcome, latePublishLine, outcomeLine } from './delivery/outcome';
import { summaryAttributes } from './publish/attributes';
import { type Publisher, PublishTimedOut } from './publish/port';
import type { Summary } from './summary/schema';
import { type TraceFields, type TraceHeaders, traceFields } from './delivery/trace';
import { triageIdOf } from './summary/triage-id';
import { rejectedCopy } from './publish/rejected-copy';
import { maskJson, maskMessageData } from './evidence/mask-json';
import { maskText } from './evidence/mask';

/** What the handler needs; the function wires the real adapters, tests may wire others. */
export interface HandlerDeps {
  readonly config: Config;
  readonly outputTopic: string;
  readonly logs: LogSource;
  /** The instance's shared reader; without one each delivery reads on its own. */
  readonly reader?: LogReader | undefined;
  readonly findings?: FindingSource | undefined;
  readonly specs?: WorkloadSpecSource | undefined;
  readonly publisher: Publisher;
  readonly dedup: DedupGuard;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  /** The trace headers of the request that carried the delivery, for the log lines. */
  readonly traceHeaders?: (() => TraceHeaders | undefined) | undefined;
}

/** Thrown for a `failed` outcome, after it was logged. */
export class DeliveryFailed extends Error {}

/**
 * Handles one delivery (a CloudEvent, a push body or a bare notification).
 * @throws DeliveryFailed when the delivery must be retried.
 */
export async function handleDelivery(event: unknown, deps: HandlerDeps): Promise<Outcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const messageId = messageIdOf(event);
  const scoped: DeliveryDeps = { ...deps, trace: traceOf(event, deps) };
  let outcome: Outcome;
  try {
    outcome = await handle(normalizeEvent(event), scoped, elapsed).catch((error: unknown) => {
      if (isRetryable(error)) throw error;
      return reject(event, error, deps, elapsed);
    });
  } catch (error) {
    const findingName = findingNameOf(error);
    outcome = {
      outcome: 'failed',
      ...(findingName === undefined ? {} : { findingName }),
      ...(messageId ? { messageId } : {}),
      reason: maskedFor(deps.config, describeError(error)),
      durations: { totalMs: elapsed() },
    };
    deps.log(outcomeLine(outcome, scoped.trace));
    throw new DeliveryFailed(outcome.reason, { cause: error });
  }
  deps.log(outcomeLine(outcome, scoped.trace));
  return outcome;
}

/** The handler's dependencies for one delivery: with that delivery's trace, for its log lines. */
type DeliveryDeps = HandlerDeps & { readonly trace: TraceFields };

/** The delivery's trace: the CloudEvent's `traceparent` (Functions Framework copies the header there), else the request's headers. */
function traceOf(event: unknown, deps: HandlerDeps): TraceFields {
  const headers = deps.traceHeaders?.();
  const fromEvent = asRecord(event)?.traceparent;
  return traceFields({ traceparent: typeof fromEvent === 'string' ? fromEvent : headers?.traceparent, cloudTraceContext: headers?.cloudTraceContext }, deps.config.project);
}

async function handle(event: unknown, deps: DeliveryDeps, elapsed: () => number): Promise<Outcome> {
  const plan = planned(event, deps.config);
  const { finding } = plan.decoded.notification;
  const base = { findingName: finding.name, ...(plan.decoded.meta.messageId ? { messageId: plan.decoded.meta.messageId } : {}) };
  if (plan.classification.kind === 'skipped') {
    return { outcome: 'skipped', ...base, reason: plan.classification.reason, durations: { totalMs: elapsed() } };
  }
  const triageId = triageIdOf(finding);
  try {
    return await deps.dedup.exclusive(triageId, async () => {
      const late = await deps.dedup.lateLanding(triageId, deps.config.publishTimeoutMs);
      if (late !== undefined && base.messageId !== undefined && late.deliveryId === base.messageId) {
        const reason = 'published by an earlier attempt of this delivery, after its publish had timed out';
        return { outcome: 'published', ...base, triageId, publishedMessageId: late.publishedMessageId, reason, durations: { totalMs: elapsed() } };
      }
      const publishedAt = deps.dedup.publishedAt(triageId);
      if (publishedAt !== undefined && !isReanalysis(plan)) {
        return { outcome: 'skipped', ...base, triageId, reason: `duplicate: triageId ${triageId} already published at ${publishedAt}`, durations: { totalMs: elapsed() } };
      }
      warmClients(deps);
      const result = await completeTriage(plan, { logs: deps.logs, reader: deps.reader, findings: deps.findings, specs: deps.specs, now: deps.now }, deps.config);
      if (result.kind === 'skipped') throw new Error('unreachable: planned notification skipped');
      const triageMs = elapsed();
      const { summary } = result;
      const publishedMessageId = await publishSummary(summary, triageId, base.messageId, deps);
      return { outcome: 'published', ...base, triageId, kind: summary.kind, status: summary.status, publishedMessageId, durations: { totalMs: elapsed(), triageMs, publishMs: elapsed() - triageMs } };
    });
  } catch (error) {
    throw new FindingNotPublished(finding.name, error);
  }
}

/** Loads the Logging and Pub/Sub clients inside the reader's batch window, not after it (a cold instance's first delivery gains the window). */
function warmClients(deps: DeliveryDeps): void {
  setImmediate(() => {
    try {
      deps.logs.warm?.();
      deps.publisher.warm?.();
    } catch {
      // Left to the read or the publish, which load it again and report the error as theirs.
    }
  });
}

/** Publishes the summary; a publish that timed out is kept, in case it lands after all. */
async function publishSummary(summary: Summary, triageId: string, deliveryId: string | undefined, deps: DeliveryDeps): Promise<string> {
  try {
    const publishedMessageId = await deps.publisher.publish(deps.outputTopic, { data: Buffer.from(JSON.stringify(summary)), attributes: summaryAttributes(summary) });
    deps.dedup.markPublished(triageId, deps.now());
    return publishedMessageId;
  } catch (error) {
    if (error instanceof PublishTimedOut) {
      deps.dedup.trackLate(triageId, deliveryId, error.late, deps.now, (late) => deps.log(latePublishLine(summary.finding.name, triageId, deliveryId, late.publishedMessageId, deps.trace)));
    }
    throw error;
  }
}

function findingNameOf(error: unknown): string | undefined {
  if (error instanceof FindingNotPublished) return error.findingName;
  return error instanceof Error ? findingNameOf(error.cause) : undefined;
}

/** Plans the triage; past decoding, any error belongs to a valid notification. */
function planned(event: unknown, config: Config): TriagePlan {
  try {
    return planTriage(event, config);
  } catch (error) {
    if (error instanceof InvalidNotificationError) throw error;
    throw new FindingNotPublished(undefined, error);
  }
}

/**
 * A valid notification whose triage or publication failed. It keeps the finding's name and
 * the cause's retryability, and marks the finding as one that must not be acked without a copy.
 */
class FindingNotPublished extends TriageError {
  readonly retryable: boolean;

  constructor(
    readonly findingName: string | undefined,
    cause: unknown,
  ) {
    super(describeError(cause), { cause });
    this.retryable = isRetryable(cause);
  }
}

/**
 * Acks a permanent error with a bounded copy on the rejected topic. Without that topic only an
 * invalid notification is acked (logged, as there is nothing to triage); a valid finding fails.
 */
async function reject(event: unknown, error: unknown, deps: HandlerDeps, elapsed: () => number): Promise<Outcome> {
  const messageId = messageIdOf(event);
  const valid = error instanceof FindingNotPublished;
  const findingName = valid ? error.findingName : undefined;
  const reason = maskedFor(deps.config, error instanceof InvalidNotificationError ? error.message : `permanent error: ${describeError(error)}`);
  const base = { outcome: 'rejected' as const, ...(findingName === undefined ? {} : { findingName }), ...(messageId ? { messageId } : {}), reason };
  if (deps.config.rejectedTopic === undefined) {
    if (valid) throw new DeliveryFailed(`${reason} (no REJECTED_TOPIC to keep a copy, so left to redelivery and dead-lettering)`, { cause: error });
    return { ...base, durations: { totalMs: elapsed() } };
  }
  // A field's reason can quote the value at fault, which may be a secret.
  const fields = (error instanceof InvalidNotificationError ? error.fields : []).map((f) => ({ ...f, reason: maskedFor(deps.config, f.reason) }));
  const payload = deps.config.maskSecrets ? maskedPayload(event) : { payload: originalPayload(event), masked: false };
  const copy = rejectedCopy({ reason, path: fields[0]?.path ?? '', fields, messageId, ...payload });
  const publishedMessageId = await deps.publisher.publish(deps.config.rejectedTopic, copy);
  return { ...base, publishedMessageId, durations: { totalMs: elapsed() } };
}

/** Text for a log line or a rejected copy: masked as the summary is, unless masking is off. */
const maskedFor = (config: Config, text: string): string => (config.maskSecrets ? maskText(text) : text);

type Json = Record<string, unknown>;

/** Functions Framework passes `data` parsed when it is JSON; a string or Buffer body is parsed here. */
function normalizeEvent(event: unknown): unknown {
  const object = asRecord(event);
  if (object === undefined) return event;
  const data = object.data;
  if (typeof data === 'string' || Buffer.isBuffer(data)) {
    try {
      return { ...object, data: JSON.parse(data.toString()) as unknown };
    } catch {
      return event;
    }
  }
  return event;
}

function messageOf(event: unknown): Json | undefined {
  const object = asRecord(event);
  return asRecord(asRecord(object?.data)?.message) ?? asRecord(object?.message);
}

function messageIdOf(event: unknown): string | undefined {
  const id = messageOf(event)?.messageId ?? asRecord(event)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The payload with every secret masked, as the summary would show it: the message data decoded and
 * masked (JSON by its shape), attribute values, or the whole bare event. The delivery is not used
 * after it is rejected, so its objects are masked in place.
 */
function maskedPayload(event: unknown): { payload: unknown; masked: boolean } {
  const message = messageOf(event);
  if (message === undefined) {
    const whole = maskJson(event);
    return { payload: whole.value, masked: whole.changed };
  }
  const data = typeof message.data === 'string' ? maskMessageData(message.data) : { data: message.data, masked: false };
  const attributes = maskJson(message.attributes);
  return { payload: { data: data.data, attributes: attributes.value }, masked: data.masked || attributes.changed };
}

/** The original payload as it arrived: the message's base64 data, or the whole event. */
function originalPayload(event: unknown): unknown {
  const message = messageOf(event);
  return message === undefined ? event : { data: message.data, attributes: message.attributes };
}
