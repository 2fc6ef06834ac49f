/** Value conversions of the query language: case folding, severities, RE2 regexes (timestamps: src/lib/time.ts). */
import { QuerySyntaxError } from '../errors';

/** NFKC case folding, the normalisation string comparisons use (regexes do not). */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** LogSeverity values in order. */
export const severityLevels = {
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
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

/**
 * The log id of a `logName` (`projects/P/logs/cloudaudit.googleapis.com%2Factivity` →
 * `cloudaudit.googleapis.com/activity`), decoded as `log_id()` compares it; undefined when the name
 * has no `/logs/` part or does not decode.
 */
export function logIdOfName(logName: string): string | undefined {
  const index = logName.indexOf('/logs/');
  if (index < 0) return undefined;
  try {
    return decodeURIComponent(logName.slice(index + '/logs/'.length));
  } catch {
    return undefined;
  }
}
