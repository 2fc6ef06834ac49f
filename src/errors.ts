/**
 * The few typed errors of scc-triage. Each carries its context and its cause, and says whether a
 * retry can help: the handler acks what retrying cannot fix and throws only what it can.
 */

/** Base class: every error scc-triage raises on purpose. */
export abstract class TriageError extends Error {
  /** True when the same input may succeed later (Pub/Sub should redeliver). */
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One problem found in a notification: where (a dotted field path) and why. */
export interface InvalidField {
  /** Dotted path from the notification root, for example `finding.eventTime`; `` for the whole input. */
  readonly path: string;
  /** Why the value is not acceptable. */
  readonly reason: string;
}

/** The input is not a notification scc-triage can read. Permanent: retrying cannot fix it. */
export class InvalidNotificationError extends TriageError {
  readonly retryable = false;
  /** Every problem found, first one first. */
  readonly fields: readonly InvalidField[];

  constructor(fields: readonly InvalidField[], options?: { cause?: unknown }) {
    super(describeFields(fields), options);
    this.fields = fields;
  }

  /** The first field path at fault. */
  get path(): string {
    return this.fields[0]?.path ?? '';
  }
}

function describeFields(fields: readonly InvalidField[]): string {
  const shown = fields.slice(0, 3).map((f) => (f.path === '' ? f.reason : `${f.path}: ${f.reason}`));
  const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
  return `invalid notification: ${shown.join('; ')}${more}`;
}

/** A query-language text that the parser or evaluator does not accept. */
export class QuerySyntaxError extends TriageError {
  readonly retryable = false;

  constructor(
    message: string,
    /** Character offset in the filter where the problem starts. */
    readonly position: number,
    /** The construct at fault, for example `SEARCH()` or `unterminated string`. */
    readonly construct: string,
  ) {
    super(`${message} at position ${position}`);
  }
}

/** A configuration value (environment variable or flag) that is missing or malformed. */
export class ConfigError extends TriageError {
  readonly retryable = false;

  constructor(
    /** The variable or flag at fault, for example `LOG_WINDOW_BEFORE`. */
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

/** A call to a dependency (Cloud Logging, Pub/Sub, a file) failed. */
export class UpstreamError extends TriageError {
  constructor(
    /** Which dependency failed, for example `logging` or `exported-logs`. */
    readonly service: string,
    message: string,
    /** Whether the same call may succeed later. */
    readonly retryable: boolean,
    options?: { cause?: unknown; code?: number | string },
  ) {
    super(`${service}: ${message}`, options);
    this.code = options?.code;
  }

  /** The dependency's own status code, where it gave one (gRPC code, errno). */
  readonly code: number | string | undefined;
}

/** True for errors a retry can fix; unknown errors count as retryable so nothing is lost. */
export function isRetryable(error: unknown): boolean {
  return error instanceof TriageError ? error.retryable : true;
}

/** A short, single-line description of any thrown value. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
