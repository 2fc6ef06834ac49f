/**
 * Bounds the summary to the message size limit, whatever the input. Untrusted strings are already
 * bounded field by field; here whole items go, in order of least value (see `bound-stages.ts`),
 * and what went is recorded in `truncation`. Termination is by construction: every stage runs only
 * while it shrinks the JSON, and the last stages empty every list and cut every string to 32
 * characters, which fits any allowed limit (MAX_MESSAGE_BYTES is at least 16 KiB).
 */
import type { Summary } from './schema';
import { type Draft, type Stage, type Truncation, dropExcerpts, dropFilters, dropHighlights, emptyLists, shortenStrings, trimLists, trimProcesses } from './bound-stages';

const byteLength = (summary: Summary): number => Buffer.byteLength(JSON.stringify(summary), 'utf8');

const stages: readonly Stage[] = [dropExcerpts, dropHighlights, trimProcesses, trimLists, dropFilters, shortenStrings(256), shortenStrings(64), emptyLists, shortenStrings(32)];

/** The summary, trimmed to at most `maxBytes` of UTF-8 JSON. */
export function boundSummary(summary: Summary, maxBytes: number): Summary {
  if (byteLength(summary) <= maxBytes) return summary;
  const draft: Draft = structuredClone(summary);
  const truncation: Truncation = { entriesOmitted: 0, highlightsOmitted: 0, processesTrimmed: false };
  draft.truncation = truncation;
  for (const stage of stages) {
    for (;;) {
      const size = byteLength(draft);
      if (size <= maxBytes) return draft;
      // A stage that removed nothing, or did not shrink the JSON, is done.
      if (!stage(draft, truncation, size - maxBytes) || byteLength(draft) >= size) break;
    }
  }
  return draft;
}
