/** Durations written as in the config: `30m`, `24h`, `15s`, `500ms`, `1h30m`. */

const unitMillis = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type DurationUnit = keyof typeof unitMillis;

const durationPattern = /^(?:\d+(?:ms|s|m|h|d))+$/;
const partPattern = /(\d+)(ms|s|m|h|d)/g;

/**
 * Parses a duration such as `30m` or `1h30m` into milliseconds.
 * @returns the milliseconds, or undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!durationPattern.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(partPattern)) {
    total += Number(amount) * unitMillis[unit as DurationUnit];
  }
  return total;
}

/** A duration as a responder reads it, the two largest units: `7h40m`, `2h`, `45s`; `0s` under half a second. */
export function formatDuration(millis: number): string {
  let rest = Math.round(Math.abs(millis) / 1000);
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join('');
}
