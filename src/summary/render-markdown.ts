/**
 * The Markdown report, for tickets and chat. Untrusted text is escaped so it cannot add links,
 * headings or mentions, and commands sit in code blocks.
 */
import type { Summary } from './schema';
import { oneLine } from './sanitize';
import { timelineOf } from './timeline';

/** Escapes the Markdown syntax that could add links, emphasis, HTML, table cells or mentions (and control characters), on one line. */
export function md(text: string, max = 200): string {
  return oneLine(text, max).replace(/[\\`*_[\]<>#|~@]/g, (ch) => `\\${ch}`);
}

/** A fenced code block whose fence the content cannot close. */
function code(content: string, language = ''): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${content}\n${fence}`;
}

const table = (header: string[], rows: string[][]) => [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];

function workloadRows(s: Summary): string[][] {
  const w = s.workload;
  const rows: [string, string | undefined][] = [
    ['project', w.projectId], ['location', w.location], ['cluster', w.cluster], ['namespace', w.namespace], ['pod', w.pod],
    ['container', w.container], ['node', w.node], ['service', w.service], ['job', w.job], ['image', w.image],
  ];
  return rows.filter(([, v]) => v !== undefined).map(([k, v]) => [k, md(v!, 160)]);
}

/** Renders the summary as Markdown. */
export function renderMarkdown(s: Summary): string {
  const lines = [
    `### ${md(s.headline, 250)}`,
    '',
    `**${s.assessment.priority}** · ${s.kind} · ${s.status} · triageId \`${s.triageId}\` · [finding](${s.finding.consoleUrl})`,
    '',
    ...s.assessment.reasons.map((reason) => `- ${md(reason, 300)}`),
    '',
    '#### Timeline',
    '',
    ...table(['offset', 'time', 'event'], timelineOf(s).map((row) => [row.offset, row.at, row.detection ? `**${md(row.text)}**` : md(row.text)])),
    '',
    '#### Workload',
    '',
    ...table(['', ''], workloadRows(s)),
    '',
  ];
  if (s.processes.length > 0) {
    lines.push('#### Processes', '', code(s.processes.map((p) => [p.binary, ...p.args.slice(1)].map((a) => oneLine(a, 200)).join(' ')).join('\n')), '');
  }
  const indicators = [
    ...s.indicators.sha256.map((h) => `- [${h}](https://www.virustotal.com/gui/file/${h}) (VirusTotal)`),
    ...s.indicators.attack.map((a) => (a.url ? `- [${a.id} ${a.name}](${a.url})` : `- ${md(a.name)}`)),
    ...s.indicators.ips.map((ip) => `- ${md(ip.ip, 64)} (${ip.scope})`),
  ];
  if (indicators.length > 0) lines.push('#### Indicators', '', ...indicators, '');
  if (s.relatedFindings !== undefined) {
    const r = s.relatedFindings;
    lines.push('#### Related findings', '', `${r.status}${r.error ? `: ${md(r.error, 300)}` : r.reason ? `: ${md(r.reason, 300)}` : ''}`, '', ...r.findings.map((f) => `- ${f.eventTime} ${f.severity} [${md(f.category, 100)}](${f.consoleUrl})`), '');
  }
  if (s.logs.length > 0) {
    lines.push('#### Log sections', '', ...table(['section', 'status', 'matched', 'Logs Explorer'], s.logs.map((l) => [l.name, l.status, String(l.matched), l.explorerUrl ? `[open](${l.explorerUrl})` : md(l.reason ?? l.error ?? '', 120)])), '');
  }
  if (s.nextSteps.length > 0) {
    lines.push('#### Next steps', '');
    for (const step of s.nextSteps) lines.push(`- ${md(step.title, 250)}`, ...(step.command ? ['', code(step.command, 'sh'), ''] : []));
  }
  return `${lines.join('\n')}\n`;
}
