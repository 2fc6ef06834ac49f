/**
 * What a chat message says about a summary, the same for every platform: a title from closed
 * vocabularies only (priority, severity, family, platform, state), and the summary's own strings,
 * which stay raw here because each platform escapes them its own way. Lists are ordered so the
 * first items are the ones worth a responder's look; renderers show as many as their limits allow.
 */
import { createHash } from 'node:crypto';
import type { Summary } from '../summary/schema';
import { type Priority, priorities } from '../evidence/assessment';
import { timestampNanos } from '../lib/time';
import type { Platform } from '../notification/resource-name';
import { type AlertLink, type LinkSettings, linksOf, sectionLinksOf } from './links';
import type { Detail } from './limits';

/** A labelled value of the workload; the label is ours, the value untrusted. */
export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** Everything a renderer needs. */
export interface Alert {
  readonly kind: Summary['kind'];
  readonly priority: Priority;
  /** Trusted: built from closed vocabularies, so it needs no escaping. */
  readonly title: string;
  readonly subtitle: string;
  readonly emoji: string;
  readonly headline: string;
  /** For an update: what changed, as the summary says. */
  readonly change: string | undefined;
  readonly reasons: readonly string[];
  readonly facts: readonly Fact[];
  /** In time order, as the summary has them. */
  readonly highlights: readonly AlertHighlight[];
  readonly processes: readonly string[];
  readonly indicators: readonly string[];
  readonly links: readonly AlertLink[];
  readonly sectionLinks: readonly AlertLink[];
  /** Untrusted: the summary's triageId, status and triage time. */
  readonly footer: string;
  /** The same for every summary of one finding, so its update lands in the first alert's thread. */
  readonly threadKey: string;
}

const priorityEmoji: Readonly<Record<Priority, string>> = { P1: '🔴', P2: '🟠', P3: '🟡', P4: '🔵' };
const platformNames: Readonly<Record<Platform, string>> = { gke: 'GKE', cloud_run_service: 'Cloud Run service', cloud_run_job: 'Cloud Run job' };

/** True when `priority` is `minimum` or more urgent. */
export const atLeast = (priority: Priority, minimum: Priority): boolean => priorities.indexOf(priority) <= priorities.indexOf(minimum);

/**
 * The thread of a finding: a hash of its name, which every summary of it carries (the triageId
 * changes with the state, so it cannot be the key). Reanalyses and closures join the thread.
 */
export function threadKeyOf(findingName: string): string {
  return `scc-triage-${createHash('sha256').update(findingName).digest('hex').slice(0, 32)}`;
}

const words = (value: string): string => value.replace(/_/g, ' ');

function titleOf(summary: Summary): { title: string; emoji: string } {
  const family = words(summary.classification.family);
  if (summary.kind === 'triage') {
    return { title: `${summary.assessment.priority} · ${summary.finding.severity} · ${family}`, emoji: priorityEmoji[summary.assessment.priority] };
  }
  const closed = summary.finding.state === 'INACTIVE';
  return { title: `${closed ? 'Closed' : summary.finding.mute === 'MUTED' ? 'Muted' : 'Updated'} · ${summary.finding.severity} · ${family}`, emoji: closed ? '✅' : '🔕' };
}

function factsOf(summary: Summary): Fact[] {
  const w = summary.workload;
  const rows: [string, string | undefined][] = [
    ['Category', summary.finding.category],
    ['Project', w.projectId],
    ['Location', w.location],
    ['Cluster', w.cluster],
    ['Namespace', w.namespace],
    ['Pod', w.pod],
    ['Container', w.container],
    ['Service', w.service],
    ['Job', w.job],
    ['Image', w.image],
  ];
  return rows.flatMap(([label, value]) => (value === undefined || value === '' ? [] : [{ label, value }]));
}

/** A highlight, as a line, with how far it is from detection. */
export interface AlertHighlight {
  readonly text: string;
  readonly distanceMs: number;
}

function highlightsOf(summary: Summary): AlertHighlight[] {
  const detection = timestampNanos(summary.finding.eventTime) ?? 0n;
  return summary.highlights.map((h) => {
    const at = timestampNanos(h.at);
    return { text: `${h.offset} ${h.summary}`, distanceMs: at === undefined ? Number.MAX_VALUE : Math.abs(Number((at - detection) / 1_000_000n)) };
  });
}

/** The `n` highlights nearest detection (a channel has room for a few), still in time order. */
export function nearestHighlights(highlights: readonly AlertHighlight[], n: number): string[] {
  const nearest = new Set([...highlights].sort((a, b) => a.distanceMs - b.distanceMs).slice(0, Math.max(0, n)));
  return highlights.filter((h) => nearest.has(h)).map((h) => h.text);
}

const commandLine = (process: Summary['processes'][number]): string => [process.binary, ...process.args.slice(1)].join(' ');

/** Public addresses first: they are where a shell goes; then names, URLs and hashes; private addresses last. */
function indicatorsOf(summary: Summary): string[] {
  const { ips, hosts, urls, sha256 } = summary.indicators;
  const ip = (i: (typeof ips)[number]) => `${i.ip} (${words(i.scope)}${i.metadataServer ? ', metadata server' : ''})`;
  return [
    ...ips.filter((i) => i.scope === 'public').map(ip),
    ...hosts.map((h) => `${h.host}${h.metadataServer ? ' (metadata server)' : ''}`),
    ...urls,
    ...sha256.map((hash) => `sha256 ${hash}`),
    ...ips.filter((i) => i.scope !== 'public').map(ip),
  ];
}

/** The alert of a summary. */
export function alertOf(summary: Summary, settings: LinkSettings): Alert {
  const { title, emoji } = titleOf(summary);
  return {
    kind: summary.kind,
    priority: summary.assessment.priority,
    title,
    subtitle: `${platformNames[summary.classification.platform]} · ${summary.kind} · ${summary.status}`,
    emoji,
    headline: summary.headline,
    change: summary.update?.change,
    reasons: summary.assessment.reasons,
    facts: factsOf(summary),
    highlights: highlightsOf(summary),
    processes: summary.processes.map(commandLine),
    indicators: indicatorsOf(summary),
    links: linksOf(summary, settings),
    sectionLinks: sectionLinksOf(summary),
    footer: `triageId ${summary.triageId} · triaged ${summary.triagedAt}`,
    threadKey: threadKeyOf(summary.finding.name),
  };
}

/** An update is a short message: what changed, the workload and the finding's link; its evidence is in the first alert. */
export function detailFor(kind: Alert['kind'], detail: Detail): Detail {
  return kind === 'triage' ? detail : { ...detail, reasons: 0, highlights: 0, processes: 0, indicators: 0, sectionLinks: false };
}
