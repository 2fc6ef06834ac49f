/**
 * The readable report for a person at a terminal. The summary is escaped as a whole first
 * (`escapeStrings`), then each field is cut to one bounded line (`oneLine`), so a finding cannot
 * move the cursor, recolour, retitle or reorder the screen. Colours are added after that, so they
 * are the only escape sequences in the output.
 */
import type { Summary } from './schema';
import { boundReport, commandLine, escapeStrings, oneLine } from '../lib/sanitize';
import { timelineOf } from './timeline';
import { compareTimestamps } from '../lib/time';

/** Styling: colours on a TTY, plain text elsewhere. */
export interface TextStyle {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly status: (status: string, text: string) => string;
}

const sgr = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const statusColours: Readonly<Record<string, string>> = { ok: '32', empty: '2', truncated: '33', error: '31', skipped: '33', partial: '33', complete: '32' };

/** ANSI colours, for a TTY. */
export const ansiStyle: TextStyle = {
  bold: sgr('1'),
  dim: sgr('2'),
  status: (status, text) => sgr(statusColours[status] ?? '0')(text),
};

/** No styling at all. */
export const plainStyle: TextStyle = { bold: (t) => t, dim: (t) => t, status: (_s, t) => t };

const field = (label: string, value: string | number | undefined, max = 160): string[] => (value === undefined || value === '' ? [] : [`  ${label.padEnd(12)} ${oneLine(String(value), max)}`]);

function findingLines(s: Summary): string[] {
  const w = s.workload;
  return [
    ...field('finding', s.finding.name),
    ...field('category', `${s.finding.category} (${s.classification.family}, ${s.classification.platform})`),
    ...field('severity', `${s.finding.severity} · state ${s.finding.state} · mute ${s.finding.mute}`),
    ...field('event time', s.finding.eventTime),
    ...field('project', w.projectNumber === undefined ? w.projectId : `${w.projectId} (${w.projectNumber})`),
    ...field('location', w.location),
    ...field('cluster', w.cluster),
    ...field('pod', w.pod === undefined ? undefined : `${w.namespace ?? '?'}/${w.pod}`),
    ...field('container', w.container),
    ...field('node', w.node === undefined ? undefined : `${w.node}${w.nodeZone ? ` (${w.nodeZone})` : ''}`),
    ...field('service', w.service),
    ...field('job', w.job),
    ...field('image', w.image),
    ...field('console', s.finding.consoleUrl, 400),
  ];
}

function processLines(s: Summary): string[] {
  const lines = s.processes.flatMap((p) => [
    `  ${oneLine(p.binary || '(unknown binary)', 120)}${p.pid ? ` pid ${p.pid}` : ''}${p.parentPid ? ` ppid ${p.parentPid}` : ''}`,
    ...field('  sha256', p.sha256),
    ...field('  args', p.args.map((arg) => JSON.stringify(arg)).join(' ') + (p.argsTruncated ? ' …(truncated)' : '')),
    ...field('  script', p.script === undefined ? undefined : [p.script.path, p.script.sha256].filter(Boolean).join(' ') || '(inline)'),
    // The excerpt is already escaped, so its line breaks are the two characters `\n`.
    ...(p.script?.excerpt === undefined
      ? []
      : p.script.excerpt
          .split(/(?:\\r)?\\n/)
          .slice(0, 8)
          .map((line) => `      │ ${oneLine(line, 150)}`)),
  ]);
  if (s.network !== undefined) {
    const n = s.network;
    lines.push(`  network      ${oneLine(`${n.srcIp ?? '?'}:${n.srcPort ?? '?'} → ${n.dstIp ?? '?'}:${n.dstPort ?? '?'} (${n.dstScope ?? 'unknown'})`, 160)}`);
  }
  return lines;
}

function sectionLines(s: Summary, style: TextStyle): string[] {
  return s.logs.flatMap((section) => {
    const head = `  ${section.name.padEnd(14)} ${style.status(section.status, section.status.padEnd(9))} ${String(section.matched).padStart(4)} read   ${section.window.start} → ${section.window.end}`;
    const why = section.reason ?? section.error;
    const coverage = section.coverage === undefined || section.coverage.complete ? [] : [`      covered ${section.coverage.from ?? '(nothing)'} → ${section.coverage.to ?? '(nothing)'}`];
    // The five most relevant lines, shown in time order.
    const shown = [...section.entries.slice(0, 5)].sort((a, b) => compareTimestamps(a.timestamp, b.timestamp));
    return [
      head,
      ...coverage,
      ...(why === undefined ? [] : [`      ${oneLine(why, 200)}`]),
      ...shown.map(
        (e) =>
          `      ${oneLine(e.offset ?? '', 12).padStart(7)}  ${oneLine(e.timestamp, 40)}  ${oneLine(e.severity, 12).padEnd(8)} ${e.indicator ? '◆ ' : ''}${oneLine(e.audit?.principal ? `${e.audit.principal}: ${e.text}` : e.text, 140)}`,
      ),
      ...(section.entries.length > 5 ? [style.dim(`      … ${section.entries.length - 5} more excerpts in the JSON output`)] : []),
      ...(section.explorerUrl === undefined ? [] : [style.dim(`      ${section.explorerUrl}`)]),
    ];
  });
}

function timelineLines(s: Summary, style: TextStyle): string[] {
  return timelineOf(s).map((row) => {
    const line = `  ${oneLine(row.offset, 12).padStart(8)}  ${oneLine(row.at, 40).padEnd(24)}  ${oneLine(row.text, 150)}`;
    return row.detection ? style.bold(line.replace(row.text.slice(0, 10), `▶ ${row.text.slice(0, 10)}`)) : line;
  });
}

function indicatorLines(s: Summary): string[] {
  const hashes = s.indicators.sha256.map((hash) => `  sha256 ${hash}  https://www.virustotal.com/gui/file/${hash}`);
  const attack = s.indicators.attack.map((a) => `  ${oneLine(a.id ?? '?', 20).padEnd(10)} ${oneLine(a.name, 120)}${a.url ? `  ${oneLine(a.url, 200)}` : ''}`);
  const ips = s.indicators.ips.map((ip) => `  ip ${oneLine(ip.ip, 64)} (${ip.scope}${ip.metadataServer ? ', metadata server' : ''})`);
  const hosts = s.indicators.hosts.map((h) => `  host ${oneLine(h.host, 253)}${h.metadataServer ? ' (metadata server)' : ''}`);
  const urls = s.indicators.urls.map((u) => `  url ${oneLine(u, 300)}`);
  return [...hashes, ...attack, ...ips, ...hosts, ...urls];
}

function relatedLines(s: Summary, style: TextStyle): string[] {
  const related = s.relatedFindings;
  if (related === undefined) return [];
  const head = `  ${style.status(related.status, related.status)}${related.source ? ` (${related.source})` : ''}  ${related.window.start} → ${related.window.end}`;
  const why = related.error ?? related.reason;
  return [
    head,
    ...(why === undefined ? [] : [`      ${oneLine(why, 200)}`]),
    ...related.findings.map((f) => `  ${f.eventTime}  ${f.severity.padEnd(8)} ${oneLine(f.category, 80)}${f.pod ? ` (pod ${oneLine(f.pod, 60)})` : ''}`),
  ];
}

/** What happened next: the workload's identity, its calls after detection, and the public addresses it was used from. */
function identityLines(s: Summary): string[] {
  const id = s.identity;
  if (id === undefined) return [];
  if (id.status === 'unknown') return [`  identity unknown: ${oneLine(id.reason ?? '', 200)}`];
  const from = id.fromInsertId ?? id.fromResource ?? (id.nodePool === undefined ? undefined : `node pool ${id.nodePool}`);
  const head = [
    `  identity ${oneLine(id.principal ?? '', 240)} (${id.source ?? '?'}${from === undefined ? '' : `, from ${oneLine(from, 160)}`})`,
    ...(id.caveat === undefined ? [] : [`  caveat: ${oneLine(id.caveat, 400)}`]),
  ];
  const a = id.activity;
  if (a === undefined) return [...head, '  its audit entries were not read (see identity_activity under Log sections)'];
  const calls = a.afterDetection.map(
    (g) =>
      `  ${g.class.padEnd(17)} ${oneLine(`${g.service} ${g.method}`, 120)} ×${g.calls}  last ${g.last}${g.callerIps.length > 0 ? `  from ${g.callerIps.map((ip) => oneLine(ip, 64)).join(', ')}` : ''}`,
  );
  const foreign = a.foreignCallers.map(
    (c) => `  used from ${oneLine(c.ip, 64)}: ${c.calls} call(s), ${c.first} → ${c.last}${c.isDestination ? ', the reverse-shell destination' : ', a public address'}`,
  );
  return [...head, `  ${a.callsAfter} call(s) after detection, ${a.callsBefore} in the minutes before`, ...calls, ...(foreign.length > 0 ? foreign : ['  no call from a public address'])];
}

/** The blast radius: the other workloads that talked to the attacker's addresses, or a plain none. */
function blastRadiusLines(s: Summary): string[] {
  const b = s.blastRadius;
  if (b === undefined) return [];
  const swept = [...b.indicators.ips, ...b.indicators.hosts].map((i) => oneLine(i, 120)).join(', ');
  const section = s.logs.find((l) => l.name === 'indicator_sweep');
  if (swept === '' || section?.status === 'skipped' || section?.status === 'error') return [`  indicator sweep not read: ${oneLine(section?.reason ?? section?.error ?? 'nothing to sweep for', 200)}`];
  const others = b.peers.filter((p) => !p.self);
  const lines = others.map(
    (p) =>
      `  ${p.kind.padEnd(7)} ${oneLine(p.name, 120)} (${p.ips.map((ip) => oneLine(ip, 64)).join(', ')}) → ${p.indicators.map((i) => oneLine(i, 120)).join(', ')}: ${p.events} event(s) in ${p.sources.join(', ')}, ${p.first} → ${p.last}`,
  );
  const where = section?.status === 'truncated' ? 'in the part of the window read (see indicator_sweep coverage)' : 'in the window';
  return [others.length === 0 ? `  no other workload talked to ${swept} ${where}` : `  blast radius: ${others.length} other workload(s) talked to ${swept} ${where}`, ...lines];
}

/** Renders the summary as a report for a terminal; every string in it is escaped before styling. */
export function renderText(summary: Summary, style: TextStyle = plainStyle, maxBytes?: number): string {
  const s = escapeStrings(summary);
  const heading = (title: string) => ['', style.bold(title)];
  const text = [
    style.bold(oneLine(s.headline, 200)),
    `  ${s.kind} · ${style.status(s.status, s.status)} · priority ${s.assessment.priority} · triageId ${s.triageId}`,
    ...s.assessment.reasons.map((reason) => `  - ${oneLine(reason, 200)}`),
    ...(s.update === undefined ? [] : [`  closes the summary with triageId ${s.update.firstTriageIds.map((id) => oneLine(id, 40)).join(' or ')}`]),
    ...heading('Timeline'),
    ...timelineLines(s, style),
    ...heading('Finding'),
    ...findingLines(s),
    ...(s.processes.length > 0 || s.network ? [...heading('Processes'), ...processLines(s)] : []),
    ...(indicatorLines(s).length > 0 ? [...heading('Indicators'), ...indicatorLines(s)] : []),
    ...(s.identity === undefined && s.blastRadius === undefined ? [] : [...heading('What happened next'), ...identityLines(s), ...blastRadiusLines(s)]),
    ...(s.relatedFindings === undefined ? [] : [...heading('Related findings'), ...relatedLines(s, style)]),
    ...(s.logs.length > 0 ? [...heading('Log sections'), ...sectionLines(s, style)] : []),
    ...(s.warnings === undefined ? [] : [...heading('Warnings'), ...s.warnings.map((w) => `  - ${w.source}: ${oneLine(w.message, 300)}`)]),
    ...(s.nextSteps.length > 0 ? [...heading('Next steps'), ...s.nextSteps.map((step) => `  - ${oneLine(step.title, 200)}${step.command ? `\n      ${commandLine(step.command)}` : ''}`)] : []),
    '',
  ].join('\n');
  return boundReport(text, maxBytes);
}
