/**
 * A delivery from the summaries topic, decoded: the `messagePublished` CloudEvent (or a push body,
 * or a bare summary) unwrapped as the triage function unwraps its input, the base64 data parsed,
 * and the summary validated by the published contract (`summarySchema`, schemaVersion 1).
 */
import type { z } from 'zod';
import { type InvalidField, InvalidNotificationError, TriageError } from '../errors';
import { type DeliveryMeta, unwrapDelivery } from '../notification/envelope';
import { type Summary, summarySchema } from '../summary/schema';
import { asRecord } from '../lib/defined';
import { clip } from '../lib/sanitize';

/** The schema versions this subscriber reads. */
export const readableSchemaVersions = [1] as const;

/** A delivery that is not a summary this subscriber can read. Permanent: a retry cannot fix it. */
export class InvalidSummaryError extends TriageError {
  readonly retryable = false;

  constructor(
    /** Every problem found, first one first. */
    readonly fields: readonly InvalidField[],
    options?: { cause?: unknown },
  ) {
    super(`invalid summary: ${fields.map((f) => (f.path === '' ? f.reason : `${f.path}: ${f.reason}`)).join('; ')}`, options);
  }
}

/** A decoded delivery. */
export interface DecodedSummary {
  readonly summary: Summary;
  readonly meta: DeliveryMeta;
}

function zodFields(error: z.ZodError): InvalidField[] {
  return error.issues.slice(0, 3).map((issue) => ({ path: issue.path.map(String).join('.'), reason: clip(issue.message, 200) }));
}

/** Framework quirk: `data` arrives parsed when it is JSON, and as a string or Buffer otherwise. */
function parsedData(event: unknown): unknown {
  const object = asRecord(event);
  const data = object?.data;
  if (object === undefined || (typeof data !== 'string' && !Buffer.isBuffer(data))) return event;
  try {
    return { ...object, data: JSON.parse(data.toString()) as unknown };
  } catch {
    return event;
  }
}

/** The Pub/Sub message id of a delivery, as far as it can be read, for the log line of one that does not decode. */
export function deliveryMessageId(event: unknown): string | undefined {
  const object = asRecord(parsedData(event));
  const id = asRecord(asRecord(object?.data)?.message)?.messageId ?? asRecord(object?.message)?.messageId ?? object?.id;
  return typeof id === 'string' && id !== '' ? clip(id, 100) : undefined;
}

/** The summary's version, checked before the schema so an unknown one is named as such. */
function checkVersion(payload: unknown): void {
  const version = asRecord(payload)?.schemaVersion;
  if (!(readableSchemaVersions as readonly unknown[]).includes(version)) {
    const shown = version === undefined ? 'missing' : clip(JSON.stringify(version) ?? String(version), 40);
    throw new InvalidSummaryError([{ path: 'schemaVersion', reason: `${shown}: this subscriber reads schemaVersion ${readableSchemaVersions.join(', ')}` }]);
  }
}

/**
 * Decodes one delivery.
 * @throws InvalidSummaryError naming the field at fault.
 */
export function decodeSummary(event: unknown): DecodedSummary {
  let unwrapped;
  try {
    unwrapped = unwrapDelivery(parsedData(event));
  } catch (error) {
    if (error instanceof InvalidNotificationError) throw new InvalidSummaryError(error.fields, { cause: error });
    throw error;
  }
  checkVersion(unwrapped.payload);
  const parsed = summarySchema.safeParse(unwrapped.payload);
  if (!parsed.success) throw new InvalidSummaryError(zodFields(parsed.error), { cause: parsed.error });
  return { summary: parsed.data, meta: unwrapped.meta };
}
