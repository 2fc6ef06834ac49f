/**
 * `scc-triage`: the engine from a terminal. `triage` prints a summary, `queries` the planned
 * sections, `validate` checks notification files. Exit 0 handled, 2 invalid input, 1 otherwise;
 * errors are one line on stderr, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../config';
import { ConfigError, InvalidNotificationError, describeError } from '../errors';
import { type CliIo, InputPathError, UsageError, exitCodes, readAllStdin, writeLine } from './io';
import { queriesCommand, replayCommand, triageCommand, validateCommand } from './commands';

/** CLI commands. */
export const commands = ['triage', 'queries', 'validate', 'replay'] as const;
type Command = (typeof commands)[number];

/** Output formats. */
const formats = ['json', 'text', 'markdown'] as const;
type Format = (typeof formats)[number];

/** Each command's usage, what it does, and the formats it prints. */
const commandHelp: Readonly<Record<Command, { readonly usage: string; readonly summary: string; readonly formats: readonly Format[] }>> = {
  triage: {
    usage: 'scc-triage triage  <file|-> [--logs PATH] [--findings PATH] [--format json|text|markdown]',
    summary: 'Triages one notification: reads its log sections (live Cloud Logging, or exported logs with --logs) and prints the summary.',
    formats: ['json', 'text', 'markdown'],
  },
  queries: {
    usage: 'scc-triage queries <file|-> [--format json|text]',
    summary: 'Prints the planned log sections with their filters and Logs Explorer links; reads no logs.',
    formats: ['json', 'text'],
  },
  validate: { usage: 'scc-triage validate <file…>', summary: 'Checks notification files: one line each, exit 2 if any is invalid.', formats: ['text'] },
  replay: {
    usage: 'scc-triage replay  <file> --topic projects/P/topics/T [--format json|text]',
    summary: 'Republishes a notification to a topic with reanalyze=true, for a fresh triage.',
    formats: ['json', 'text'],
  },
};

const usage = `usage:\n${commands.map((c) => `  ${commandHelp[c].usage}`).join('\n')}\n  scc-triage help [COMMAND] | COMMAND --help | --version`;

const isCommand = (text: string | undefined): text is Command => (commands as readonly string[]).includes(text ?? '');

/** The package version, read beside the code (src/ or dist/ alike). */
function version(): string {
  const { version: v } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return v;
}

/** `help`, `--help`, `COMMAND --help` and `--version`: what to print, or undefined when the arguments ask for none of them. */
function helpText(argv: readonly string[]): string | undefined {
  const [first, second] = argv;
  if (first === '--version' || first === '-V') return `scc-triage ${version()}`;
  if (first === '--help' || first === '-h' || (first === 'help' && second === undefined)) return usage;
  const command = first === 'help' ? second : argv.includes('--help') || argv.includes('-h') ? first : undefined;
  if (command === undefined) return undefined;
  if (!isCommand(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  return `usage: ${commandHelp[command].usage}\n\n${commandHelp[command].summary}`;
}

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
    const format = values.format ?? (io.isTty ? 'text' : 'json');
    if (!(formats as readonly string[]).includes(format)) throw new UsageError(`--format must be json, text or markdown, got ${JSON.stringify(format)}`);
    // validate prints one line per file whatever the format; the others refuse a format they cannot print.
    if (values.format !== undefined && command !== 'validate' && !(commandHelp[command].formats as readonly string[]).includes(format)) {
      throw new UsageError(`${command} prints ${commandHelp[command].formats.join(' or ')}, not ${format}`);
    }
    const config = parseConfig(io.env);
    return await dispatch(command, { positionals, logs: values.logs, findings: values.findings, topic: values.topic, format: format as Format, config, io });
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
