/**
 * The stages that make a summary smaller, in order of least value lost. Each stage either removes
 * something and so shrinks the JSON, or says it has nothing left; the driver (`bound.ts`) also
 * stops a stage that did not shrink the draft, so bounding always terminates.
 */
import type { Summary } from './schema';

/** A summary being trimmed. */
export type Draft = { -readonly [K in keyof Summary]: Summary[K] };
/** What trimming recorded. */
export type Truncation = NonNullable<Summary['truncation']>;

/** One way to make the draft smaller by about `excess` bytes; false when it has nothing left to remove. */
export type Stage = (draft: Draft, truncation: Truncation, excess: number) => boolean;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** Drops the least relevant excerpts (the end of each ranking), fullest section first, until `excess` is covered. */
export const dropExcerpts: Stage = (draft, truncation, excess) => {
  let removed = 0;
  while (removed < excess) {
    const fullest = draft.logs.reduce<number>((best, s, i) => (s.entries.length > (draft.logs[best]?.entries.length ?? 0) ? i : best), 0);
    const section = draft.logs[fullest];
    if (section === undefined || section.entries.length === 0) return removed > 0;
    removed += jsonBytes(section.entries.at(-1)) + 1;
    draft.logs[fullest] = { ...section, entries: section.entries.slice(0, -1), entriesOmitted: (section.entriesOmitted ?? 0) + 1 };
    truncation.entriesOmitted++;
  }
  return true;
};

/** Drops highlights from the end (latest first) until `excess` is covered. */
export const dropHighlights: Stage = (draft, truncation, excess) => {
  if (draft.highlights.length === 0) return false;
  let removed = 0;
  const kept = [...draft.highlights];
  while (kept.length > 0 && removed < excess) {
    removed += jsonBytes(kept.pop()) + 1;
    truncation.highlightsOmitted++;
  }
  draft.highlights = kept;
  return true;
};

/** Keeps the first processes, their first args, and short script excerpts. */
export const trimProcesses: Stage = (draft, truncation) => {
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

/** Shortens the long lists: next steps, indicators, related findings. */
export const trimLists: Stage = (draft) => {
  // A long command is dropped with a note, never cut: a cut command is another command.
  draft.nextSteps = draft.nextSteps
    .slice(0, 12)
    .map((step) => (step.command === undefined || step.command.length <= 512 ? step : { title: `${step.title} (command omitted to fit the message size)` }));
  draft.indicators = {
    ...draft.indicators,
    sha256: draft.indicators.sha256.slice(0, 16),
    ips: draft.indicators.ips.slice(0, 8),
    hosts: draft.indicators.hosts.slice(0, 8),
    urls: draft.indicators.urls.slice(0, 8),
    attack: draft.indicators.attack.slice(0, 16),
    links: draft.indicators.links.slice(0, 16),
  };
  if (draft.relatedFindings !== undefined) draft.relatedFindings = { ...draft.relatedFindings, findings: draft.relatedFindings.findings.slice(0, 10) };
  if (draft.warnings !== undefined) draft.warnings = draft.warnings.slice(0, 5);
  return true;
};

/** Drops the section filters: the Explorer links keep them. */
export const dropFilters: Stage = (draft) => {
  if (draft.logs.every((s) => s.filter === undefined)) return false;
  draft.logs = draft.logs.map(({ filter: _filter, ...section }) => section);
  return true;
};

/** Empties every list and drops the links and section details, keeping what identifies the finding. */
export const emptyLists: Stage = (draft, truncation) => {
  if (truncation.listsEmptied === true) return false;
  truncation.listsEmptied = true;
  truncation.entriesOmitted += draft.logs.reduce((n, s) => n + s.entries.length, 0);
  truncation.highlightsOmitted += draft.highlights.length;
  truncation.processesTrimmed = true;
  draft.logs = draft.logs.map(({ name, status, resourceNames, window, matched, coverage }) => ({
    name,
    status,
    resourceNames: resourceNames.slice(0, 1),
    window,
    matched,
    entries: [],
    ...(coverage === undefined ? {} : { coverage }),
  }));
  draft.highlights = [];
  draft.processes = [];
  draft.nextSteps = [];
  draft.indicators = { sha256: [], ips: [], hosts: [], urls: [], attack: [], links: [] };
  if (draft.relatedFindings !== undefined) draft.relatedFindings = { ...draft.relatedFindings, findings: [] };
  draft.assessment = { ...draft.assessment, reasons: draft.assessment.reasons.slice(0, 1) };
  if (draft.warnings !== undefined) draft.warnings = draft.warnings.slice(0, 1);
  return true;
};

/**
 * Cuts every string longer than `cap` characters to `cap` and a marker. Caps stay at 32 or more, so
 * vocabulary values (the longest has 26 characters), timestamps and the triageId are never cut.
 */
export function shortenStrings(cap: number): Stage {
  return (draft, truncation) => {
    let cut = false;
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') {
        if (value.length <= cap) return value;
        cut = true;
        return `${value.slice(0, cap)}…`;
      }
      if (Array.isArray(value)) return value.map(walk);
      if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
      return value;
    };
    const { truncation: _recorded, ...content } = draft;
    const shortened = walk(content) as Partial<Draft>;
    if (!cut) return false;
    // The driver keeps its own truncation record: only the content is replaced.
    Object.assign(draft, shortened);
    truncation.stringsShortened = true;
    return true;
  };
}
