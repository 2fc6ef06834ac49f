/**
 * The inverse of `decodeProtoPayload`, for the local Logging server: an AuditLog in its proto3 JSON
 * form, encoded with the same published proto into the `Any` Cloud Logging sends.
 */
import * as protobuf from 'protobufjs';
import { type Json, jsonToProtoFields, jsonToProtoValue } from '../../src/google/proto-json';
import { auditLogType, auditLogTypeUrl } from '../../src/logs/audit-log';

function timestampOf(text: string): { seconds: number; nanos: number } {
  const fraction = /\.(\d{1,9})Z$/i.exec(text)?.[1] ?? '';
  return { seconds: Math.floor(Date.parse(text) / 1000), nanos: Number(fraction.padEnd(9, '0')) };
}

function valueToObject(field: protobuf.Field, value: unknown): unknown {
  const type = field.resolve().resolvedType;
  if (!(type instanceof protobuf.Type)) return value;
  switch (type.fullName) {
    case '.google.protobuf.Struct':
      return { fields: jsonToProtoFields(value as Record<string, Json>) };
    case '.google.protobuf.Value':
      return jsonToProtoValue(value as Json);
    case '.google.protobuf.Timestamp':
      return timestampOf(String(value));
    case '.google.protobuf.Any':
      return { type_url: String((value as { '@type'?: unknown })['@type'] ?? ''), value: Buffer.alloc(0) };
    default:
      return jsonToObject(type, value as Record<string, unknown>);
  }
}

/** A proto3 JSON object as the plain object protobufjs's `fromObject` takes. */
function jsonToObject(type: protobuf.Type, json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(json).flatMap(([key, value]) => {
      const field = type.fields[key];
      if (field === undefined) return [];
      return [[key, field.repeated && Array.isArray(value) ? value.map((v) => valueToObject(field, v)) : valueToObject(field, value)]];
    }),
  );
}

/** Encodes an AuditLog JSON payload as an `Any`, the way Cloud Logging sends it. */
export function encodeAuditLog(payload: Record<string, unknown>): { type_url: string; value: Buffer } {
  const { '@type': _type, ...fields } = payload;
  const type = auditLogType();
  return { type_url: auditLogTypeUrl, value: Buffer.from(type.encode(type.fromObject(jsonToObject(type, fields))).finish()) };
}
