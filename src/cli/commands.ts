/** The CLI commands, each a thin layer over the engine. */
import type { Config } from '../config';
import { InvalidNotificationError, describeError } from '../errors';
import { planTriage, triage, reanalyzeAttribute } from '../engine';
import { createLogSource } from '../logs/index';
import { ExportedLogSource } from '../logs/exported-logs';
import type { LogSource } from '../logs/port';
import { LocalFindingSource } from '../related/local';
import { createFindingSource } from '../related/index';
import { renderText, ansiStyle, plainStyle } from '../summary/render-text';
import { renderMarkdown } from '../summary/render-markdown';
import { type CliIo, UsageError, exitCodes, openNamed, readInput, writeLine } from './io';
import { renderPlan } from './render-plan';
import { decodeNotification } from '../notification/decode';
import { unwrapDelivery } from '../notification/envelope';
import { PubSubPublisher } from '../publish/pubsub';

/** Parsed arguments shared by every command. */
export interface CommandArgs {
  readonly positionals: readonly string[];
  readonly logs: string | undefined;
  readonly topic: string | undefined;
  readonly findings: string | undefined;
  readonly format: 'json' | 'text' | 'markdown';
  readonly config: Config;
  readonly io: CliIo;
}

function singleInput(args: CommandArgs): string {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('missing notification file (or - for stdin)');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  return file;
}

const printJson = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

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
async function findingSourceFor(args: CommandArgs) {
  if (args.findings !== undefined) {
    const source = new LocalFindingSource(args.findings);
    await openNamed('--findings', () => source.open());
    return source;
  }
  const offline = args.logs !== undefined && args.io.env.FINDING_SOURCE === undefined;
  return offline ? undefined : createFindingSource(args.config.findingSource, args.config);
}

/** `queries <file|->`: the planned sections with their filters and Explorer links; reads no logs. */
export async function queriesCommand(args: CommandArgs): Promise<number> {
  const plan = planTriage(await readInput(singleInput(args), args.io), args.config);
  const view = {
    kind: plan.classification.kind,
    ...(plan.classification.kind === 'skipped' ? { reason: plan.classification.reason } : { family: plan.classification.family, platform: plan.classification.platform }),
    sections: plan.sections.map((section) => {
      if (section.status === 'skipped') return section;
      const { expr: _expr, ...shown } = section;
      return shown;
    }),
  };
  if (args.format === 'json') printJson(args.io, view);
  else args.io.stdout(renderPlan(view));
  return exitCodes.handled;
}

/** `validate <file…>`: one line per file; exit 2 when any is invalid. */
export async function validateCommand(args: CommandArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('validate needs at least one file');
  let invalid = 0;
  for (const file of args.positionals) {
    try {
      const { classification } = planTriage(await readInput(file, args.io), args.config);
      const what = classification.kind === 'skipped' ? `skipped (${classification.reason})` : `${classification.kind} ${classification.family} ${classification.platform}`;
      writeLine(args.io.stdout, `ok ${file}: ${what}`);
    } catch (error) {
      if (!(error instanceof InvalidNotificationError)) throw error;
      invalid++;
      writeLine(args.io.stderr, `invalid ${file}: ${describeError(error)}`);
    }
  }
  return invalid === 0 ? exitCodes.handled : exitCodes.invalid;
}

const fullTopic = /^projects\/[^/\s]+\/topics\/[^/\s]+$/;

/** `replay <file> --topic projects/P/topics/T`: publishes the notification again, marked for reanalysis. */
export async function replayCommand(args: CommandArgs): Promise<number> {
  const file = singleInput(args);
  if (args.topic === undefined || !fullTopic.test(args.topic)) throw new UsageError('replay needs --topic projects/P/topics/T');
  const input = await readInput(file, args.io);
  const { notification } = decodeNotification(input);
  const { payload, meta } = unwrapDelivery(input);
  const publisher = new PubSubPublisher({ project: args.topic.split('/')[1], timeoutMs: args.config.publishTimeoutMs });
  try {
    const messageId = await publisher.publish(args.topic, {
      data: Buffer.from(JSON.stringify(payload)),
      attributes: { ...meta.attributes, [reanalyzeAttribute]: 'true' },
    });
    const result = { replayed: notification.finding.name, topic: args.topic, messageId };
    if (args.format === 'json') printJson(args.io, result);
    else writeLine(args.io.stdout, `replayed ${result.replayed} to ${result.topic} as message ${messageId}`);
    return exitCodes.handled;
  } finally {
    await publisher.close();
  }
}
