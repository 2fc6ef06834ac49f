/** All highlights of a finding, in time order. */
import type { SectionResult } from '../logs/executor';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { auditHighlights } from './audit-highlights';
import type { Highlight } from './highlight';
import { type LogIndicator, logHighlights } from './log-highlights';
import type { NetworkReport } from './processes';
import { compareNanos, compareTimestamps, timestampNanos } from '../query/values';

/** The most highlights kept. */
export const maxHighlights = 50;

/** What to look for in log lines: the reverse-shell destination, binary and script paths. */
export function logIndicators(finding: Finding, network: NetworkReport | undefined): LogIndicator[] {
  const indicators: LogIndicator[] = [];
  if (network?.dstIp !== undefined) {
    indicators.push({ needle: network.dstIp, label: 'reverse-shell destination' });
  }
  for (const process of finding.processes ?? []) {
    const binary = process.binary?.path;
    if (binary !== undefined && binary.length >= 4) indicators.push({ needle: binary, label: 'flagged binary' });
    const script = process.script?.path;
    if (script !== undefined && script.length >= 4) indicators.push({ needle: script, label: 'script' });
  }
  const unique = new Map(indicators.map((indicator) => [indicator.needle, indicator]));
  return [...unique.values()];
}

const time = (h: Highlight) => timestampNanos(h.at) ?? 0n;

/** Highlights from every section, oldest first, at most {@link maxHighlights}. */
export function highlightsOf(finding: Finding, workload: Workload, sections: readonly SectionResult[], network: NetworkReport | undefined): Highlight[] {
  const detection = finding.eventTime;
  const audit = sections.flatMap((section) =>
    section.report.name === 'cluster_audit' || section.report.name === 'run_audit' ? auditHighlights(section.entries, section.report.name, workload, detection) : [],
  );
  const all = [...audit, ...logHighlights(sections, workload, logIndicators(finding, network), detection)];
  const seen = new Set<string>();
  const unique = all.filter((h) => {
    const key = `${h.kind}|${h.insertId ?? h.at}|${h.summary}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Keep the ones nearest detection when there are too many, then show them in time order.
  const detectedAt = timestampNanos(detection) ?? 0n;
  const nearest = unique
    .map((h) => ({ h, distance: (time(h) - detectedAt) ** 2n }))
    .sort((a, b) => compareNanos(a.distance, b.distance))
    .slice(0, maxHighlights)
    .map(({ h }) => h);
  return nearest.sort((a, b) => compareTimestamps(a.at, b.at));
}
