/**
 * The links a chat message may carry: only ones this tool can vouch for. The finding's page in the
 * Security Command Center console, the Logs Explorer link of each log section, the triage
 * function's own outcome line for this triageId, and an optional report link from the operator's
 * template. Every URL is parsed and checked (https, a known host, no credentials, short enough for
 * both platforms); one that fails is left out, never shown as text.
 */
import type { Summary } from '../summary/schema';
import { explorerUrl } from '../query/explorer';
import { quote } from '../query/builder';
import { maxLinkChars } from './limits';

/** A labelled link; the label is ours, the URL checked. */
export interface AlertLink {
  readonly label: string;
  readonly url: string;
  /** The finding's own page: the link a message keeps when it must shrink. */
  readonly primary?: true;
}

/** What the links need from the subscriber's configuration. */
export interface LinkSettings {
  /** `https://…{triageId}…`, for a place that holds the full summary (a ticket, a dashboard). */
  readonly reportUrlTemplate: string | undefined;
  /** The project the triage function logs to, for a link to its outcome line. */
  readonly triageLogProject: string | undefined;
}

const consoleHost = 'console.cloud.google.com';

/** The URL, normalised, when it is https on one of `hosts` with no credentials and fits a button; otherwise undefined. */
export function checkedUrl(url: string, hosts: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !hosts.includes(parsed.hostname) || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return undefined;
  return parsed.href.length <= maxLinkChars ? parsed.href : undefined;
}

/**
 * The report link: the template with the triageId in place, percent-encoded, and still on the
 * template's own host (the config keeps `{triageId}` out of the host; this checks it again).
 */
export function reportUrl(template: string, triageId: string): string | undefined {
  const blank = template.replace(/\{triageId\}/g, 'x');
  if (!URL.canParse(blank)) return undefined;
  return checkedUrl(template.replace(/\{triageId\}/g, encodeURIComponent(triageId)), [new URL(blank).hostname]);
}

/** Logs Explorer on the triage function's outcome line for this triageId, an hour either side of the triage. */
export function triageLogUrl(project: string, summary: Summary): string | undefined {
  const at = Date.parse(summary.triagedAt);
  if (Number.isNaN(at)) return undefined;
  const iso = (ms: number) => new Date(ms).toISOString();
  const query = `jsonPayload.component="scc-triage"\nAND jsonPayload.triageId=${quote(summary.triageId)}`;
  return checkedUrl(explorerUrl({ query, start: iso(at - 3_600_000), end: iso(at + 3_600_000), cursor: iso(at), projectId: project }), [consoleHost]);
}

/** Every link the summary and the settings give, the finding's page first. */
export function linksOf(summary: Summary, settings: LinkSettings): readonly AlertLink[] {
  const links: AlertLink[] = [];
  const finding = checkedUrl(summary.finding.consoleUrl, [consoleHost]);
  if (finding !== undefined) links.push({ label: 'Open in Security Command Center', url: finding, primary: true });
  const report = settings.reportUrlTemplate === undefined ? undefined : reportUrl(settings.reportUrlTemplate, summary.triageId);
  if (report !== undefined) links.push({ label: 'Full report', url: report });
  const log = settings.triageLogProject === undefined ? undefined : triageLogUrl(settings.triageLogProject, summary);
  if (log !== undefined) links.push({ label: 'Triage log', url: log });
  return links;
}

/** The Logs Explorer link of each section that has one, labelled by the section's name. */
export function sectionLinksOf(summary: Summary): readonly AlertLink[] {
  return summary.logs.flatMap((section) => {
    const url = section.explorerUrl === undefined ? undefined : checkedUrl(section.explorerUrl, [consoleHost]);
    return url === undefined ? [] : [{ label: `Logs: ${section.name}`, url }];
  });
}
