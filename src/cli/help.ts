/**
 * The CLI's vocabulary and help: commands, formats, usage lines and the version. Imports nothing
 * of the engine, so `--help`, `--version` and `help COMMAND` start as fast as Node does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './io';

/** CLI commands. */
export const commands = ['triage', 'queries', 'validate', 'replay'] as const;
/** One of {@link commands}. */
export type Command = (typeof commands)[number];

/** Output formats. */
export const formats = ['json', 'text', 'markdown'] as const;
/** One of {@link formats}. */
export type Format = (typeof formats)[number];

/** Each command's usage, what it does, and the formats it prints. */
export const commandHelp: Readonly<Record<Command, { readonly usage: string; readonly summary: string; readonly formats: readonly Format[] }>> = {
  triage: {
    usage: 'scc-triage triage  <file|folder|->… [--logs PATH] [--findings PATH] [--format json|text|markdown]',
    summary:
      'Triages notifications: reads their log sections (live Cloud Logging, or exported logs with --logs) and prints the summary. ' +
      'Several files or a folder (its .json files, recursively): NDJSON, one line per file, or one report per file, and a tally on stderr; exit 2 if any input is invalid, 1 if any failed.',
    formats: ['json', 'text', 'markdown'],
  },
  queries: {
    usage: 'scc-triage queries <file|-> [--format json|text]',
    summary: 'Prints the planned log sections with their filters and Logs Explorer links; reads no logs.',
    formats: ['json', 'text'],
  },
  validate: { usage: 'scc-triage validate <file…>', summary: 'Checks notification files: one line each, exit 2 if any is invalid.', formats: ['text'] },
  replay: {
    usage: 'scc-triage replay  <file|finding-name> --topic projects/P/topics/T [--findings PATH] [--format json|text]',
    summary:
      'Republishes a notification to a topic with reanalyze=true, for a fresh triage. A finding name ' +
      '(organizations|folders|projects/X/sources/S[/locations/L]/findings/F) that is no file is fetched from Security Command Center, ' +
      'or with --findings PATH from the newest notification of that finding under PATH.',
    formats: ['json', 'text'],
  },
};

/** The usage of every command. */
export const usage = `usage:\n${commands.map((c) => `  ${commandHelp[c].usage}`).join('\n')}\n  scc-triage help [COMMAND] | COMMAND --help | --version`;

/** True for the name of a command. */
export const isCommand = (text: string | undefined): text is Command => (commands as readonly string[]).includes(text ?? '');

/** The package version, read beside the code (src/ or dist/ alike). */
function version(): string {
  const { version: v } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return v;
}

/**
 * `help`, `--help`, `COMMAND --help` and `--version`: what to print, or undefined when the arguments ask for none of them.
 * @throws UsageError for help on a command that does not exist.
 */
export function helpText(argv: readonly string[]): string | undefined {
  const [first, second] = argv;
  if (first === '--version' || first === '-V') return `scc-triage ${version()}`;
  if (first === '--help' || first === '-h' || (first === 'help' && second === undefined)) return usage;
  const command = first === 'help' ? second : argv.includes('--help') || argv.includes('-h') ? first : undefined;
  if (command === undefined) return undefined;
  if (!isCommand(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  return `usage: ${commandHelp[command].usage}\n\n${commandHelp[command].summary}`;
}
