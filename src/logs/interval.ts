/**
 * Closed intervals of instants in nanoseconds since the epoch. Log timestamps have nanosecond
 * precision, so "everything after T" is exactly `[T + 1ns, …]`: coverage never claims an instant
 * it has not read.
 */
import { formatNanos, timestampNanos } from '../lib/time';

/** `[from, to]`, both included. */
export interface Interval {
  readonly from: bigint;
  readonly to: bigint;
}

/** The interval, or undefined when it holds no instant. */
export function interval(from: bigint, to: bigint): Interval | undefined {
  return from <= to ? { from, to } : undefined;
}

/** The common part of two intervals. */
export function intersect(a: Interval | undefined, b: Interval | undefined): Interval | undefined {
  return a === undefined || b === undefined ? undefined : interval(a.from > b.from ? a.from : b.from, a.to < b.to ? a.to : b.to);
}

/** The smallest interval holding both. */
export function hull(a: Interval, b: Interval): Interval {
  return { from: a.from < b.from ? a.from : b.from, to: a.to > b.to ? a.to : b.to };
}

/** True when the two share an instant or touch (so their hull adds nothing between them). */
export function overlapsOrTouches(a: Interval, b: Interval): boolean {
  return a.from <= b.to + 1n && b.from <= a.to + 1n;
}

/** True when `instant` lies in the interval. */
export const contains = (range: Interval, instant: bigint): boolean => instant >= range.from && instant <= range.to;

/** The interval as RFC 3339 text. */
export function toTextRange(range: Interval): { readonly from: string; readonly to: string } {
  return { from: formatNanos(range.from), to: formatNanos(range.to) };
}

/**
 * Parses a window's RFC 3339 bounds.
 * @throws RangeError when a bound is not a timestamp (planning produces only timestamps).
 */
export function parseRange(start: string, end: string): Interval {
  const from = timestampNanos(start);
  const to = timestampNanos(end);
  if (from === undefined || to === undefined) throw new RangeError(`not a time window: ${start} … ${end}`);
  return { from, to };
}

const parsedTimes = new WeakMap<object, bigint>();

/** An entry's timestamp in nanoseconds (parsed once per entry); an entry without one sorts at the epoch. */
export function entryNanos(entry: Readonly<Record<string, unknown>>): bigint {
  let at = parsedTimes.get(entry);
  if (at === undefined) {
    at = timestampNanos(String(entry.timestamp ?? '')) ?? 0n;
    parsedTimes.set(entry, at);
  }
  return at;
}
