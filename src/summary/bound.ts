/**
 * Bounds the summary to the message size limit. Untrusted strings are already bounded field by
 * field; here whole items go, in order of least value: the oldest excerpts first, then highlights,
 * then process detail. What went is recorded in `truncation`.
 */
import type { Summary } from './schema';

const byteLength = (summary: Summary): number => Buffer.byteLength(JSON.stringify(summary), 'utf8');

/** The summary, trimmed to at most `maxBytes` of UTF-8 JSON. */
export function boundSummary(summary: Summary, maxBytes: number): Summary {
  if (byteLength(summary) <= maxBytes) return summary;
  const draft = structuredClone(summary) as { -readonly [K in keyof Summary]: Summary[K] };
  const truncation = { entriesOmitted: 0, highlightsOmitted: 0, processesTrimmed: false };
  draft.truncation = truncation;
  const logs = draft.logs.map((section) => ({ ...section, entries: [...section.entries] }));
  draft.logs = logs;
  while (byteLength(draft) > maxBytes) {
    const fullest = logs.reduce((best, section) => (section.entries.length > best.entries.length ? section : best), logs[0]!);
    if (fullest === undefined || fullest.entries.length === 0) break;
    fullest.entries.pop();
    (fullest as { entriesOmitted?: number }).entriesOmitted = (fullest.entriesOmitted ?? 0) + 1;
    truncation.entriesOmitted++;
  }
  while (byteLength(draft) > maxBytes && draft.highlights.length > 0) {
    draft.highlights = draft.highlights.slice(0, -1);
    truncation.highlightsOmitted++;
  }
  if (byteLength(draft) > maxBytes) {
    truncation.processesTrimmed = true;
    draft.processes = draft.processes.slice(0, 4).map((p) => {
      const { env: _env, libraries: _libraries, ...rest } = p;
      return { ...rest, args: p.args.slice(0, 8).map((arg) => arg.slice(0, 128)), argsTruncated: true, ...(p.script ? { script: { ...p.script, excerpt: p.script.excerpt?.slice(0, 256) } } : {}) };
    });
  }
  return draft;
}
