/** CLI input and output: reading a notification from a file or stdin, and exit codes. */
import { readFile } from 'node:fs/promises';
import { InvalidNotificationError } from '../errors';
import { parseJsonText } from '../notification/envelope';
import { escapeUnsafe } from '../lib/sanitize';

/** Exit codes: 0 handled, 2 invalid input or usage, 1 anything else. */
export const exitCodes = { handled: 0, failed: 1, invalid: 2 } as const;

/** A usage mistake: unknown command, missing argument, bad flag. */
export class UsageError extends Error {}

/** A path the user named that cannot be read: a usage error, said in one line without the usage text. */
export class InputPathError extends UsageError {}

/** Something the user named by its name (a finding) that the source does not hold: one line, exit 2, as for a path. */
export class NotFoundError extends InputPathError {}

/**
 * Opens a source the user named by a flag, so a path that cannot be read is a usage error (exit 2,
 * one line) instead of a summary whose every section failed.
 */
export async function openNamed(flag: string, open: () => Promise<void>): Promise<void> {
  try {
    await open();
  } catch (error) {
    throw new InputPathError(`${flag}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Where the CLI writes; injectable so tests can capture it. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** stdout is a terminal: the default format is text, with colour. */
  readonly isTty: boolean;
  /** stderr is a terminal: a batch shows its progress there. */
  readonly stderrIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Writes one line: the text escaped first (file names, reasons and error messages can come from
 * the finding or the command line), so it stays one line and cannot drive the terminal.
 */
export function writeLine(write: (text: string) => void, text: string): void {
  write(`${escapeUnsafe(text)}\n`);
}

/** Reads standard input to the end. */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads and parses a notification file (`-` for stdin).
 * @throws InvalidNotificationError when the file cannot be read or is not JSON.
 */
export async function readInput(file: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidNotificationError([{ path: '', reason: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }], { cause: error });
  }
  return parseJsonText(text);
}
