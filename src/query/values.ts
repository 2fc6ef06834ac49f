/** Value conversions of the query language: case folding, timestamps, severities, RE2 regexes. */
import { QuerySyntaxError } from '../errors';

/** NFKC case folding, the normalisation string comparisons use (regexes do not). */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFKC');
}

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

/** LogSeverity values in order. */
export const severityLevels = {
  DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800,
} as const;

/** A severity name or number as its numeric level; undefined when it is neither. */
export function severityLevel(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  if (upper in severityLevels) return severityLevels[upper as keyof typeof severityLevels];
  return /^\d+$/.test(upper) ? Number(upper) : undefined;
}

const regexCache = new Map<string, RegExp>();

/**
 * Compiles an RE2 pattern to a JavaScript RegExp (leading `(?i)`, `(?s)`, `(?m)` become flags).
 * @throws QuerySyntaxError when the pattern is not a valid regular expression.
 */
export function compileRegex(pattern: string, position = 0): RegExp {
  const cached = regexCache.get(pattern);
  if (cached) return cached;
  const flagMatch = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = `u${flagMatch?.[1] ?? ''}`;
  try {
    const regex = new RegExp(flagMatch ? pattern.slice(flagMatch[0].length) : pattern, flags);
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, regex);
    return regex;
  } catch (error) {
    throw new QuerySyntaxError(`invalid regular expression: ${(error as Error).message}`, position, 'regular expression');
  }
}
