/** All highlights of a finding, in time order. */
import type { SectionResult } from '../logs/executor';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { auditHighlights } from './audit-highlights';
import type { Highlight } from './highlight';
import { logHighlights } from './log-highlights';
import { logIndicatorsOf } from './log-indicators';
import { requestHighlights } from './request-highlights';
import { compareNanos, compareTimestamps, timestampNanos } from '../lib/time';

/** The most highlights kept. */
export const maxHighlights = 50;

const time = (h: Highlight) => timestampNanos(h.at) ?? 0n;

/** Highlights from every section, oldest first, at most {@link maxHighlights} (indicator matches kept first). */
export function highlightsOf(finding: Finding, workload: Workload, sections: readonly SectionResult[]): Highlight[] {
  const detection = finding.eventTime;
  const audit = sections.flatMap((section) =>
    section.report.name === 'cluster_audit' || section.report.name === 'run_audit' ? auditHighlights(section.entries, section.report.name, workload, detection) : [],
  );
  const all = [...audit, ...requestHighlights(sections, detection), ...logHighlights(sections, workload, logIndicatorsOf(finding), detection)];
  const seen = new Set<string>();
  const unique = all.filter((h) => {
    const key = `${h.kind}|${h.insertId ?? h.at}|${h.summary}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Keep indicator matches first, then the ones nearest detection, then show them in time order.
  const detectedAt = timestampNanos(detection) ?? 0n;
  const nearest = unique
    .map((h) => ({ h, distance: (time(h) - detectedAt) ** 2n, indicator: h.kind === 'indicator_in_logs' ? 0 : 1 }))
    .sort((a, b) => a.indicator - b.indicator || compareNanos(a.distance, b.distance))
    .slice(0, maxHighlights)
    .map(({ h }) => h);
  return nearest.sort((a, b) => compareTimestamps(a.at, b.at));
}
