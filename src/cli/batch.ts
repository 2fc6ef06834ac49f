/**
 * `triage` on several notifications: each file's outcome streamed out in input order as soon as
 * those before it are out, a progress line on a terminal's stderr, a tally at the end. One invalid
 * file does not stop the batch; it is that file's outcome.
 */
import { InvalidNotificationError, describeError } from '../errors';
import { type EnginePorts, triage } from '../engine';
import { forEachInOrder } from '../lib/ordered';
import { escapeJsonText } from '../lib/sanitize';
import type { Summary } from '../summary/schema';
import type { CommandArgs } from './args';
import { type FileOutcome, Progress, Tally, recordOf, reportOf } from './batch-output';
import { readInput, writeLine } from './io';

/**
 * Findings triaged at once: enough for the shared reader to coalesce their log reads within its
 * batch window, as concurrent deliveries do in the function, and few enough that only this many
 * summaries are ever held, however many files the batch has.
 */
export const batchConcurrency = 4;

/** One file through the engine; never throws: what goes wrong is the file's outcome. */
async function outcomeOf(file: string, args: CommandArgs, ports: EnginePorts): Promise<FileOutcome> {
  try {
    const result = await triage(await readInput(file, args.io), ports, args.config);
    if (result.kind === 'skipped') return { kind: 'skipped', file, findingName: result.findingName, reason: result.reason };
    return { kind: 'triaged', file, summary: result.summary };
  } catch (error) {
    return { kind: error instanceof InvalidNotificationError ? 'invalid' : 'failed', file, error: describeError(error) };
  }
}

/**
 * Triages every file with the same ports (one log reader: one read budget and coalescing for the
 * batch) and prints each outcome: an NDJSON line for `json`, a report headed by the file otherwise.
 * Resolves to the exit code: 2 if any input was invalid, 1 if any failed, else 0.
 */
export async function triageBatch(files: readonly string[], args: CommandArgs, ports: EnginePorts, render: (summary: Summary) => string): Promise<number> {
  const tally = new Tally();
  const progress = new Progress(args.io.stderr, args.io.stderrIsTty, files.length);
  await forEachInOrder(
    files,
    batchConcurrency,
    (file) => outcomeOf(file, args, ports),
    (outcome, index) => {
      progress.clear();
      args.io.stdout(args.format === 'json' ? `${escapeJsonText(JSON.stringify(recordOf(outcome)))}\n` : reportOf(outcome, args.format, render, index === 0));
      tally.add(outcome);
      progress.show(index + 1, outcome.file);
    },
  );
  progress.clear();
  writeLine(args.io.stderr, tally.line());
  return tally.exitCode();
}
