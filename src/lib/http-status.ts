/** How an HTTP status tells whether the same request may succeed later. */

/** Statuses a retry can fix: request timeout, rate limiting, and the server's own errors. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
