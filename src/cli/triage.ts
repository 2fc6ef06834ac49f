/** `triage`: the engine on a notification, with the log and finding sources the flags name. */
import { triage } from '../engine';
import { createLogSource } from '../logs/index';
import { ExportedLogSource } from '../logs/exported-logs';
import type { LogSource } from '../logs/port';
import { LocalFindingSource } from '../related/local';
import { createFindingSource } from '../related/index';
import type { FindingSource } from '../related/port';
import { renderText, ansiStyle, plainStyle } from '../summary/render-text';
import { renderMarkdown } from '../summary/render-markdown';
import { type CommandArgs, printJson, singleInput } from './args';
import { exitCodes, openNamed, readInput, writeLine } from './io';

/** `triage <file|-> [--logs PATH]`: the summary, or `{kind: skipped, reason}`. */
export async function triageCommand(args: CommandArgs): Promise<number> {
  const input = await readInput(singleInput(args), args.io);
  const logs = await namedLogs(args);
  const result = await triage(input, { logs, findings: await findingSourceFor(args), now: () => new Date() }, args.config);
  if (result.kind === 'skipped') {
    if (args.format === 'json') printJson(args.io, { kind: 'skipped', reason: result.reason });
    else writeLine(args.io.stdout, `skipped: ${result.reason}`);
    return exitCodes.handled;
  }
  const colour = args.io.isTty && args.io.env.NO_COLOR === undefined;
  if (args.format === 'json') printJson(args.io, result.summary);
  else if (args.format === 'markdown') args.io.stdout(renderMarkdown(result.summary, args.config.maxMessageBytes));
  else args.io.stdout(renderText(result.summary, colour ? ansiStyle : plainStyle, args.config.maxMessageBytes));
  return exitCodes.handled;
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
