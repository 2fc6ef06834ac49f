/** The timeline of a summary: every highlight, the most relevant log lines and the detection itself, in time order. */
import { compareTimestamps } from '../lib/time';
import type { Summary } from './schema';

/** One row of the timeline. */
export interface TimelineRow {
  readonly at: string;
  readonly offset: string;
  readonly detection: boolean;
  readonly text: string;
  readonly detail?: string;
}

function detectionText(s: Summary): string {
  const process = s.processes[0];
  const what = process === undefined ? '' : ` · ${process.binary}${process.args.length > 1 ? ` ${process.args.slice(1, 4).join(' ')}` : ''}`;
  const where = s.network?.dstIp === undefined ? '' : ` → ${s.network.dstIp}${s.network.dstPort === undefined ? '' : `:${s.network.dstPort}`}`;
  return `DETECTION: ${s.finding.category}${what}${where}`;
}

/** Log lines shown in the timeline per section: the top of each section's ranking. */
export const timelineExcerpts = 3;

/** The most relevant excerpts of each section that no highlight already shows. */
function excerptRows(s: Summary): TimelineRow[] {
  const shown = new Set(s.highlights.flatMap((h) => (h.insertId === undefined ? [] : [h.insertId])));
  return s.logs.flatMap((section) =>
    section.entries
      .filter((e) => e.insertId === undefined || !shown.has(e.insertId))
      .slice(0, timelineExcerpts)
      .map((e) => ({
        at: e.timestamp,
        offset: e.offset ?? '?',
        detection: false,
        text: `${section.name} ${e.severity}${e.indicator ? ' (names an indicator)' : ''}: ${e.audit?.principal ? `${e.audit.principal}: ` : ''}${e.text}`,
      })),
  );
}

/** Highlights, the top log excerpts and the detection, oldest first; the detection comes first among equal times. */
export function timelineOf(s: Summary): TimelineRow[] {
  const rows: TimelineRow[] = [
    { at: s.finding.eventTime, offset: '±0s', detection: true, text: detectionText(s) },
    ...s.highlights.map((h) => ({ at: h.at, offset: h.offset, detection: false, text: h.summary, ...(h.detail === undefined ? {} : { detail: h.detail }) })),
    ...excerptRows(s),
  ];
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const byTime = compareTimestamps(a.row.at, b.row.at);
      if (byTime !== 0) return byTime;
      if (a.row.detection !== b.row.detection) return a.row.detection ? -1 : 1;
      return a.index - b.index;
    })
    .map(({ row }) => row);
}
