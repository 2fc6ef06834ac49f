/**
 * Time, in one place: RFC 3339 timestamps to nanoseconds and back, their order, windows around the
 * detection, and offsets from it as a responder reads them (`-17m19s`, `+4s`).
 */
import { z } from 'zod';
import { formatDuration } from './duration';

const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2}))?$/;

/** Parses an RFC 3339 timestamp or an ISO 8601 date to nanoseconds since the epoch. */
export function timestampNanos(text: string): bigint | undefined {
  const match = timestampPattern.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(millis)) return undefined;
  const offsetMinutes = zone.toUpperCase() === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const seconds = BigInt(millis / 1000 - offsetMinutes * 60);
  return seconds * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
}

/** Orders two nanosecond times: negative, zero or positive. */
export const compareNanos = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders two timestamps by time; text that is not a timestamp counts as the epoch. */
export const compareTimestamps = (a: string, b: string): number => compareNanos(timestampNanos(a) ?? 0n, timestampNanos(b) ?? 0n);

/** A closed time window as RFC 3339 text, as every window in the summary reports it. */
export const timeWindowSchema = z.object({ start: z.string().describe('Start, inclusive (RFC 3339).'), end: z.string().describe('End, inclusive (RFC 3339).') });

/** A window, as {@link timeWindowSchema} describes it. */
export type TimeWindow = Readonly<z.infer<typeof timeWindowSchema>>;

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

/** Signed offset of `at` from `detection`, like `-17m19s` or `+1h2m`. */
export function offsetFrom(detection: string, at: string): string {
  const millis = millisBetween(detection, at);
  if (Number.isNaN(millis)) return '?';
  const shown = formatDuration(millis);
  return shown === '0s' ? '±0s' : `${millis < 0 ? '-' : '+'}${shown}`;
}
