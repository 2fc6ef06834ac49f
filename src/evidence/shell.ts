/**
 * Ready-to-paste commands: every value shell-quoted, so a hostile name stays one argument. Quoting
 * alone does not stop a value from being read as an option (`--all` is one argument, and still an
 * option), so values are also checked with {@link argumentProblem} before they get here.
 */
import { quote } from 'shell-quote';
import { hasUnsafe } from '../lib/sanitize';

/**
 * One word: shell-quote's quoting, except that a word with a glob character is single-quoted.
 * shell-quote escapes `*` and `?` with a backslash, which POSIX shells read literally but its own
 * parser (and other tools that re-read a pasted command) still takes for a glob; inside single
 * quotes nothing is special anywhere, and a `'` is written as `'\''`.
 */
const quoteWord = (word: string): string => (/[*?]/.test(word) ? `'${word.replaceAll("'", "'\\''")}'` : quote([word]));

/** One command line from its words. */
export const command = (...words: readonly (string | undefined)[]): string =>
  words
    .filter((word): word is string => word !== undefined)
    .map(quoteWord)
    .join(' ');

/**
 * Why a value cannot stand as one plain argument in a pasted command, or undefined when it can:
 * a leading `-` makes it an option, a NUL byte ends the argument early (the kernel cuts argv
 * strings there), and control or invisible characters make the command read differently on screen
 * from what the shell runs.
 */
export function argumentProblem(value: string): string | undefined {
  if (value.startsWith('-')) return 'it starts with "-", so the tool would read it as an option';
  if (value.includes('\u0000')) return 'it holds a NUL byte';
  if (hasUnsafe(value)) return 'it holds control, bidi or invisible characters';
  return undefined;
}
