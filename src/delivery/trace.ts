/**
 * The trace of a delivery, for the special fields Cloud Logging reads from a structured log line
 * (`logging.googleapis.com/trace`, `spanId`, `trace_sampled`), so one delivery's lines group in
 * Logs Explorer and sit under its request. From the W3C `traceparent` header (or CloudEvent
 * extension), else from `X-Cloud-Trace-Context`; nothing unless the project is known.
 */

/** The trace headers of the request that carried a delivery. */
export interface TraceHeaders {
  readonly traceparent?: string | undefined;
  readonly cloudTraceContext?: string | undefined;
}

/** The log fields of a trace, or none. */
export type TraceFields = Readonly<Record<string, string | boolean>>;

interface Trace {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean | undefined;
}

// https://www.w3.org/TR/trace-context/#traceparent-header: version-traceid-parentid-flags, lower-case hex.
const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
// https://cloud.google.com/trace/docs/trace-context#legacy-http-header: TRACE_ID/SPAN_ID;o=OPTIONS, the span id in decimal.
const cloudTracePattern = /^([0-9a-fA-F]{32})\/([0-9]{1,20})(?:;o=([0-9]))?$/;
const allZero = /^0+$/;
const maxSpan = (1n << 64n) - 1n;

function fromTraceparent(header: string): Trace | undefined {
  const match = traceparentPattern.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  // Version ff is forbidden; an all-zero id is "no trace".
  if (version === 'ff' || allZero.test(traceId) || allZero.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

function fromCloudTraceContext(header: string): Trace | undefined {
  const match = cloudTracePattern.exec(header.trim());
  if (match === null) return undefined;
  const [, traceId, decimalSpan, options] = match as unknown as [string, string, string, string | undefined];
  const span = BigInt(decimalSpan);
  if (allZero.test(traceId) || span === 0n || span > maxSpan) return undefined;
  return { traceId: traceId.toLowerCase(), spanId: span.toString(16).padStart(16, '0'), sampled: options === undefined ? undefined : options === '1' };
}

/** The trace fields for a log line, or `{}` when there is no valid trace or no project to name it under. */
export function traceFields(headers: TraceHeaders, project: string | undefined): TraceFields {
  if (project === undefined) return {};
  const trace =
    (headers.traceparent === undefined ? undefined : fromTraceparent(headers.traceparent)) ?? (headers.cloudTraceContext === undefined ? undefined : fromCloudTraceContext(headers.cloudTraceContext));
  if (trace === undefined) return {};
  return {
    'logging.googleapis.com/trace': `projects/${project}/traces/${trace.traceId}`,
    'logging.googleapis.com/spanId': trace.spanId,
    ...(trace.sampled === undefined ? {} : { 'logging.googleapis.com/trace_sampled': trace.sampled }),
  };
}
