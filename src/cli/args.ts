/** What every command receives (its parsed arguments, the config, where to write), and the files its positionals name. */
import { stat } from 'node:fs/promises';
import type { Config } from '../config';
import { filesUnder } from '../lib/files';
import type { Format } from './help';
import { type CliIo, InputPathError, UsageError } from './io';

/** Parsed arguments shared by every command. */
export interface CommandArgs {
  readonly positionals: readonly string[];
  readonly logs: string | undefined;
  readonly topic: string | undefined;
  readonly findings: string | undefined;
  readonly format: Format;
  readonly config: Config;
  readonly io: CliIo;
}

/**
 * The one positional of a command that takes one input.
 * @throws UsageError when there is none, or more than one.
 */
export function singleInput(args: CommandArgs): string {
  const [file, ...extra] = args.positionals;
  if (file === undefined) throw new UsageError('missing notification file (or - for stdin)');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  return file;
}

/** One pretty-printed JSON document on stdout. */
export const printJson = (io: CliIo, value: unknown): void => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** The files to read, and whether they are a batch (several inputs, or a folder) or the one input of old. */
export interface Inputs {
  readonly files: readonly string[];
  readonly batch: boolean;
}

const isFolder = async (path: string): Promise<boolean> =>
  path === '-'
    ? false
    : await stat(path).then(
        (info) => info.isDirectory(),
        () => false,
      );

/**
 * Expands the positionals: a folder stands for every `.json` file under it, recursively, in path
 * order (as `--logs` and `--findings` read folders); anything else, `-` (stdin) included, for itself,
 * so a file that cannot be read is reported when it is read, as that file's outcome.
 * @throws UsageError for no input or `-` named twice; InputPathError when the inputs hold no file at all.
 */
export async function expandInputs(positionals: readonly string[]): Promise<Inputs> {
  if (positionals.length === 0) throw new UsageError('missing notification file (or - for stdin)');
  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('- (stdin) can be named once');
  const files: string[] = [];
  let folders = 0;
  for (const positional of positionals) {
    if (!(await isFolder(positional))) {
      files.push(positional);
      continue;
    }
    folders++;
    try {
      files.push(...(await filesUnder(positional, /\.json$/)));
    } catch (error) {
      throw new InputPathError(`cannot read ${positional}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (files.length === 0) throw new InputPathError(`no .json file under ${positionals.join(', ')}`);
  return { files, batch: positionals.length > 1 || folders > 0 };
}
