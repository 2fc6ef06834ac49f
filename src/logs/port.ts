/** The LogSource port: the one way the engine reads logs, from Cloud Logging or from exports. */
import type { Expr } from '../query/ast';

/** A LogEntry as Cloud Logging returns it (proto3 JSON, camelCase). Untrusted data. */
export type LogEntry = Readonly<Record<string, unknown>>;

/** The two orders entries.list accepts. */
export const logOrders = ['desc', 'asc'] as const;
/** One of {@link logOrders}: `timestamp desc` (newest first) or `timestamp asc`. */
export type LogOrder = (typeof logOrders)[number];

/** One entries.list request: one bounded page in the given order. */
export interface LogQuery {
  readonly resourceNames: readonly string[];
  /** The filter text, exactly as Cloud Logging receives it. */
  readonly filter: string;
  /** The same filter as a tree (the local source evaluates it). */
  readonly expr: Expr;
  /** The most entries to return. */
  readonly pageSize: number;
  /** Newest first (`desc`, the default) or oldest first (`asc`); ties are ordered by insertId. */
  readonly order?: LogOrder;
}

/** The answer to one query. */
export interface LogPage {
  /** Matching entries in the query's order, at most `pageSize`. */
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
  /**
   * Loads what the first call needs (a Google client), so a delivery can do it while it waits
   * for something else: the reader's batch window. Optional: a local source has nothing to load.
   */
  warm?(): void;
  /** What the source could not read but answered without (a folder's unreadable file), one line each; the summary is then partial. */
  warnings?(): readonly string[];
}
