/** What every command receives: its parsed arguments, the config and where to write. */
import type { Config } from '../config';
import type { Format } from './help';
import { type CliIo, UsageError } from './io';

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
