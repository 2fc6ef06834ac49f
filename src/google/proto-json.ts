/**
 * Protocol-buffer values as the Google clients decode them, turned into plain JSON, and back (the
 * audit-log decoder and the local test servers encode with the same functions).
 */

/** Plain JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A decoded `google.protobuf.Value` (`{stringValue}`, `{structValue: {fields}}`, …) as plain JSON. */
export function protoValueToJson(value: unknown): Json {
  const v = value as Record<string, unknown> | null | undefined;
  if (v === null || v === undefined || typeof v !== 'object') return (value ?? null) as Json;
  if ('structValue' in v) return protoStructToJson(v.structValue);
  if ('listValue' in v) return ((v.listValue as { values?: unknown[] } | null)?.values ?? []).map(protoValueToJson);
  if ('stringValue' in v) return String(v.stringValue);
  if ('numberValue' in v) return Number(v.numberValue);
  if ('boolValue' in v) return Boolean(v.boolValue);
  return null;
}

/** A decoded `google.protobuf.Struct` (`{fields: {…}}`) as a plain object. */
export function protoStructToJson(struct: unknown): { [key: string]: Json } {
  const fields = (struct as { fields?: Record<string, unknown> } | null)?.fields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, protoValueToJson(value)]));
}

/** Plain JSON as a `google.protobuf.Value` object, for encoding (the inverse of protoValueToJson). */
export function jsonToProtoValue(value: Json): Record<string, unknown> {
  if (value === null) return { nullValue: 0 };
  if (Array.isArray(value)) return { listValue: { values: value.map(jsonToProtoValue) } };
  if (typeof value === 'object') return { structValue: { fields: jsonToProtoFields(value) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return { numberValue: value };
  return { boolValue: value };
}

/** A plain object as the `fields` of a `google.protobuf.Struct`. */
export function jsonToProtoFields(object: Readonly<Record<string, Json>>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, jsonToProtoValue(value)]));
}

/** A `google.protobuf.Timestamp` (`{seconds, nanos}`), a Date or a string, as RFC 3339 (millisecond precision). */
export function protoTimestampToIso(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  const t = value as { seconds?: unknown; nanos?: unknown } | null | undefined;
  if (t?.seconds === undefined || t.seconds === null) return undefined;
  return new Date(Number(t.seconds) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6)).toISOString();
}
