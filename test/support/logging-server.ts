/**
 * A local gRPC `google.logging.v2.LoggingServiceV2` that answers `ListLogEntries` from a corpus of
 * exported logs with the project's own evaluator, so the real `@google-cloud/logging` client can be
 * tested end to end. Faults can be queued: latency, error codes, an empty page with a next token;
 * a round-trip latency and the per-minute read quota can be set for every call.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { encodeAuditLog } from './audit-log-encoder';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import type { LogEntry } from '../../src/logs/port';
import { parseQuery } from '../../src/query/parser';
import { timestampNanos } from '../../src/lib/time';
import { jsonToProtoFields } from '../../src/google/proto-json';

/** One injected fault, consumed by one ListLogEntries call. */
export type Fault = { readonly kind: 'error'; readonly code: grpc.status; readonly details: string } | { readonly kind: 'delay'; readonly ms: number } | { readonly kind: 'emptyPageWithToken' };

/** A ListLogEntries request as the server saw it. */
export interface SeenRequest {
  readonly resourceNames: string[];
  readonly filter: string;
  readonly orderBy: string;
  readonly pageSize: number;
  readonly pageToken: string;
}

/** How the fake behaves on every call. */
export interface ServerOptions {
  /** Added to every call, like a network round trip. */
  readonly latencyMs?: number;
  /** Answer RESOURCE_EXHAUSTED past this many calls in any rolling `quotaWindowMs`, as the read quota does. */
  readonly quotaPerWindow?: number;
  readonly quotaWindowMs?: number;
}

/** A running fake. */
export interface LoggingServer {
  readonly port: number;
  readonly host: string;
  readonly requests: SeenRequest[];
  /** Calls refused for quota so far. */
  readonly refused: () => number;
  /** Queues faults for the next calls whose filter contains `match` (any call when omitted). */
  inject(fault: Fault, match?: string): void;
  /** Drops every fault not yet consumed. */
  clearFaults(): void;
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
  // proto3 JSON writes a Duration as "0.213s"; the wire wants {seconds, nanos}, and a value that does not serialise leaves the call unanswered.
  if (e.httpRequest) message.httpRequest = { ...e.httpRequest, ...(typeof e.httpRequest.latency === 'string' ? { latency: durationOf(e.httpRequest.latency) } : {}) };
  if (typeof e.textPayload === 'string') message.textPayload = e.textPayload;
  else if (e.jsonPayload) message.jsonPayload = { fields: jsonToProtoFields(e.jsonPayload) };
  else if (e.protoPayload) message.protoPayload = encodeAuditLog(e.protoPayload);
  return message;
}

/** Starts the fake on a free loopback port, serving the exported logs at `corpusPath`. */
export async function startLoggingServer(corpusPath: string, options: ServerOptions = {}): Promise<LoggingServer> {
  const source = new ExportedLogSource(corpusPath);
  const requests: SeenRequest[] = [];
  const accepted: number[] = [];
  let refused = 0;
  const overQuota = (): boolean => {
    if (options.quotaPerWindow === undefined) return false;
    const now = Date.now();
    while (accepted.length > 0 && accepted[0]! <= now - (options.quotaWindowMs ?? 60_000)) accepted.shift();
    if (accepted.length >= options.quotaPerWindow) return true;
    accepted.push(now);
    return false;
  };
  const faults: { fault: Fault; match: string | undefined }[] = [];
  const server = new grpc.Server();
  server.addService(loadService(), {
    listLogEntries: (call: grpc.ServerUnaryCall<SeenRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const request = call.request;
      requests.push({ ...request });
      void answer(request).then(
        (response) => callback(null, response),
        (error: grpc.ServiceError) => callback(error, null),
      );
    },
  });

  async function answer(request: SeenRequest): Promise<unknown> {
    if (options.latencyMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (overQuota()) {
      refused++;
      const details = "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'logging.googleapis.com'";
      throw Object.assign(new Error(details), { code: grpc.status.RESOURCE_EXHAUSTED, details });
    }
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
    const order = request.orderBy === 'timestamp asc' ? 'asc' : 'desc';
    const query = { resourceNames: request.resourceNames, filter: request.filter, expr: parseQuery(request.filter), pageSize: offset + pageSize, order } as const;
    const page = await source.list(query, new AbortController().signal);
    const entries = page.entries.slice(offset, offset + pageSize);
    return { entries: entries.map(toProtoEntry), nextPageToken: page.truncated ? String(offset + pageSize) : '' };
  }

  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    host: '127.0.0.1',
    port,
    requests,
    refused: () => refused,
    inject: (fault, match) => faults.push({ fault, match }),
    clearFaults: () => {
      faults.length = 0;
    },
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** A proto3 JSON Duration (`"0.213s"`) as `{seconds, nanos}`. */
function durationOf(text: string): { seconds: number; nanos: number } {
  const seconds = Number.parseFloat(text);
  const whole = Math.floor(Number.isFinite(seconds) ? seconds : 0);
  return { seconds: whole, nanos: Math.round(((Number.isFinite(seconds) ? seconds : 0) - whole) * 1e9) };
}
