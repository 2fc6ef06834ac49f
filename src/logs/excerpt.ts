/** Compact, bounded excerpts of log entries for the summary. Entries are untrusted data. */
import { z } from 'zod';
import type { LogEntry } from './port';
import { asRecord, defined, nonEmptyString as str } from '../lib/defined';
import { logIdOfName } from '../query/values';
import { boundText } from '../lib/sanitize';
import { jsonMessage, lineMessage, severityOf } from './message';

/** Who did what, for an audit entry. */
export const auditExcerptSchema = z.object({
  method: z.string().optional().describe('Audit methodName, such as io.k8s.core.v1.pods.exec.create.'),
  principal: z.string().optional().describe('Who made the call: authenticationInfo.principalEmail (or principalSubject).'),
  callerIp: z.string().optional().describe('requestMetadata.callerIp.'),
  userAgent: z.string().optional().describe('requestMetadata.callerSuppliedUserAgent, bounded.'),
  resourceName: z.string().optional().describe('The resource the call acted on.'),
  statusCode: z.number().optional().describe("The call's status code (0 or absent is success; Kubernetes audit uses HTTP codes)."),
});

/** The audit fields of an excerpt, as {@link auditExcerptSchema} describes them. */
export type AuditExcerpt = Readonly<z.infer<typeof auditExcerptSchema>>;

/**
 * One log entry as a section reports it: this stage's part of the output contract. The offset and
 * the indicator mark come from the section (see `executor.ts`); {@link Excerpt} is the rest.
 */
export const sectionExcerptSchema = z.object({
  timestamp: z.string().describe('When the entry was written (RFC 3339).'),
  severity: z.string().describe("The entry's severity (DEFAULT, INFO, ERROR, ...), derived from the payload when Cloud Logging gives none."),
  log: z.string().describe('The log id, decoded (stdout, cloudaudit.googleapis.com/activity).'),
  resourceType: z.string().optional().describe('The monitored resource type (k8s_container, k8s_cluster, cloud_run_revision, ...).'),
  insertId: z.string().optional().describe("The entry's insertId, to find it in Logs Explorer."),
  offset: z.string().describe('Signed offset from detection, like +2s or -17m19s.'),
  indicator: z.literal(true).optional().describe("Present (true) when the line names one of the finding's indicators."),
  text: z.string().describe('The payload as one line of text, bounded, secrets masked.'),
  audit: auditExcerptSchema.optional().describe('Who did what, for an audit entry.'),
});

/** An excerpt as a section reports it, as {@link sectionExcerptSchema} describes it. */
export type SectionExcerpt = Readonly<z.infer<typeof sectionExcerptSchema>>;

/** One log entry, reduced to what a responder reads first. */
export type Excerpt = Omit<SectionExcerpt, 'offset' | 'indicator'>;

/** The longest excerpt text kept. */
export const maxExcerptText = 512;

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
