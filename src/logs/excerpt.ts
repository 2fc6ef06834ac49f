/** Compact, bounded excerpts of log entries for the summary. Entries are untrusted data. */
import { z } from 'zod';
import type { LogEntry } from './port';
import { asRecord, defined } from '../lib/defined';
import { logIdOfName } from '../query/values';
import { boundText } from '../lib/sanitize';
import { jsonMessage, lineMessage, severityOf } from './message';

/** Who did what, for an audit entry. */
export const auditExcerptSchema = z.object({
  method: z.string().optional(),
  principal: z.string().optional(),
  callerIp: z.string().optional(),
  userAgent: z.string().optional(),
  resourceName: z.string().optional(),
  statusCode: z.number().optional(),
});

/** The audit fields of an excerpt, as {@link auditExcerptSchema} describes them. */
export type AuditExcerpt = Readonly<z.infer<typeof auditExcerptSchema>>;

/**
 * One log entry as a section reports it: this stage's part of the output contract. The offset and
 * the indicator mark come from the section (see `executor.ts`); {@link Excerpt} is the rest.
 */
export const sectionExcerptSchema = z.object({
  timestamp: z.string(),
  severity: z.string(),
  /** The log id, decoded (`stdout`, `cloudaudit.googleapis.com/activity`). */
  log: z.string(),
  resourceType: z.string().optional(),
  insertId: z.string().optional(),
  /** Signed offset from detection, like `+2s`. */
  offset: z.string(),
  /** The line names one of the finding's indicators. */
  indicator: z.literal(true).optional(),
  /** The payload as one line of text, bounded. */
  text: z.string(),
  audit: auditExcerptSchema.optional(),
});

/** An excerpt as a section reports it, as {@link sectionExcerptSchema} describes it. */
export type SectionExcerpt = Readonly<z.infer<typeof sectionExcerptSchema>>;

/** One log entry, reduced to what a responder reads first. */
export type Excerpt = Omit<SectionExcerpt, 'offset' | 'indicator'>;

/** The longest excerpt text kept. */
export const maxExcerptText = 512;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The decoded log id of an entry's `logName`. */
export function logIdOf(entry: LogEntry): string {
  const logName = String(entry.logName ?? '');
  // For a reader, a name that does not parse is shown as it is rather than dropped.
  const index = logName.indexOf('/logs/');
  return logIdOfName(logName) ?? (index < 0 ? logName : logName.slice(index + '/logs/'.length));
}

/** Audit fields of an entry with an AuditLog protoPayload. */
export function auditOf(entry: LogEntry): AuditExcerpt | undefined {
  const proto = asRecord(entry.protoPayload);
  if (proto === undefined) return undefined;
  const auth = asRecord(proto.authenticationInfo);
  const meta = asRecord(proto.requestMetadata);
  const status = asRecord(proto.status) ?? asRecord(proto.responseStatus);
  return defined({
    method: str(proto.methodName),
    principal: str(auth?.principalEmail) ?? str(auth?.principalSubject),
    callerIp: str(meta?.callerIp),
    userAgent: str(meta?.callerSuppliedUserAgent),
    resourceName: str(proto.resourceName),
    statusCode: typeof status?.code === 'number' ? status.code : undefined,
  });
}

/**
 * What an entry says, for a reader: the text, a JSON payload's message (journald's `MESSAGE` too;
 * klog and logfmt headers read, see `message.ts`) or the whole payload with its keys, an audit call
 * with its status message (a System Event has only that), or a request.
 */
export function payloadText(entry: LogEntry, audit: AuditExcerpt | undefined = auditOf(entry)): string {
  const text = str(entry.textPayload);
  if (text !== undefined) return lineMessage(text).text;
  const json = asRecord(entry.jsonPayload);
  if (json !== undefined) return jsonMessage(json)?.text ?? JSON.stringify(json);
  if (audit !== undefined) return [audit.method, audit.resourceName, str(asRecord(asRecord(entry.protoPayload)?.status)?.message)].filter(Boolean).join(' ');
  const http = asRecord(entry.httpRequest);
  if (http !== undefined) return [http.requestMethod, http.status, http.requestUrl].filter((v) => v !== undefined).join(' ');
  return '';
}

/** Reduces an entry to an excerpt with text bounded to {@link maxExcerptText}. */
export function toExcerpt(entry: LogEntry): Excerpt {
  const audit = auditOf(entry);
  const resourceType = str(asRecord(entry.resource)?.type);
  const insertId = str(entry.insertId);
  return {
    // Bounded like the text: exported logs can carry any string in these (live Logging normalises them).
    timestamp: boundText(String(entry.timestamp ?? ''), 64),
    severity: boundText(severityOf(entry) ?? 'DEFAULT', 32),
    log: logIdOf(entry),
    ...(resourceType === undefined ? {} : { resourceType }),
    ...(insertId === undefined ? {} : { insertId }),
    text: boundText(payloadText(entry, audit).replace(/\s+/g, ' ').trim(), maxExcerptText),
    ...(audit === undefined || Object.keys(audit).length === 0 ? {} : { audit }),
  };
}
