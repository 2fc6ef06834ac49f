/**
 * Bounds the summary to the message size limit. Untrusted strings are already bounded field by
 * field; here whole items go, in order of least value: the oldest excerpts first, then
 * highlights, then process detail, then the longer lists. What went is recorded in `truncation`.
 */
import type { Summary } from './schema';

type Draft = { -readonly [K in keyof Summary]: Summary[K] };
type Truncation = NonNullable<Summary['truncation']>;

const byteLength = (summary: Summary): number => Buffer.byteLength(JSON.stringify(summary), 'utf8');

/** One way to make the draft smaller; returns false when it has nothing left to remove. */
type Stage = (draft: Draft, truncation: Truncation) => boolean;

const dropOldestExcerpt: Stage = (draft, truncation) => {
  const fullest = draft.logs.reduce<Draft['logs'][number] | undefined>((best, s) => (s.entries.length > (best?.entries.length ?? 0) ? s : best), undefined);
  if (fullest === undefined) return false;
  const index = draft.logs.indexOf(fullest);
  draft.logs[index] = { ...fullest, entries: fullest.entries.slice(0, -1), entriesOmitted: (fullest.entriesOmitted ?? 0) + 1 };
  truncation.entriesOmitted++;
  return true;
};

const dropHighlight: Stage = (draft, truncation) => {
  if (draft.highlights.length === 0) return false;
  draft.highlights = draft.highlights.slice(0, -1);
  truncation.highlightsOmitted++;
  return true;
};

const trimProcesses: Stage = (draft, truncation) => {
  if (truncation.processesTrimmed) return false;
  truncation.processesTrimmed = true;
  draft.processes = draft.processes.slice(0, 4).map(({ env: _env, libraries: _libraries, script, ...p }) => ({
    ...p,
    args: p.args.slice(0, 8).map((arg) => arg.slice(0, 128)),
    argsTruncated: true,
    ...(script === undefined ? {} : { script: { ...script, ...(script.excerpt === undefined ? {} : { excerpt: script.excerpt.slice(0, 256) }) } }),
  }));
  return true;
};

const trimLists: Stage = (draft) => {
  const before = JSON.stringify([draft.nextSteps, draft.indicators, draft.relatedFindings?.findings]).length;
  draft.nextSteps = draft.nextSteps.slice(0, 12).map((step) => ({ ...step, ...(step.command === undefined ? {} : { command: step.command.slice(0, 512) }) }));
  draft.indicators = { ...draft.indicators, sha256: draft.indicators.sha256.slice(0, 16), ips: draft.indicators.ips.slice(0, 8), links: draft.indicators.links.slice(0, 16) };
  if (draft.relatedFindings !== undefined) draft.relatedFindings = { ...draft.relatedFindings, findings: draft.relatedFindings.findings.slice(0, 10) };
  return JSON.stringify([draft.nextSteps, draft.indicators, draft.relatedFindings?.findings]).length < before;
};

/** Last resort: the filters (the Explorer links keep them) and the rest of the process detail. */
const dropFilters: Stage = (draft) => {
  if (draft.logs.every((s) => s.filter === undefined) && draft.processes.length === 0) return false;
  draft.logs = draft.logs.map(({ filter: _filter, ...section }) => section);
  draft.processes = draft.processes.slice(0, 1).map((p) => ({ ...p, args: p.args.slice(0, 2) }));
  draft.nextSteps = draft.nextSteps.slice(0, 6);
  return true;
};

const stages: readonly Stage[] = [dropOldestExcerpt, dropHighlight, trimProcesses, trimLists, dropFilters];

/** The summary, trimmed to at most `maxBytes` of UTF-8 JSON. */
export function boundSummary(summary: Summary, maxBytes: number): Summary {
  if (byteLength(summary) <= maxBytes) return summary;
  const draft = structuredClone(summary) as Draft;
  const truncation: Truncation = { entriesOmitted: 0, highlightsOmitted: 0, processesTrimmed: false };
  draft.truncation = truncation;
  for (const stage of stages) {
    while (byteLength(draft) > maxBytes) {
      if (!stage(draft, truncation)) break;
    }
  }
  return draft;
}
