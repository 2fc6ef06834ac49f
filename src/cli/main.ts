/**
 * `scc-triage`: the engine from a terminal. `triage` prints a summary, `queries` the planned
 * sections, `validate` checks notification files, `replay` republishes one. Exit 0 handled, 2
 * invalid input, 1 otherwise; errors are one line on stderr, never a stack trace.
 *
 * Help and the version are answered before anything else loads; a command's module, and the
 * config with its zod schema, are required only when that command runs (see {@link runnerFor}).
 */
import { parseArgs } from 'node:util';
import type * as ConfigModule from '../config';
import { ConfigError, InvalidNotificationError, describeError } from '../errors';
import type { CommandArgs } from './args';
import { type Command, type Format, commandHelp, formats, helpText, isCommand, usage } from './help';
import type * as InspectModule from './inspect';
import { type CliIo, InputPathError, UsageError, exitCodes, readAllStdin, writeLine } from './io';
import type * as ReplayModule from './replay';
import type * as TriageModule from './triage';

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      io.stdout(`${usage}\n`);
      return exitCodes.invalid;
    }
    const help = helpText(argv);
    if (help !== undefined) {
      io.stdout(`${help}\n`);
      return exitCodes.handled;
    }
    if (!isCommand(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: { logs: { type: 'string' }, findings: { type: 'string' }, format: { type: 'string' }, topic: { type: 'string' } },
    });
    const format = formatFor(command, values.format, io);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: zod and the schema load only for a command
    const config = (require('../config') as typeof ConfigModule).parseConfig(io.env);
    return await runnerFor(command)({ positionals, logs: values.logs, findings: values.findings, topic: values.topic, format, config, io });
  } catch (error) {
    return reportError(error, io);
  }
}

/** The format asked for, or the default (text on a terminal, json otherwise); a format the command cannot print is refused. */
function formatFor(command: Command, asked: string | undefined, io: CliIo): Format {
  const format = asked ?? (io.isTty ? 'text' : 'json');
  if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be json, text or markdown, got ${JSON.stringify(format)}`);
  // validate prints one line per file whatever the format; the others refuse a format they cannot print.
  if (asked !== undefined && command !== 'validate' && !(commandHelp[command].formats as readonly string[]).includes(format)) {
    throw new UsageError(`${command} prints ${commandHelp[command].formats.join(' or ')}, not ${format}`);
  }
  return format as Format;
}

/**
 * The command's module, required when the command runs rather than imported: each loads only
 * what it uses (validate and queries the planning, triage the log adapters, replay the Pub/Sub
 * publisher), and the Google clients load only when an adapter first calls out.
 */
function runnerFor(command: Command): (args: CommandArgs) => Promise<number> {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose, as above */
  switch (command) {
    case 'triage':
      return (require('./triage') as typeof TriageModule).triageCommand;
    case 'queries':
      return (require('./inspect') as typeof InspectModule).queriesCommand;
    case 'validate':
      return (require('./inspect') as typeof InspectModule).validateCommand;
    case 'replay':
      return (require('./replay') as typeof ReplayModule).replayCommand;
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

function reportError(error: unknown, io: CliIo): number {
  const invalid = error instanceof InvalidNotificationError || error instanceof UsageError || error instanceof ConfigError || isParseArgsError(error);
  // The message can quote the input (a file name, an argument, a value from the finding).
  writeLine(io.stderr, `scc-triage: ${describeError(error)}`);
  if ((error instanceof UsageError && !(error instanceof InputPathError)) || isParseArgsError(error)) io.stderr(`${usage}\n`);
  return invalid ? exitCodes.invalid : exitCodes.failed;
}

function isParseArgsError(error: unknown): boolean {
  // Duck-typed: parseArgs throws a TypeError from Node's own realm.
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
}

/** A reader that stops reading (`| head -1`) closes the pipe: stop quietly, as Unix tools do, with no EPIPE stack trace. */
function exitOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(exitCodes.handled);
    throw error;
  });
}

function processIo(): CliIo {
  exitOnClosedPipe(process.stdout);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: readAllStdin,
    isTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    env: process.env,
  };
}
