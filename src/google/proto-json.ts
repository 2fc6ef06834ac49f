/**
 * Protocol-buffer values as the Google clients decode them, turned into plain JSON, and back (the
 * audit-log decoder and the local test servers encode with the same functions), and whole decoded
 * messages as proto3 JSON.
 */
import * as protobuf from 'protobufjs';

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

/** A `google.protobuf.Timestamp` as proto3 JSON writes it: RFC 3339 UTC with 0, 3, 6 or 9 fractional digits. */
export function protoTimestampToRfc3339(value: unknown): string | undefined {
  const t = value as { seconds?: unknown; nanos?: unknown } | null | undefined;
  if (t?.seconds === undefined || t.seconds === null) return undefined;
  const base = new Date(Number(t.seconds) * 1000).toISOString().slice(0, 19);
  const nanos = Number(t.nanos ?? 0);
  if (nanos === 0) return `${base}Z`;
  const digits = String(nanos).padStart(9, '0');
  const kept = digits.endsWith('000000') ? digits.slice(0, 3) : digits.endsWith('000') ? digits.slice(0, 6) : digits;
  return `${base}.${kept}Z`;
}

const int64Types: ReadonlySet<string> = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** The well-known types proto3 JSON writes in their own form. */
const wellKnown: Readonly<Record<string, (value: unknown) => Json | undefined>> = {
  '.google.protobuf.Struct': protoStructToJson,
  '.google.protobuf.Value': protoValueToJson,
  '.google.protobuf.ListValue': (value) => ((value as { values?: unknown[] } | null)?.values ?? []).map(protoValueToJson),
  '.google.protobuf.Timestamp': (value) => protoTimestampToRfc3339(value),
  '.google.protobuf.Duration': (value) => `${Number((value as { seconds?: unknown }).seconds ?? 0) + Number((value as { nanos?: unknown }).nanos ?? 0) / 1e9}s`,
  // A nested Any (serviceData, a status detail) is named, not decoded.
  '.google.protobuf.Any': (value) => ({ '@type': String((value as { type_url?: unknown; typeUrl?: unknown }).type_url ?? (value as { typeUrl?: unknown }).typeUrl ?? '') }),
};

function fieldToJson(field: protobuf.Field, value: unknown): Json | undefined {
  const type = field.resolve().resolvedType;
  // A decoded message answers `in` for every field (its prototype holds the defaults), so the well-known converters get a plain copy.
  if (type instanceof protobuf.Type)
    return type.fullName in wellKnown ? wellKnown[type.fullName]!(type.toObject(value as protobuf.Message, { longs: String, defaults: false })) : protoMessageToJson(type, value);
  if (type instanceof protobuf.Enum) return type.valuesById[value as number] ?? (value as number);
  if (int64Types.has(field.type)) return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value as Json;
}

/**
 * A message decoded by protobufjs, in proto3 JSON form (lowerCamelCase names, well-known types
 * in their JSON form, int64 as strings, enums by name), with only the fields the wire had.
 */
export function protoMessageToJson(type: protobuf.Type, message: unknown): { [key: string]: Json } {
  const record = message as Record<string, unknown>;
  const out: { [key: string]: Json } = {};
  for (const field of type.fieldsArray) {
    // Decoded messages own only the fields that were on the wire; defaults live on the prototype.
    if (!Object.prototype.hasOwnProperty.call(record, field.name)) continue;
    const value = record[field.name];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (field.map && Object.keys(value).length === 0) continue;
    const converted = field.map
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fieldToJson(field, v) ?? null]))
      : field.repeated
        ? (value as unknown[]).map((v) => fieldToJson(field, v) ?? null)
        : fieldToJson(field, value);
    if (converted !== undefined) out[field.name] = converted;
  }
  return out;
}

/** True for a value proto3 JSON leaves out: a scalar at its default, an empty list or map, an unset message. */
function isDefault(field: protobuf.Field, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (field.map) return Object.keys(value).length === 0;
  if (field.repeated) return Array.isArray(value) && value.length === 0;
  // A oneof member that is there was set, whatever its value.
  if (field.partOf !== null && field.partOf !== undefined) return false;
  const type = field.resolve().resolvedType;
  if (type instanceof protobuf.Type) return false;
  if (type instanceof protobuf.Enum) return value === 0 || value === type.valuesById[0];
  return value === '' || value === 0 || value === false || (int64Types.has(field.type) && String(value) === '0') || (value instanceof Uint8Array && value.length === 0);
}

function objectFieldToJson(field: protobuf.Field, value: unknown): Json | undefined {
  const type = field.resolve().resolvedType;
  if (type instanceof protobuf.Type) return type.fullName in wellKnown ? wellKnown[type.fullName]!(value) : protoObjectToJson(type, value);
  if (type instanceof protobuf.Enum) return typeof value === 'number' ? (type.valuesById[value] ?? value) : String(value);
  if (int64Types.has(field.type)) return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value as Json;
}

/**
 * A message as a Google client hands it over (a plain object from @grpc/proto-loader: every field
 * there with its default, enums by name, int64 as strings), in proto3 JSON form: lowerCamelCase
 * names, defaults left out as proto3 JSON leaves them out, well-known types in their JSON form.
 */
export function protoObjectToJson(type: protobuf.Type, object: unknown): { [key: string]: Json } {
  const record = (object ?? {}) as Record<string, unknown>;
  const out: { [key: string]: Json } = {};
  for (const field of type.fieldsArray) {
    const value = record[field.name];
    if (isDefault(field, value)) continue;
    const converted = field.map
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, objectFieldToJson(field, v) ?? null]))
      : field.repeated
        ? (value as unknown[]).map((v) => objectFieldToJson(field, v) ?? null)
        : objectFieldToJson(field, value);
    if (converted !== undefined) out[field.name] = converted;
  }
  return out;
}
