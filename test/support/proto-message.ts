/**
 * Proto3 JSON (as the APIs' REST answers and our fixtures write it) as the message objects a
 * gRPC stand-in server encodes, by the message types a Google client package ships.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { timestampNanos } from '../../src/lib/time';
import { jsonToProtoFields, jsonToProtoValue } from '../../src/google/proto-json';

const root = join(__dirname, '..', '..', 'node_modules');

/** The message types of a Google client package (`@google-cloud/security-center`), from its protos.json. */
export function loadProtoRoot(packageName: string): protobuf.Root {
  return protobuf.Root.fromJSON(JSON.parse(readFileSync(join(root, packageName, 'build/protos/protos.json'), 'utf8')));
}

function toTimestamp(text: string) {
  const nanos = timestampNanos(text) ?? 0n;
  return { seconds: String(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) };
}

/** A proto3 JSON value as the message object the gRPC server encodes: timestamps and structs in their message form, the rest as it is. */
function toProtoField(field: protobuf.Field, value: any): unknown {
  const type = field.resolve().resolvedType;
  if (!(type instanceof protobuf.Type)) return value;
  if (type.fullName === '.google.protobuf.Timestamp') return toTimestamp(value);
  if (type.fullName === '.google.protobuf.Struct') return { fields: jsonToProtoFields(value) };
  if (type.fullName === '.google.protobuf.Value') return jsonToProtoValue(value);
  return toProtoMessage(type, value);
}

/** A proto3 JSON object as a message of `type`; fields the type does not have are dropped, as the real API would not know them. */
export function toProtoMessage(type: protobuf.Type, json: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const value = json[field.name];
    if (value === undefined || value === null) continue;
    if (field.map) out[field.name] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toProtoField(field, v)]));
    else out[field.name] = field.repeated ? (value as unknown[]).map((v) => toProtoField(field, v)) : toProtoField(field, value);
  }
  return out;
}
