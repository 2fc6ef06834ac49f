/**
 * The three shapes a notification arrives in, reduced to one: the notification JSON plus what the
 * delivery said about it (message id, publish time, attributes).
 */
import { asRecord } from '../lib/defined';
import { InvalidNotificationError } from '../errors';

/** The shapes scc-triage accepts, everywhere. */
export const deliveryShapes = ['cloudevent', 'push', 'bare'] as const;
/** One of {@link deliveryShapes}. */
export type DeliveryShape = (typeof deliveryShapes)[number];

/** The message attribute that forces a fresh triage (`reanalyze=true`), as `scc-triage replay` sets it. */
export const reanalyzeAttribute = 'reanalyze';

/** What the delivery carried besides the notification. */
export interface DeliveryMeta {
  readonly shape: DeliveryShape;
  readonly messageId?: string;
  readonly publishTime?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** A notification JSON value, not yet validated, with its delivery metadata. */
export interface Unwrapped {
  readonly payload: unknown;
  readonly meta: DeliveryMeta;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => asRecord(value) !== undefined;

const base64Pattern = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/**
 * Unwraps a CloudEvent (`data.message`), a Pub/Sub push body (`message`) or a bare notification.
 * @throws InvalidNotificationError naming the field at fault.
 */
export function unwrapDelivery(input: unknown): Unwrapped {
  if (!isObject(input)) {
    throw invalid('', `expected a JSON object (CloudEvent, Pub/Sub push body or NotificationMessage), got ${kindOf(input)}`);
  }
  if ('finding' in input || 'notificationConfigName' in input) {
    return { payload: input, meta: { shape: 'bare', attributes: {} } };
  }
  if (isObject(input.data) && 'message' in input.data) {
    return unwrapMessage(input.data.message, 'data.message', 'cloudevent');
  }
  if ('message' in input) {
    return unwrapMessage(input.message, 'message', 'push');
  }
  throw invalid('', 'not a notification: expected a CloudEvent with data.message, a Pub/Sub push body with message, or a NotificationMessage with finding');
}

function unwrapMessage(message: unknown, path: string, shape: DeliveryShape): Unwrapped {
  if (!isObject(message)) throw invalid(path, `expected an object, got ${kindOf(message)}`);
  const meta: DeliveryMeta = {
    shape,
    ...optionalString(message, 'messageId', 'message_id'),
    ...optionalString(message, 'publishTime', 'publish_time'),
    attributes: readAttributes(message.attributes, `${path}.attributes`),
  };
  return { payload: decodeData(message.data, `${path}.data`), meta };
}

function optionalString(message: JsonObject, camel: 'messageId' | 'publishTime', snake: string): Partial<Record<typeof camel, string>> {
  const value = message[camel] ?? message[snake];
  return typeof value === 'string' && value !== '' ? { [camel]: value } : {};
}

function readAttributes(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid(path, `expected an object of strings, got ${kindOf(value)}`);
  const attributes: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw invalid(`${path}.${key}`, `expected a string, got ${kindOf(item)}`);
    attributes[key] = item;
  }
  return attributes;
}

function decodeData(data: unknown, path: string): unknown {
  if (typeof data !== 'string') throw invalid(path, `expected a base64 string, got ${kindOf(data)}`);
  const compact = data.replace(/\s+/g, '');
  if (compact === '') throw invalid(path, 'empty: the message carries no notification');
  if (!base64Pattern.test(compact)) throw invalid(path, 'not base64');
  const text = Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64').toString('utf8');
  return parseJsonText(text, path, 'base64 data does not decode to JSON');
}

/**
 * Parses JSON text, turning a syntax error into an InvalidNotificationError at `path`.
 * @throws InvalidNotificationError when the text is empty or not JSON.
 */
export function parseJsonText(text: string, path = '', what = 'not JSON'): unknown {
  if (text.trim() === '') throw invalid(path, `${what}: empty input`);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new InvalidNotificationError([{ path, reason: `${what}: ${(error as Error).message}` }], { cause: error });
  }
}

function invalid(path: string, reason: string): InvalidNotificationError {
  return new InvalidNotificationError([{ path, reason }]);
}

/** A short name for the JSON kind of a value, for error messages. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
