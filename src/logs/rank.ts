/**
 * Which entries a responder reads first: lines naming one of the finding's indicators, then
 * ERROR and above, then the ones nearest detection. Excerpts are the top of this order.
 */
import { severityLevel, severityLevels } from '../query/values';
import { severityOf } from './message';
import { compareNanos } from '../lib/time';
import { entryNanos } from './interval';
import type { LogEntry } from './port';

/** Ranking inputs per entry, computed once. */
interface Ranked {
  readonly entry: LogEntry;
  readonly indicator: boolean;
  readonly error: boolean;
  readonly distance: bigint;
}

const distanceFrom = (detection: bigint, entry: LogEntry): bigint => {
  const delta = entryNanos(entry) - detection;
  return delta < 0n ? -delta : delta;
};

/** The entries, most relevant first; `isIndicator` says which lines name an indicator. */
export function rankEntries(entries: readonly LogEntry[], detection: bigint, isIndicator: (entry: LogEntry) => boolean): LogEntry[] {
  const ranked: Ranked[] = entries.map((entry) => ({
    entry,
    indicator: isIndicator(entry),
    error: (severityLevel(severityOf(entry)) ?? 0) >= severityLevels.ERROR,
    distance: distanceFrom(detection, entry),
  }));
  ranked.sort(
    (a, b) =>
      Number(b.indicator) - Number(a.indicator) ||
      Number(b.error) - Number(a.error) ||
      compareNanos(a.distance, b.distance) ||
      String(a.entry.insertId ?? '').localeCompare(String(b.entry.insertId ?? '')),
  );
  return ranked.map((r) => r.entry);
}
