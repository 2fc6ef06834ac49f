/** `triage`: the engine on one notification or a batch, with the log and finding sources the flags name. */
import { readerFor, triage } from '../engine';
import { createLogSource } from '../logs/index';
import { ExportedLogSource } from '../logs/exported-logs';
import type { LogSource } from '../logs/port';
import { LocalFindingSource } from '../related/local';
import { createFindingSource } from '../related/index';
import type { WorkloadSpecSource } from '../specs/port';
import { createWorkloadSpecSource } from '../specs/index';
import type { FindingSource } from '../related/port';
import { renderText, ansiStyle, plainStyle } from '../summary/render-text';
import { renderMarkdown } from '../summary/render-markdown';
import type { Summary } from '../summary/schema';
import { type CommandArgs, expandInputs, printJson } from './args';
import { triageBatch } from './batch';
import { exitCodes, openNamed, readInput, writeLine } from './io';
import { WatchedLogSource, withWaitingLine } from './waiting';

/**
 * `triage <file|dir|->…`: one input prints one document (the summary, or `{kind: skipped, reason}`),
 * as it always has; several inputs, or a folder, are a batch (see `batch.ts`).
 */
export async function triageCommand(args: CommandArgs): Promise<number> {
  const inputs = await expandInputs(args.positionals);
  const [first] = inputs.files;
  if (!inputs.batch && first !== undefined) return triageOne(first, args);
  const logs = await namedLogs(args);
  // One reader for the batch, as the function has one per instance: shared coalescing and read budget.
  const ports = { logs, reader: readerFor(logs, args.config), findings: await findingSourceFor(args), specs: specSourceFor(args), now: () => new Date() };
  return triageBatch(inputs.files, args, ports, reportRenderer(args));
}

async function triageOne(file: string, args: CommandArgs): Promise<number> {
  const input = await readInput(file, args.io);
  const logs = new WatchedLogSource(await namedLogs(args));
  const findings = await findingSourceFor(args);
  const stderr = { write: args.io.stderr, isTty: args.io.stderrIsTty };
  const result = await withWaitingLine(logs, args.config.deadlineMs, stderr, () => triage(input, { logs, findings, specs: specSourceFor(args), now: () => new Date() }, args.config));
  if (result.kind === 'skipped') {
    if (args.format === 'json') printJson(args.io, { kind: 'skipped', reason: result.reason });
    else writeLine(args.io.stdout, `skipped: ${result.reason}`);
    return exitCodes.handled;
  }
  if (args.format === 'json') printJson(args.io, result.summary);
  else args.io.stdout(reportRenderer(args)(result.summary));
  return exitCodes.handled;
}

/** The text or Markdown report of a summary; colour only on a terminal, never with NO_COLOR. */
function reportRenderer(args: CommandArgs): (summary: Summary) => string {
  if (args.format === 'markdown') return (summary) => renderMarkdown(summary, args.config.maxMessageBytes);
  const style = args.io.isTty && args.io.env.NO_COLOR === undefined ? ansiStyle : plainStyle;
  return (summary) => renderText(summary, style, args.config.maxMessageBytes);
}

/** `--logs PATH`, opened at once (a path that cannot be read is a usage error), or the configured source. */
async function namedLogs(args: CommandArgs): Promise<LogSource> {
  if (args.logs === undefined) return createLogSource(args.config.logSource, args.config);
  const source = new ExportedLogSource(args.logs);
  await openNamed('--logs', () => source.open());
  return source;
}

/** `--findings PATH` wins (opened at once); on exported logs the default is none, so an offline run stays offline. */
async function findingSourceFor(args: CommandArgs): Promise<FindingSource | undefined> {
  if (args.findings !== undefined) {
    const source = new LocalFindingSource(args.findings);
    await openNamed('--findings', () => source.open());
    return source;
  }
  const offline = args.logs !== undefined && args.io.env.FINDING_SOURCE === undefined;
  return offline ? undefined : createFindingSource(args.config.findingSource, args.config);
}

/** On exported logs the default is none, as for related findings: an offline run stays offline unless WORKLOAD_SOURCE says otherwise. */
function specSourceFor(args: CommandArgs): WorkloadSpecSource | undefined {
  const offline = args.logs !== undefined && args.io.env.WORKLOAD_SOURCE === undefined;
  return offline ? undefined : createWorkloadSpecSource(args.config.workloadSource, args.config);
}
