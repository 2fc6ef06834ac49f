/**
 * `scc-triage`: the engine from a terminal. `triage` prints a summary, `queries` the planned
 * sections, `validate` checks notification files. Exit 0 handled, 2 invalid input, 1 otherwise;
 * errors are one line on stderr, never a stack trace.
 */
import { parseArgs } from 'node:util';
import { parseConfig } from '../config';
import { ConfigError, InvalidNotificationError, describeError } from '../errors';
import { type CliIo, InputPathError, UsageError, exitCodes, readAllStdin, writeLine } from './io';
import { queriesCommand, replayCommand, triageCommand, validateCommand } from './commands';

/** CLI commands. */
export const commands = ['triage', 'queries', 'validate', 'replay'] as const;
type Command = (typeof commands)[number];

const usage = `usage:
  scc-triage triage  <file|-> [--logs PATH] [--findings PATH] [--format json|text|markdown]
  scc-triage queries <file|-> [--format json|text]
  scc-triage validate <file…>
  scc-triage replay  <file> --topic projects/P/topics/T [--format json|text]`;

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h') {
      io.stdout(`${usage}\n`);
      return command === undefined ? exitCodes.invalid : exitCodes.handled;
    }
    if (!(commands as readonly string[]).includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    const { values, positionals } = parseArgs({
      args: [...rest],
      allowPositionals: true,
      options: { logs: { type: 'string' }, findings: { type: 'string' }, format: { type: 'string' }, topic: { type: 'string' } },
    });
    const format = values.format ?? (io.isTty ? 'text' : 'json');
    if (format !== 'json' && format !== 'text' && format !== 'markdown') throw new UsageError(`--format must be json, text or markdown, got ${JSON.stringify(format)}`);
    const config = parseConfig(io.env);
    return await dispatch(command as Command, { positionals, logs: values.logs, findings: values.findings, topic: values.topic, format, config, io });
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(command: Command, args: Parameters<typeof triageCommand>[0]): Promise<number> {
  switch (command) {
    case 'triage':
      return triageCommand(args);
    case 'queries':
      return queriesCommand(args);
    case 'validate':
      return validateCommand(args);
    case 'replay':
      return replayCommand(args);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
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
    env: process.env,
  };
}
