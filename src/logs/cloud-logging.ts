/**
 * The Cloud Logging source: entries.list through `@google-cloud/logging` `getEntries`, one bounded
 * page per call in the query's order, explicit time bounds (the client otherwise adds its own 24 h
 * bound), and retries with backoff and jitter for availability errors, inside the deadline. Quota
 * errors (RESOURCE_EXHAUSTED) go back to the reader, which owns the read budget.
 */
import { backOff } from 'exponential-backoff';
import type * as LoggingModule from '@google-cloud/logging';
import type { Entry, Logging } from '@google-cloud/logging';
import { UpstreamError, describeError } from '../errors';
import { decodeProtoPayload } from './audit-log';
import { protoTimestampToIso, sharedClient } from '../proto-json';
import type { LogEntry, LogPage, LogQuery, LogSource } from './port';

/** gRPC status codes this adapter treats specially. */
const grpcCodes = { deadlineExceeded: 4, permissionDenied: 7, resourceExhausted: 8, unavailable: 14, unauthenticated: 16, invalidArgument: 3 } as const;
/** Retried here with backoff. RESOURCE_EXHAUSTED is not: the reader shrinks its budget and retries. */
const retriedCodes = new Set<number>([grpcCodes.deadlineExceeded, grpcCodes.unavailable, 13]);
const retryableCodes = new Set<number>([...retriedCodes, grpcCodes.resourceExhausted]);

/** How the client is built. */
export interface CloudLoggingSettings {
  readonly project: string | undefined;
  /** `host:port` of a local, insecure LoggingServiceV2 (tests), or undefined for the real service. */
  readonly emulatorHost: string | undefined;
  /** First backoff delay; doubled each attempt, with full jitter. */
  readonly backoffStartMs?: number;
}

/** The instance's Logging client. */
function clientFor(settings: CloudLoggingSettings): Logging {
  return sharedClient('logging', settings.project, settings.emulatorHost, (options) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Logging: LoggingClient } = require('@google-cloud/logging') as typeof LoggingModule;
    return new LoggingClient(options as ConstructorParameters<typeof LoggingClient>[0]);
  });
}

/** Reads live Cloud Logging. */
export class CloudLoggingSource implements LogSource {
  readonly name = 'cloud-logging';

  constructor(private readonly settings: CloudLoggingSettings) {}

  async list(query: LogQuery, signal: AbortSignal): Promise<LogPage> {
    const client = clientFor(this.settings);
    const attempt = async (): Promise<LogPage> => {
      signal.throwIfAborted();
      const [entries, , response] = await client.getEntries({
        resourceNames: [...query.resourceNames],
        filter: query.filter,
        orderBy: `timestamp ${query.order ?? 'desc'}`,
        pageSize: query.pageSize,
        autoPaginate: false,
      });
      const nextPageToken = (response as { nextPageToken?: string } | undefined)?.nextPageToken;
      // An empty page with a token means "not finished searching", never "no logs".
      return { entries: entries.map(toLogEntry), truncated: typeof nextPageToken === 'string' && nextPageToken !== '' };
    };
    try {
      return await backOff(attempt, {
        numOfAttempts: 6,
        startingDelay: this.settings.backoffStartMs ?? 500,
        timeMultiple: 2,
        maxDelay: 8_000,
        jitter: 'full',
        retry: (error: unknown) => !signal.aborted && retriedCodes.has(codeOf(error) ?? -1),
      });
    } catch (error) {
      throw toUpstreamError(error, query);
    }
  }
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function toUpstreamError(error: unknown, query: LogQuery): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = codeOf(error);
  const options = { cause: error, ...(code === undefined ? {} : { code }) };
  switch (code) {
    case grpcCodes.permissionDenied:
      return new UpstreamError('logging', `PERMISSION_DENIED reading ${query.resourceNames.join(', ')}: grant the function's service account roles/logging.viewer there (roles/logging.privateLogViewer for Data Access logs)`, false, options);
    case grpcCodes.unauthenticated:
      return new UpstreamError('logging', 'UNAUTHENTICATED: no usable credentials (Application Default Credentials)', false, options);
    case grpcCodes.invalidArgument:
      return new UpstreamError('logging', `INVALID_ARGUMENT: ${describeError(error)}`, false, options);
    default:
      return new UpstreamError('logging', describeError(error), code === undefined || retryableCodes.has(code), options);
  }
}

const severityNames: Readonly<Record<number, string>> = { 0: 'DEFAULT', 100: 'DEBUG', 200: 'INFO', 300: 'NOTICE', 400: 'WARNING', 500: 'ERROR', 600: 'CRITICAL', 700: 'ALERT', 800: 'EMERGENCY' };

/** Converts a client Entry to the LogEntry JSON shape exported logs have, so both sources read alike. */
export function toLogEntry(entry: Entry): LogEntry {
  const meta = entry.metadata as Record<string, unknown>;
  const { timestamp, receiveTimestamp, severity, jsonPayload: _json, textPayload: _text, protoPayload, payload, ...rest } = meta;
  const body: Record<string, unknown> = {};
  if (payload === 'jsonPayload') body.jsonPayload = entry.data;
  else if (payload === 'protoPayload') body.protoPayload = decodeProtoPayload(protoPayload as never);
  else if (payload === 'textPayload' || typeof entry.data === 'string') body.textPayload = entry.data;
  const cleaned = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== undefined && value !== ''));
  return {
    ...cleaned,
    ...body,
    timestamp: protoTimestampToIso(timestamp),
    receiveTimestamp: protoTimestampToIso(receiveTimestamp),
    severity: typeof severity === 'number' ? (severityNames[severity] ?? String(severity)) : (severity ?? 'DEFAULT'),
  };
}
