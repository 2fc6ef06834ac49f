/** Ready-to-paste commands: every value shell-quoted, so a hostile name stays one argument. */
import { quote } from 'shell-quote';

/** One command line from its words. */
export const command = (...words: readonly (string | undefined)[]): string => quote(words.filter((word): word is string => word !== undefined));
