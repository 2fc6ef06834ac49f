/**
 * A local gRPC `google.logging.v2.LoggingServiceV2` that answers `ListLogEntries` from a corpus of
 * exported logs with the project's own evaluator, so the real `@google-cloud/logging` client can be
 * tested end to end. Faults can be queued: latency, error codes, an empty page with a next token.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { encodeAuditLog } from '../../src/logs/audit-log';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import type { LogEntry } from '../../src/logs/port';
import { parseQuery } from '../../src/query/parser';
import { timestampNanos } from '../../src/query/values';
import { jsonToProtoFields } from '../../src/proto-json';

/** One injected fault, consumed by one ListLogEntries call. */
export type Fault =
  | { readonly kind: 'error'; readonly code: grpc.status; readonly details: string }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'emptyPageWithToken' };

/** A ListLogEntries request as the server saw it. */
export interface SeenRequest {
  readonly resourceNames: string[];
  readonly filter: string;
  readonly orderBy: string;
  readonly pageSize: number;
  readonly pageToken: string;
}

/** A running fake. */
export interface LoggingServer {
  readonly port: number;
  readonly host: string;
  readonly requests: SeenRequest[];
  /** Queues faults for the next calls whose filter contains `match` (any call when omitted). */
  inject(fault: Fault, match?: string): void;
  stop(): Promise<void>;
}

const root = join(__dirname, '..', '..', 'node_modules');

function loadService(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync('google/logging/v2/logging.proto', {
    includeDirs: [join(root, '@google-cloud/logging-api/build/protos'), join(root, 'google-gax/build/protos')],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { google: { logging: { v2: { LoggingServiceV2: { service: grpc.ServiceDefinition } } } } };
  return pkg.google.logging.v2.LoggingServiceV2.service;
}

function toTimestamp(text: unknown) {
  const nanos = timestampNanos(String(text ?? ''));
  return nanos === undefined ? null : { seconds: String(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) };
}

/** The corpus entry (LogEntry JSON) as the LogEntry proto message Cloud Logging sends. */
export function toProtoEntry(entry: LogEntry): Record<string, unknown> {
  const e = entry as Record<string, any>;
  const message: Record<string, unknown> = {
    logName: e.logName,
    resource: e.resource,
    timestamp: toTimestamp(e.timestamp),
    receiveTimestamp: toTimestamp(e.receiveTimestamp ?? e.timestamp),
    severity: e.severity ?? 'DEFAULT',
    insertId: e.insertId ?? '',
    labels: e.labels ?? {},
  };
  if (e.httpRequest) message.httpRequest = e.httpRequest;
  if (typeof e.textPayload === 'string') message.textPayload = e.textPayload;
  else if (e.jsonPayload) message.jsonPayload = { fields: jsonToProtoFields(e.jsonPayload) };
  else if (e.protoPayload) message.protoPayload = encodeAuditLog(e.protoPayload);
  return message;
}

/** Starts the fake on a free loopback port, serving the exported logs at `corpusPath`. */
export async function startLoggingServer(corpusPath: string): Promise<LoggingServer> {
  const source = new ExportedLogSource(corpusPath);
  const requests: SeenRequest[] = [];
  const faults: { fault: Fault; match: string | undefined }[] = [];
  const server = new grpc.Server();
  server.addService(loadService(), {
    listLogEntries: (call: grpc.ServerUnaryCall<SeenRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const request = call.request;
      requests.push({ ...request });
      void answer(request).then((response) => callback(null, response), (error: grpc.ServiceError) => callback(error, null));
    },
  });

  async function answer(request: SeenRequest): Promise<unknown> {
    for (;;) {
      const index = faults.findIndex(({ match }) => match === undefined || request.filter.includes(match));
      if (index < 0) break;
      const { fault } = faults.splice(index, 1)[0]!;
      if (fault.kind === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        continue;
      }
      if (fault.kind === 'emptyPageWithToken') return { entries: [], nextPageToken: 'not-finished-searching' };
      throw Object.assign(new Error(fault.details), { code: fault.code, details: fault.details });
    }
    const offset = request.pageToken === '' ? 0 : Number(request.pageToken);
    const pageSize = request.pageSize > 0 ? request.pageSize : 50;
    const page = await source.list({ resourceNames: request.resourceNames, filter: request.filter, expr: parseQuery(request.filter), pageSize: offset + pageSize }, new AbortController().signal);
    const entries = page.entries.slice(offset, offset + pageSize);
    return { entries: entries.map(toProtoEntry), nextPageToken: page.truncated ? String(offset + pageSize) : '' };
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    host: '127.0.0.1',
    port,
    requests,
    inject: (fault, match) => faults.push({ fault, match }),
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
