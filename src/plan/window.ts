/** Time windows around the detection, in nanosecond precision. */
import { timestampNanos } from '../query/values';

/** A closed time window as RFC 3339 text. */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

const nanosPerMilli = 1_000_000n;

/** Formats nanoseconds since the epoch as RFC 3339 UTC (milliseconds, or nanoseconds when needed). */
export function formatNanos(nanos: bigint): string {
  const millis = nanos / nanosPerMilli - (nanos % nanosPerMilli < 0n ? 1n : 0n);
  const iso = new Date(Number(millis)).toISOString();
  const rest = nanos - millis * nanosPerMilli;
  if (rest === 0n) return iso;
  const digits = `${iso.slice(20, 23)}${rest.toString().padStart(6, '0')}`;
  let end = digits.length;
  while (digits[end - 1] === '0') end -= 1;
  const fraction = digits.slice(0, end);
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

/**
 * The window `[eventTime − before, eventTime + after]`.
 * @throws RangeError when the event time is not a timestamp (validation prevents that).
 */
export function windowAround(eventTime: string, beforeMs: number, afterMs: number): TimeWindow {
  const center = timestampNanos(eventTime);
  if (center === undefined) throw new RangeError(`not a timestamp: ${eventTime}`);
  return {
    start: formatNanos(center - BigInt(beforeMs) * nanosPerMilli),
    end: formatNanos(center + BigInt(afterMs) * nanosPerMilli),
  };
}

/** Milliseconds between two timestamps (`to − from`). */
export function millisBetween(from: string, to: string): number {
  const a = timestampNanos(from);
  const b = timestampNanos(to);
  return a === undefined || b === undefined ? Number.NaN : Number((b - a) / nanosPerMilli);
}
