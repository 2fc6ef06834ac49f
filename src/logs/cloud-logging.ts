/**
 * The Cloud Logging source: entries.list through `@google-cloud/logging` `getEntries`, one bounded
 * page per call in the query's order, explicit time bounds (the client otherwise adds its own 24 h
 * bound), and retries with backoff and jitter for availability errors, inside the deadline. Quota
 * errors (RESOURCE_EXHAUSTED) go back to the reader, which owns the read budget.
 */
import { backOff } from 'exponential-backoff';
import type * as LoggingModule from '@google-cloud/logging';
import type { Entry, Logging } from '@google-cloud/logging';
import { type UpstreamError, describeError } from '../errors';
import { grpcCodeOf, status, transientStatuses, upstreamError } from '../google/grpc-status';
import { decodeProtoPayload } from './audit-log';
import { sharedClient } from '../google/clients';
import { protoTimestampToIso } from '../google/proto-json';
import { remainingMs } from '../lib/deadline';
import type { LogEntry, LogPage, LogQuery, LogSource } from './port';
import { severityLevels } from '../query/values';

/** Retried here with backoff: transient statuses except RESOURCE_EXHAUSTED, for which the reader shrinks its budget and retries. */
const retriedCodes = new Set<number>([...transientStatuses].filter((code) => code !== Number(status.RESOURCE_EXHAUSTED)));

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
    return new LoggingClient(options);
  });
}

/** Reads live Cloud Logging. */
export class CloudLoggingSource implements LogSource {
  readonly name = 'cloud-logging';

  constructor(private readonly settings: CloudLoggingSettings) {}

  warm(): void {
    clientFor(this.settings);
  }

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
        gaxOptions: boundedCall(signal),
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
        // No backoff sleeps past the deadline: the next attempt would be aborted anyway.
        maxDelay: Math.min(8_000, remainingMs(signal, 8_000)),
        jitter: 'full',
        retry: (error: unknown) => !signal.aborted && retriedCodes.has(grpcCodeOf(error) ?? -1),
      });
    } catch (error) {
      throw toUpstreamError(error, query);
    }
  }
}

/**
 * Call options for one attempt: the timeout is what is left of the deadline, the client's own
 * retries are off (this source retries with backoff, and knows the deadline), and the deadline's
 * signal cancels the call instead of leaving it running after the triage gave up on it.
 */
function boundedCall(signal: AbortSignal) {
  return { timeout: remainingMs(signal, defaultCallTimeoutMs), retry: null, signal };
}

/** A call made without a deadline (none is, today) gets Cloud Logging's own default. */
const defaultCallTimeoutMs = 60_000;

function toUpstreamError(error: unknown, query: LogQuery): UpstreamError {
  return upstreamError(error, {
    service: 'logging',
    advice: {
      [status.PERMISSION_DENIED]: `PERMISSION_DENIED reading ${query.resourceNames.join(', ')}: grant the function's service account roles/logging.viewer there (roles/logging.privateLogViewer for Data Access logs)`,
      [status.UNAUTHENTICATED]: 'UNAUTHENTICATED: no usable credentials (Application Default Credentials)',
      [status.INVALID_ARGUMENT]: `INVALID_ARGUMENT: ${describeError(error)}`,
    },
  });
}

/** The client gives severities as numbers; exported logs (and the filters) use the names. */
const severityNames: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(severityLevels).map(([name, level]) => [level, name]));

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
