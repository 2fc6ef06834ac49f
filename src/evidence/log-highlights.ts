/**
 * Highlights from log lines: container restarts, exits and OOM kills around detection, the
 * finding's indicators (destination, binary, script) appearing in logs, and error bursts.
 */
import type { SectionResult } from '../logs/executor';
import { logIdOf, payloadText } from '../logs/excerpt';
import type { LogEntry } from '../logs/port';
import { severityOf } from '../logs/message';
import { millisBetween, offsetFrom } from '../lib/time';
import { boundText, oneLine } from '../lib/sanitize';
import type { Workload } from '../notification/workload';
import type { Highlight, HighlightKind } from './highlight';
import type { LogIndicator } from './log-indicators';
import { fold, severityLevel, severityLevels } from '../query/values';

const lifecycle: readonly { readonly kind: HighlightKind; readonly pattern: RegExp; readonly summary: string }[] = [
  // Cloud Run says "Memory limit of 512 MiB exceeded with 543 MiB used".
  { kind: 'oom_kill', pattern: /\b(oom[-_ ]?kill(ed)?|out of memory|OOMKilled|memory limit of [^\n]{0,40}exceeded)\b/i, summary: 'OOM kill' },
  {
    kind: 'container_exit',
    pattern: /\b(killing container|stopping container|exited on signal \d+|exit(ed)? with (exit )?code \d+|container called exit\(|terminated with exit code \d+)/i,
    summary: 'container killed or exited',
  },
  { kind: 'container_restart', pattern: /\b(back-off restarting|restarting (failed )?container|ContainerStarted|container (re)?started)\b/i, summary: 'container (re)started' },
];

/** Characters of an entry kept for a highlight's detail before masking (shown: 300). */
export const highlightDetailChars = 1_000;

/** Text of an entry to search: the payload, as one string. */
export function entryText(entry: LogEntry): string {
  if (typeof entry.textPayload === 'string') return entry.textPayload;
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  walk(entry.jsonPayload);
  walk(entry.httpRequest);
  return parts.join(' ');
}

const isError = (entry: LogEntry) => logIdOf(entry).endsWith('stderr') || (severityLevel(severityOf(entry)) ?? 0) >= severityLevels.ERROR;

function highlight(entry: LogEntry, section: SectionResult, kind: HighlightKind, summary: string, detection: string): Highlight {
  const at = boundText(String(entry.timestamp ?? ''), 64);
  const insertId = typeof entry.insertId === 'string' ? { insertId: entry.insertId } : {};
  // The detail is what the entry says with its keys kept (a flattened payload would lose the key
  // that marks a secret), cut but not yet escaped: the summary masks it, then makes it one line.
  return { at, offset: offsetFrom(detection, at), kind, summary: oneLine(summary, 300), detail: boundText(payloadText(entry), highlightDetailChars), section: section.report.name, ...insertId };
}

/** Lifecycle events; node logs cover every pod on the node, so only lines naming this pod count. */
function lifecycleHighlights(section: SectionResult, workload: Workload, detection: string): Highlight[] {
  const mustMention = section.report.name === 'node_logs' && workload.platform === 'gke' ? [workload.pod, workload.container].filter((v): v is string => v !== undefined) : [];
  return section.entries.flatMap((entry) => {
    const text = entryText(entry);
    if (mustMention.length > 0 && !mustMention.some((name) => text.includes(name))) return [];
    const rule = lifecycle.find(({ pattern }) => pattern.test(text));
    return rule === undefined ? [] : [highlight(entry, section, rule.kind, `${rule.summary} (${section.report.name})`, detection)];
  });
}

/** Lines naming an indicator (case folded, as the indicator query matches), nearest detection first. */
function indicatorHighlights(section: SectionResult, indicators: readonly LogIndicator[], detection: string, perIndicator = 3): Highlight[] {
  const detectedAt = Date.parse(detection);
  const distance = (entry: LogEntry) => Math.abs(Date.parse(String(entry.timestamp ?? '')) - detectedAt) || 0;
  const texts = section.entries.map((entry) => ({ entry, text: fold(entryText(entry)) }));
  return indicators.flatMap(({ needle, label }) =>
    texts
      .filter(({ text }) => text.includes(fold(needle)))
      .map(({ entry }) => entry)
      .sort((a, b) => distance(a) - distance(b))
      .slice(0, perIndicator)
      .map((entry) => highlight(entry, section, 'indicator_in_logs', `${label} ${needle} appears in ${section.report.name} (${logIdOf(entry)})`, detection)),
  );
}

/** Three or more stderr/ERROR lines within two minutes of detection. */
function errorBurst(section: SectionResult, detection: string, minimum = 3, withinMs = 120_000): Highlight[] {
  const burst = section.entries.filter((entry) => isError(entry) && Math.abs(millisBetween(detection, String(entry.timestamp ?? ''))) <= withinMs);
  if (burst.length < minimum) return [];
  const first = burst.at(-1)!;
  return [highlight(first, section, 'error_burst', `${burst.length} error lines (stderr or ERROR) within 2 minutes of detection in ${section.report.name}`, detection)];
}

/**
 * Each error line (stderr or ERROR and above) within seconds of detection: the failed download,
 * the stack trace of the exploited request. Lines that name an indicator already have a highlight.
 */
function errorsAtDetection(section: SectionResult, indicators: readonly LogIndicator[], detection: string, withinMs = 10_000, most = 5): Highlight[] {
  const needles = indicators.map(({ needle }) => fold(needle));
  return section.entries
    .filter((entry) => isError(entry) && Math.abs(millisBetween(detection, String(entry.timestamp ?? ''))) <= withinMs)
    .filter((entry) => !needles.some((needle) => fold(entryText(entry)).includes(needle)))
    .sort((a, b) => Math.abs(millisBetween(detection, String(a.timestamp ?? ''))) - Math.abs(millisBetween(detection, String(b.timestamp ?? ''))))
    .slice(0, most)
    .map((entry) => highlight(entry, section, 'error_at_detection', `error line within ${withinMs / 1000}s of detection in ${section.report.name} (${logIdOf(entry)})`, detection));
}

/** Every log-line highlight of the non-audit sections. */
export function logHighlights(sections: readonly SectionResult[], workload: Workload, indicators: readonly LogIndicator[], detection: string): Highlight[] {
  return sections
    .filter((section) => section.report.name !== 'cluster_audit' && section.report.name !== 'run_audit' && section.report.name !== 'identity_activity' && section.report.name !== 'indicator_sweep')
    .flatMap((section) => [
      ...lifecycleHighlights(section, workload, detection),
      ...indicatorHighlights(section, indicators, detection),
      ...(section.report.name === 'node_logs' ? [] : [...errorBurst(section, detection), ...errorsAtDetection(section, indicators, detection)]),
    ]);
}
