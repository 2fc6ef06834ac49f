/** Times relative to detection, as a responder reads them: `-17m19s`, `+4s`, `at detection`. */
import { millisBetween } from '../plan/window';

/** Signed offset of `at` from `detection`, like `-17m19s` or `+1h2m`. */
export function offsetFrom(detection: string, at: string): string {
  const millis = millisBetween(detection, at);
  if (Number.isNaN(millis)) return '?';
  const sign = millis < 0 ? '-' : '+';
  let rest = Math.round(Math.abs(millis) / 1000);
  if (rest === 0) return '±0s';
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return sign + parts.slice(0, 2).join('');
}
