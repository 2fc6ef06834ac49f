/**
 * Decoding of `protoPayload`. Over gRPC, Cloud Logging returns it as a `google.protobuf.Any` whose
 * bytes are an AuditLog, and the Node client does not decode it; exported logs hold it as JSON.
 * This module decodes the bytes with the published `google/cloud/audit/audit_log.proto` (from
 * `google-proto-files`) into that same proto3 JSON shape, so a live entry and its export read the
 * same: `principalSubject`, `serviceAccountDelegationInfo`, `requestAttributes` and all.
 */
import { dirname, join } from 'node:path';
import * as protobuf from 'protobufjs';
import { protoMessageToJson } from '../google/proto-json';

/** The type URL of an audit-log payload. */
export const auditLogTypeUrl = 'type.googleapis.com/google.cloud.audit.AuditLog';

let cached: protobuf.Type | undefined;

/** The AuditLog type, loaded from the published protos on first use (off the start-up path). */
export function auditLogType(): protobuf.Type {
  if (cached !== undefined) return cached;
  const protos = dirname(require.resolve('google-proto-files/package.json'));
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protos, target);
  root.loadSync('google/cloud/audit/audit_log.proto', { keepCase: false });
  root.resolveAll();
  cached = root.lookupType('google.cloud.audit.AuditLog');
  return cached;
}

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
    const type = auditLogType();
    return { '@type': typeUrl, ...protoMessageToJson(type, type.decode(bytes)) };
  } catch (error) {
    return { '@type': typeUrl, '@error': `undecodable AuditLog: ${(error as Error).message}` };
  }
}
