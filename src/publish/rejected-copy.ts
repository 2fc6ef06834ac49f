/**
 * The copy of a rejected delivery for the rejected topic, always within Pub/Sub's limits: the
 * data is cut by bytes with a marker (the original may be as large as Pub/Sub allows, and its
 * JSON re-encoding larger still), attribute values and keys are cut by UTF-8 bytes, never by
 * characters, and there are never more than the limit of attributes.
 */
import type { InvalidField } from '../errors';
import { pubsubLimits, truncateUtf8 } from './attributes';
import type { OutgoingMessage } from './port';

/** What a rejection says. */
export interface Rejection {
  readonly reason: string;
  readonly path: string;
  readonly fields: readonly InvalidField[];
  readonly messageId: string | undefined;
  /** The delivery as it arrived (its message data and attributes, or the whole event), secrets masked unless masking is off. */
  readonly payload: unknown;
  /** Whether masking changed the payload (then it replays with `[MASKED]` where the secrets were). */
  readonly masked?: boolean;
}

/** Room kept under the data limit for the envelope around the payload. */
const envelopeBytes = 64 * 1024;
const maxFields = 20;

/** The payload as JSON text, or a marker when it cannot be encoded (a cycle, a BigInt). */
function payloadText(payload: unknown): string {
  try {
    return JSON.stringify(payload) ?? 'null';
  } catch (error) {
    return JSON.stringify({ unencodable: String(error) });
  }
}

function headOf(text: string, room: number, bytes: number) {
  const kept = Buffer.from(text, 'utf8').subarray(0, Math.floor((room * 3) / 4));
  return { payloadHeadBase64: kept.toString('base64'), payloadTruncated: { bytes, keptBytes: kept.length } };
}

/** Builds the rejected copy: `{kind, reason, fields, messageId, payload | payloadHeadBase64}` plus bounded attributes. */
export function rejectedCopy(rejection: Rejection): OutgoingMessage {
  const text = payloadText(rejection.payload);
  const room = pubsubLimits.dataBytes - envelopeBytes;
  const bytes = Buffer.byteLength(text, 'utf8');
  const fields = rejection.fields.slice(0, maxFields).map((f) => ({ path: truncateUtf8(f.path, 1024), reason: truncateUtf8(f.reason, 1024) }));
  const body = {
    kind: 'rejected',
    reason: truncateUtf8(rejection.reason, 4096),
    fields,
    ...(rejection.messageId === undefined ? {} : { messageId: truncateUtf8(rejection.messageId, 256) }),
    ...(rejection.masked === true ? { payloadMasked: true } : {}),
    // Too large to embed whole: the head of its JSON text, base64 so escaping cannot grow it.
    ...(bytes <= room ? { payload: JSON.parse(text) as unknown } : headOf(text, room, bytes)),
  };
  const attributes: Record<string, string> = {
    kind: 'rejected',
    reason: truncateUtf8(rejection.reason, pubsubLimits.valueBytes),
    path: truncateUtf8(rejection.path, pubsubLimits.valueBytes),
    ...(rejection.messageId === undefined ? {} : { sourceMessageId: truncateUtf8(rejection.messageId, pubsubLimits.valueBytes) }),
  };
  return { data: Buffer.from(JSON.stringify(body)), attributes };
}
