/** Logs Explorer deep links for a section. */

/** What a deep link needs. */
export interface ExplorerLinkInput {
  /** The query text shown in Logs Explorer (the filter without its time bounds). */
  readonly query: string;
  readonly start: string;
  readonly end: string;
  /** Where the results scroll to: the detection time. */
  readonly cursor: string;
  readonly projectId: string;
  /** Bucket views to search, when the logs are read from views rather than the project. */
  readonly views?: readonly string[];
}

/** Percent-encodes for a matrix parameter: everything encodeURIComponent does, plus `()!'*`. */
export function encodeMatrixValue(text: string): string {
  return encodeURIComponent(text).replace(/[()!'*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `https://console.cloud.google.com/logs/query;query=…;timeRange=START%2FEND;cursorTimestamp=…?project=P`. */
export function explorerUrl(input: ExplorerLinkInput): string {
  const parts = [`query=${encodeMatrixValue(input.query)}`, `timeRange=${encodeMatrixValue(input.start)}%2F${encodeMatrixValue(input.end)}`, `cursorTimestamp=${encodeMatrixValue(input.cursor)}`];
  if (input.views !== undefined && input.views.length > 0) {
    parts.push(`storageScope=storage,${input.views.map(encodeMatrixValue).join(',')}`);
  }
  return `https://console.cloud.google.com/logs/query;${parts.join(';')}?project=${encodeURIComponent(input.projectId)}`;
}
