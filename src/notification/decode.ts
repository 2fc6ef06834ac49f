/** Decode and validate at the edge: any input in, a typed notification out, or one typed error. */
import type { z } from 'zod';
import { InvalidNotificationError, type InvalidField } from '../errors';
import { type DeliveryMeta, kindOf, unwrapDelivery } from './envelope';
import { type Notification, notificationSchema } from './schema';
import { lenientPrefix, normaliseExporterShapes, valueAt, withValueAt } from './lenient';

/** A validated notification, how it was delivered, and what was set aside or normalised to accept it. */
export interface DecodedNotification {
  readonly notification: Notification;
  readonly meta: DeliveryMeta;
  /** One line per field the triage does not need that was normalised or ignored (see `lenient.ts`). */
  readonly warnings: readonly string[];
}

/**
 * Unwraps any accepted shape and validates the notification inside, strictly on the fields the
 * triage uses and leniently on the rest.
 * @throws InvalidNotificationError (and nothing else) naming every field at fault.
 */
export function decodeNotification(input: unknown): DecodedNotification {
  try {
    const { payload, meta } = unwrapDelivery(input);
    const parsed = notificationSchema.safeParse(payload);
    return parsed.success ? { notification: parsed.data, meta, warnings: [] } : decodeLeniently(payload, meta, parsed.error);
  } catch (error) {
    if (error instanceof InvalidNotificationError) throw error;
    throw new InvalidNotificationError([{ path: '', reason: `unreadable input: ${String(error)}` }], { cause: error });
  }
}

/**
 * Normalises known exporter shapes and sets aside lenient fields that do not validate; rejects when
 * a field the triage needs is at fault. Works on copies of the paths it changes, never the input.
 */
function decodeLeniently(payload: unknown, meta: DeliveryMeta, firstError: z.ZodError): DecodedNotification {
  const normalised = normaliseExporterShapes(payload);
  const warnings = [...normalised.warnings];
  let current = normalised.payload;
  let error: z.ZodError | undefined = warnings.length === 0 ? firstError : undefined;
  // Each round sets aside at least one field, so this ends; zod reports a nested field only once its parent is valid.
  for (;;) {
    if (error === undefined) {
      const parsed = notificationSchema.safeParse(current);
      if (parsed.success) return { notification: parsed.data, meta, warnings };
      error = parsed.error;
    }
    const root = current;
    // A lenient field that is already absent cannot be what fails: it counts as strict, so the loop ends.
    const setAside = (issue: z.core.$ZodIssue) => {
      const prefix = lenientPrefix(issue.path);
      return prefix !== undefined && valueAt(root, prefix) !== undefined ? prefix : undefined;
    };
    const strict = error.issues.filter((issue) => setAside(issue) === undefined);
    // Rejected: the fields the triage needs first, then any it would have set aside, so the copy says everything.
    if (strict.length > 0) throw new InvalidNotificationError(toFields([...strict, ...error.issues.filter((issue) => !strict.includes(issue))], root), { cause: error });
    const done = new Set<string>();
    for (const issue of error.issues) {
      const prefix = setAside(issue)!;
      const field = prefix.map(String).join('.');
      if (done.has(field)) continue; // two issues in one field: one warning
      done.add(field);
      warnings.push(`${field}: ignored (${describeIssue(issue, valueAt(root, issue.path))})`);
      current = withValueAt(current, prefix, undefined);
    }
    error = undefined;
  }
}

function toFields(issues: readonly z.core.$ZodIssue[], payload: unknown): InvalidField[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    reason: describeIssue(issue, valueAt(payload, issue.path)),
  }));
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  // zod 4 reports a missing enum as invalid_value.
  if (value === undefined && issue.code === 'invalid_value') return `required: one of ${issue.values.map(String).join('|')}`;
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
