/** Decode and validate at the edge: any input in, a typed notification out, or one typed error. */
import type { z } from 'zod';
import { InvalidNotificationError, type InvalidField } from '../errors';
import { type DeliveryMeta, kindOf, unwrapDelivery } from './envelope';
import { type Notification, notificationSchema } from './schema';

/** A validated notification and how it was delivered. */
export interface DecodedNotification {
  readonly notification: Notification;
  readonly meta: DeliveryMeta;
}

/**
 * Unwraps any accepted shape and validates the notification inside.
 * @throws InvalidNotificationError (and nothing else) naming every field at fault.
 */
export function decodeNotification(input: unknown): DecodedNotification {
  try {
    const { payload, meta } = unwrapDelivery(input);
    const parsed = notificationSchema.safeParse(payload);
    if (!parsed.success) throw new InvalidNotificationError(toFields(parsed.error, payload), { cause: parsed.error });
    return { notification: parsed.data, meta };
  } catch (error) {
    if (error instanceof InvalidNotificationError) throw error;
    throw new InvalidNotificationError([{ path: '', reason: `unreadable input: ${String(error)}` }], { cause: error });
  }
}

function toFields(error: z.ZodError, payload: unknown): InvalidField[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    reason: describeIssue(issue, valueAt(payload, issue.path)),
  }));
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined && issue.code === 'invalid_type') return 'required';
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, got ${kindOf(value)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join('|')}, got ${preview(value)}`;
    default:
      return issue.message;
  }
}

/** A short, safe view of a scalar; containers by kind only, as they may be arbitrarily deep or large. */
function preview(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.slice(0, 60));
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return kindOf(value);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
