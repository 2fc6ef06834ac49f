/** The LogSource port: the one way the engine reads logs, from Cloud Logging or from exports. */
import type { Expr } from '../query/ast';

/** A LogEntry as Cloud Logging returns it (proto3 JSON, camelCase). Untrusted data. */
export type LogEntry = Readonly<Record<string, unknown>>;

/** One entries.list request: newest first, one bounded page. */
export interface LogQuery {
  readonly resourceNames: readonly string[];
  /** The filter text, exactly as Cloud Logging receives it. */
  readonly filter: string;
  /** The same filter as a tree (the local source evaluates it). */
  readonly expr: Expr;
  /** The most entries to return. */
  readonly pageSize: number;
}

/** The answer to one query. */
export interface LogPage {
  /** Matching entries, newest first, at most `pageSize`. */
  readonly entries: readonly LogEntry[];
  /** True when more entries match than were returned, or the search did not finish. */
  readonly truncated: boolean;
}

/** Where log evidence comes from. */
export interface LogSource {
  /** A short name for reports: `cloud-logging`, `exported-logs`. */
  readonly name: string;
  /**
   * Runs one query.
   * @throws UpstreamError (retryable or not) when the source cannot answer.
   */
  list(query: LogQuery, signal: AbortSignal): Promise<LogPage>;
}
