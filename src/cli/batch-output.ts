/**
 * What a batch prints: per file, an NDJSON record or a report headed by the file name; at the
 * end, a one-line tally and the exit code; meanwhile, on a terminal, a progress line. The batch
 * runner decides when; this decides what.
 */
import { priorities, type Priority } from '../evidence/assessment';
import { oneLine } from '../lib/sanitize';
import { inlineCode } from '../summary/render-markdown';
import type { Summary } from '../summary/schema';
import { exitCodes } from './io';

/** What became of one file: a summary, skipped as out of scope, invalid input, or a failure. */
export const outcomeKinds = ['triaged', 'skipped', 'invalid', 'failed'] as const;

/** One file's outcome, as {@link outcomeKinds} names it. */
export type FileOutcome =
  | { readonly kind: 'triaged'; readonly file: string; readonly summary: Summary }
  | { readonly kind: 'skipped'; readonly file: string; readonly findingName: string; readonly reason: string }
  | { readonly kind: 'invalid' | 'failed'; readonly file: string; readonly error: string };

/**
 * The NDJSON record of an outcome: the summary exactly as the function publishes it (schemaVersion
 * 1, `kind` triage or update), `{kind: "skipped", file, findingName, reason}`, or
 * `{kind: "error", file, error, invalid}` where `invalid` says the input is no valid notification.
 */
export function recordOf(outcome: FileOutcome): unknown {
  switch (outcome.kind) {
    case 'triaged':
      return outcome.summary;
    case 'skipped':
      return { kind: 'skipped', file: outcome.file, findingName: outcome.findingName, reason: outcome.reason };
    case 'invalid':
    case 'failed':
      return { kind: 'error', file: outcome.file, error: outcome.error, invalid: outcome.kind === 'invalid' };
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

/** The body of a report for an outcome without a summary: one line, escaped (reasons and errors can quote the finding). */
function statusLine(outcome: Exclude<FileOutcome, { kind: 'triaged' }>): string {
  return outcome.kind === 'skipped' ? `skipped: ${outcome.reason}` : `${outcome.kind}: ${outcome.error}`;
}

/**
 * One file's report in text (`==> file <==`, as `head` heads several files) or Markdown (a `##`
 * heading with the name as code, above the report's own `###`). File names are untrusted text too.
 */
export function reportOf(outcome: FileOutcome, format: 'text' | 'markdown', render: (summary: Summary) => string, first: boolean): string {
  const gap = first ? '' : '\n';
  if (format === 'markdown') {
    const body = outcome.kind === 'triaged' ? render(outcome.summary) : `${inlineCode(statusLine(outcome), 400)}\n`;
    return `${gap}## File ${inlineCode(outcome.file, 300)}\n\n${body}`;
  }
  const body = outcome.kind === 'triaged' ? render(outcome.summary) : `${oneLine(statusLine(outcome), 400)}\n`;
  return `${gap}==> ${oneLine(outcome.file, 300)} <==\n${body}`;
}

/** Counts of a batch's outcomes, summaries by priority and kind. */
export class Tally {
  private files = 0;
  private readonly byKind = new Map<(typeof outcomeKinds)[number], number>();
  private readonly byPriority = new Map<Priority, number>();
  private updates = 0;

  /** Counts one outcome. */
  add(outcome: FileOutcome): void {
    this.files++;
    this.byKind.set(outcome.kind, this.count(outcome.kind) + 1);
    if (outcome.kind !== 'triaged') return;
    if (outcome.summary.kind === 'update') this.updates++;
    else this.byPriority.set(outcome.summary.assessment.priority, (this.byPriority.get(outcome.summary.assessment.priority) ?? 0) + 1);
  }

  private count(kind: (typeof outcomeKinds)[number]): number {
    return this.byKind.get(kind) ?? 0;
  }

  /** `scc-triage: 12 files: 9 triaged (3 P1, 6 P2), 1 update, 1 skipped, 1 invalid`: zero counts other than triaged left out. */
  line(): string {
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const triaged = this.count('triaged') - this.updates;
    const shown = priorities.filter((p) => this.byPriority.has(p)).map((p) => `${this.byPriority.get(p)} ${p}`);
    const parts = [
      `${triaged} triaged${shown.length > 0 ? ` (${shown.join(', ')})` : ''}`,
      ...(this.updates > 0 ? [plural(this.updates, 'update')] : []),
      ...(['skipped', 'invalid', 'failed'] as const).filter((kind) => this.count(kind) > 0).map((kind) => `${this.count(kind)} ${kind}`),
    ];
    return `scc-triage: ${plural(this.files, 'file')}: ${parts.join(', ')}`;
  }

  /** 2 when any input was invalid, else 1 when any failed, else 0. */
  exitCode(): number {
    if (this.count('invalid') > 0) return exitCodes.invalid;
    return this.count('failed') > 0 ? exitCodes.failed : exitCodes.handled;
  }
}

/** Carriage return, then erase the line: the line is redrawn, or left empty, where it stood. */
const eraseLine = '\r\u001b[2K';

/** Shows `scc-triage: [done/total] last file` on stderr while a batch runs, when stderr is a terminal. */
export class Progress {
  private shown = false;

  constructor(
    private readonly write: (text: string) => void,
    /** Off in pipes, files and tests: progress is for a person watching, never for a log. */
    private readonly enabled: boolean,
    private readonly total: number,
  ) {}

  /** Redraws the line: `done` of the total, and the file last done (escaped: file names are untrusted). */
  show(done: number, file: string): void {
    if (!this.enabled) return;
    this.write(`${eraseLine}scc-triage: [${done}/${this.total}] ${oneLine(file, 60)}`);
    this.shown = true;
  }

  /** Erases the line, before anything else is written to the terminal and at the end. */
  clear(): void {
    if (!this.shown) return;
    this.write(eraseLine);
    this.shown = false;
  }
}
