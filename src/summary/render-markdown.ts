/**
 * The Markdown report, for tickets and chat. Text from the finding or the logs is shown in code
 * spans, where no renderer makes links (autolinks included), images, HTML, emphasis or mentions,
 * and commands sit in fenced code blocks. Only links the tool builds itself, to a few known hosts,
 * stay links.
 */
import type { Summary } from './schema';
import { boundReport, commandLine, escapeStrings, oneLine } from '../lib/sanitize';
import { timelineOf } from './timeline';

/**
 * Untrusted text as an inline code span, on one line: the fence is longer than any backtick run
 * inside, and padded with a space when the content starts or ends with a backtick or a space
 * (which the code span would otherwise eat or merge with the fence).
 */
export function inlineCode(text: string, max = 200): string {
  const content = oneLine(text, max);
  if (content === '') return '';
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

// Words that no renderer turns into markup or a link: letters, digits and a few joiners, no dots,
// colons, at signs or brackets. Status names, severities, offsets and the like.
const plainWord = /^[A-Za-z0-9±+-][A-Za-z0-9_±+-]*$/;
const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;
// Prose the tool writes (step titles, reasons) stays plain when it has nothing link- or markup-like.
const plainProse = /^\p{L}(?:[\p{L}\p{N} ,()'’…-]|:(?= |$))*$/u;

/** A value that is plain text when it is a simple word or a timestamp, and a code span otherwise. */
function word(text: string, max = 120): string {
  return plainWord.test(text) || rfc3339.test(text) ? text : inlineCode(text, max);
}

/** A sentence: plain when it cannot form markup or a link, a code span otherwise. */
function prose(text: string, max = 250): string {
  return plainProse.test(text) ? text : inlineCode(text, max);
}

/** Hosts whose links the tool builds itself: VirusTotal, MITRE ATT&CK, the Google Cloud console. */
const trustedHosts: ReadonlySet<string> = new Set(['www.virustotal.com', 'attack.mitre.org', 'console.cloud.google.com']);

/** The URL percent-encoded where Markdown would end or nest the link (brackets, parens, pipes, spaces), or undefined when not trusted. */
function trustedUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || !trustedHosts.has(parsed.hostname) || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href.replace(/[^A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/g, (ch) => encodeURIComponent(ch).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** A link when the URL is one of ours, its label escaped; otherwise the label and the URL as code. */
function link(label: string, url: string | undefined): string {
  const href = url === undefined ? undefined : trustedUrl(url);
  if (href === undefined) return `${inlineCode(label)}${url === undefined ? '' : ` ${inlineCode(url, 400)}`}`;
  const text = oneLine(label, 200).replace(/[\\`*_[\]<>&!|~@#:]/g, (ch) => `\\${ch}`);
  return `[${text}](${href})`;
}

/** A fenced code block whose fence the content cannot close. */
function codeBlock(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${content}\n${fence}`;
}

/**
 * A GFM table. A `|` splits a cell even inside a code span, so every `|` in a cell is written `\|`:
 * the table drops that backslash before the cell is parsed, so code spans still show `|`.
 */
const table = (header: string[], rows: string[][]) => {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [row(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(row)];
};

function workloadRows(s: Summary): string[][] {
  const w = s.workload;
  const rows: [string, string | undefined][] = [
    ['project', w.projectId],
    ['location', w.location],
    ['cluster', w.cluster],
    ['namespace', w.namespace],
    ['pod', w.pod],
    ['container', w.container],
    ['node', w.node],
    ['service', w.service],
    ['job', w.job],
    ['image', w.image],
  ];
  return rows.filter(([, v]) => v !== undefined).map(([k, v]) => [k, inlineCode(v!, 160)]);
}

function headLines(s: Summary): string[] {
  return [
    `### ${inlineCode(s.headline, 250)}`,
    '',
    `**${word(s.assessment.priority)}** · ${word(s.kind)} · ${word(s.status)} · triageId ${inlineCode(s.triageId, 80)} · ${link('finding', s.finding.consoleUrl)}`,
    '',
    ...s.assessment.reasons.map((reason) => `- ${prose(reason, 300)}`),
    '',
    '#### Timeline',
    '',
    ...table(
      ['offset', 'time', 'event'],
      timelineOf(s).map((row) => [word(row.offset), word(row.at), row.detection ? `**${inlineCode(row.text, 300)}**` : inlineCode(row.text, 300)]),
    ),
    '',
    '#### Workload',
    '',
    ...table(['', ''], workloadRows(s)),
    '',
  ];
}

const sha256 = /^[0-9a-f]{64}$/;

function indicatorLines(s: Summary): string[] {
  return [
    ...s.indicators.sha256.map((h) => (sha256.test(h) ? `- ${link(h, `https://www.virustotal.com/gui/file/${h}`)} (VirusTotal)` : `- ${inlineCode(h, 80)}`)),
    ...s.indicators.attack.map((a) => (a.url ? `- ${link(`${a.id ?? ''} ${a.name}`.trim(), a.url)}` : `- ${inlineCode(a.name)}`)),
    ...s.indicators.ips.map((ip) => `- ${inlineCode(ip.ip, 64)} (${word(ip.scope)}${ip.metadataServer ? ', metadata server' : ''})`),
    ...s.indicators.hosts.map((h) => `- host ${inlineCode(h.host, 253)}${h.metadataServer ? ' (metadata server)' : ''}`),
    ...s.indicators.urls.map((u) => `- url ${inlineCode(u, 300)}`),
  ];
}

function relatedLines(s: Summary): string[] {
  const r = s.relatedFindings;
  if (r === undefined) return [];
  const why = r.error ?? r.reason;
  return [
    '#### Related findings',
    '',
    `${word(r.status)}${why ? `: ${prose(why, 300)}` : ''}`,
    '',
    ...r.findings.map((f) => `- ${word(f.eventTime)} ${word(f.severity)} ${inlineCode(f.category, 100)} ${link('open', f.consoleUrl)}`),
    '',
  ];
}

/** What happened next: the workload's identity, its calls after detection, and the public addresses it was used from. */
function identityLines(s: Summary): string[] {
  const id = s.identity;
  if (id === undefined) return [];
  if (id.status === 'unknown') return [`Identity unknown: ${inlineCode(id.reason ?? '', 200)}`, ''];
  const a = id.activity;
  const pool = id.nodePool === undefined ? '' : `, node pool ${inlineCode(id.nodePool, 80)}`;
  const head = [`Identity ${inlineCode(id.principal ?? '', 240)} (${word(id.source ?? '?')}${pool})`, '', ...(id.caveat === undefined ? [] : [`Caveat: ${prose(id.caveat, 400)}`, ''])];
  if (a === undefined) return [...head, 'Its audit entries were not read (see `identity_activity` below).', ''];
  const rows = a.afterDetection.map((g) => [word(g.class), inlineCode(`${g.service} ${g.method}`, 120), String(g.calls), word(g.last), g.callerIps.map((ip) => inlineCode(ip, 64)).join(', ')]);
  const foreign = a.foreignCallers.map((c) => `- used from ${inlineCode(c.ip, 64)}: ${c.calls} call(s)${c.isDestination ? ', **the reverse-shell destination**' : ', a public address'}`);
  return [
    ...head,
    `${a.callsAfter} call(s) after detection, ${a.callsBefore} in the minutes before.`,
    '',
    ...(rows.length > 0 ? [...table(['class', 'call', 'count', 'last', 'from'], rows), ''] : []),
    ...(foreign.length > 0 ? foreign : ['- no call from a public address']),
    '',
  ];
}

/** The blast radius: the other workloads that talked to the attacker's addresses, or a plain none. */
function blastRadiusLines(s: Summary): string[] {
  const b = s.blastRadius;
  if (b === undefined) return [];
  const swept = [...b.indicators.ips, ...b.indicators.hosts].map((i) => inlineCode(i, 120)).join(', ');
  const section = s.logs.find((l) => l.name === 'indicator_sweep');
  if (swept === '' || section?.status === 'skipped' || section?.status === 'error')
    return [`Indicator sweep not read: ${inlineCode(section?.reason ?? section?.error ?? 'nothing to sweep for', 200)}`, ''];
  const others = b.peers.filter((p) => !p.self);
  const where = section?.status === 'truncated' ? 'in the part of the window read (see `indicator_sweep` coverage)' : 'in the window';
  if (others.length === 0) return [`No other workload talked to ${swept} ${where}.`, ''];
  const rows = others.map((p) => [
    word(p.kind),
    inlineCode(p.name, 120),
    p.indicators.map((i) => inlineCode(i, 120)).join(', '),
    String(p.events),
    p.sources.map((x) => word(x)).join(', '),
    word(p.first),
    word(p.last),
  ]);
  return [`Blast radius: ${others.length} other workload(s) talked to ${swept} ${where}.`, '', ...table(['kind', 'workload', 'indicator', 'events', 'seen in', 'first', 'last'], rows), ''];
}

function logLines(s: Summary): string[] {
  if (s.logs.length === 0) return [];
  const rows = s.logs.map((l) => [word(l.name), word(l.status), String(l.matched), l.explorerUrl ? link('open', l.explorerUrl) : prose(l.reason ?? l.error ?? '', 120)]);
  return ['#### Log sections', '', ...table(['section', 'status', 'matched', 'Logs Explorer'], rows), ''];
}

function stepLines(s: Summary): string[] {
  if (s.nextSteps.length === 0) return [];
  return ['#### Next steps', '', ...s.nextSteps.flatMap((step) => [`- ${prose(step.title)}`, ...(step.command ? ['', codeBlock(commandLine(step.command), 'sh'), ''] : [])])];
}

function warningLines(s: Summary): string[] {
  if (s.warnings === undefined) return [];
  return ['#### Warnings', '', ...s.warnings.map((w) => `- ${w.source}: ${inlineCode(w.message, 300)}`), ''];
}

/** Renders the summary as Markdown; every string in it is escaped first, then quoted as code where it is untrusted. */
export function renderMarkdown(summary: Summary, maxBytes?: number): string {
  const s = escapeStrings(summary);
  const processes = s.processes.map((p) => [p.binary, ...p.args.slice(1)].map((a) => oneLine(a, 200)).join(' '));
  const indicators = indicatorLines(s);
  const lines = [
    ...headLines(s),
    ...(processes.length > 0 ? ['#### Processes', '', codeBlock(processes.join('\n')), ''] : []),
    ...(indicators.length > 0 ? ['#### Indicators', '', ...indicators, ''] : []),
    ...(s.identity === undefined && s.blastRadius === undefined ? [] : ['#### What happened next', '', ...identityLines(s), ...blastRadiusLines(s)]),
    ...relatedLines(s),
    ...logLines(s),
    ...stepLines(s),
    ...warningLines(s),
  ];
  return boundReport(`${lines.join('\n')}\n`, maxBytes);
}
