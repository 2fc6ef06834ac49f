/**
 * Decoding of `protoPayload`. Over gRPC, Cloud Logging returns it as a `google.protobuf.Any` whose
 * bytes are an AuditLog, and the Node client does not decode it; exported logs hold it as JSON.
 * This module turns the bytes into that same JSON shape. The message layout (field numbers) is the
 * public `google.cloud.audit.AuditLog`; fields not described here are skipped by the decoder.
 */
import * as protobuf from 'protobufjs';
import { type Json, jsonToProtoFields, protoStructToJson } from '../google/proto-json';

/** The type URL of an audit-log payload. */
export const auditLogTypeUrl = 'type.googleapis.com/google.cloud.audit.AuditLog';

function buildRoot(): protobuf.Root {
  const root = new protobuf.Root();
  root.addJSON(protobuf.common.get('google/protobuf/struct.proto')!.nested!);
  root.addJSON(protobuf.common.get('google/protobuf/any.proto')!.nested!);
  const audit = root.define('google.cloud.audit');
  audit.add(
    new protobuf.Type('AuditLog')
      .add(new protobuf.Field('status', 2, 'google.rpc.Status'))
      .add(new protobuf.Field('authenticationInfo', 3, 'AuthenticationInfo'))
      .add(new protobuf.Field('requestMetadata', 4, 'RequestMetadata'))
      .add(new protobuf.Field('serviceName', 7, 'string'))
      .add(new protobuf.Field('methodName', 8, 'string'))
      .add(new protobuf.Field('authorizationInfo', 9, 'AuthorizationInfo', 'repeated'))
      .add(new protobuf.Field('resourceName', 11, 'string'))
      .add(new protobuf.Field('numResponseItems', 12, 'int64'))
      .add(new protobuf.Field('request', 16, 'google.protobuf.Struct'))
      .add(new protobuf.Field('response', 17, 'google.protobuf.Struct')),
  );
  audit.add(new protobuf.Type('AuthenticationInfo').add(new protobuf.Field('principalEmail', 1, 'string')));
  audit.add(
    new protobuf.Type('AuthorizationInfo')
      .add(new protobuf.Field('resource', 1, 'string'))
      .add(new protobuf.Field('permission', 2, 'string'))
      .add(new protobuf.Field('granted', 3, 'bool')),
  );
  audit.add(new protobuf.Type('RequestMetadata').add(new protobuf.Field('callerIp', 1, 'string')).add(new protobuf.Field('callerSuppliedUserAgent', 2, 'string')));
  root.define('google.rpc').add(
    new protobuf.Type('Status')
      .add(new protobuf.Field('code', 1, 'int32'))
      .add(new protobuf.Field('message', 2, 'string'))
      .add(new protobuf.Field('details', 3, 'google.protobuf.Any', 'repeated')),
  );
  root.resolveAll();
  return root;
}

const root = buildRoot();
const auditLogType = root.lookupType('google.cloud.audit.AuditLog');

/**
 * Decodes an `Any` protoPayload into its JSON form (`{"@type": …, "methodName": …}`).
 * Payloads of other types keep only their `@type`; undecodable bytes leave an `@error` note.
 */
export function decodeProtoPayload(any: { type_url?: string; typeUrl?: string; value?: Uint8Array | string } | undefined): Record<string, unknown> | undefined {
  if (any === undefined || any === null) return undefined;
  const typeUrl = any.type_url ?? any.typeUrl ?? '';
  if (typeUrl !== auditLogTypeUrl || any.value === undefined) return { '@type': typeUrl };
  try {
    const bytes = typeof any.value === 'string' ? Buffer.from(any.value, 'base64') : any.value;
    const message = auditLogType.toObject(auditLogType.decode(bytes), { longs: String, defaults: false });
    for (const key of ['request', 'response'] as const) {
      if (message[key] !== undefined) message[key] = protoStructToJson(message[key]);
    }
    return { '@type': typeUrl, ...message };
  } catch (error) {
    return { '@type': typeUrl, '@error': `undecodable AuditLog: ${(error as Error).message}` };
  }
}

/** Encodes an AuditLog JSON payload as an `Any` (the test server answers the way Cloud Logging does). */
export function encodeAuditLog(payload: Record<string, unknown>): { type_url: string; value: Buffer } {
  const { '@type': _type, request, response, ...rest } = payload;
  const toStruct = (value: unknown) => root.lookupType('google.protobuf.Struct').fromObject({ fields: jsonToProtoFields(value as Record<string, Json>) });
  const message = auditLogType.fromObject({ ...rest, ...(request === undefined ? {} : { request: toStruct(request) }), ...(response === undefined ? {} : { response: toStruct(response) }) });
  return { type_url: auditLogTypeUrl, value: Buffer.from(auditLogType.encode(message).finish()) };
}
