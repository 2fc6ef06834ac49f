/**
 * Masking of command lines, word by word: a tool's own password flags (`mysql -pX`, `sshpass -p X`,
 * `curl -u user:X`), any tool's secret flags and words (`--token X`, `password X`), and the split of
 * a line of script into shell words and commands, quotes kept as one word. Part of the one masking
 * module (`mask.ts`), which runs these on argument vectors and on every line of text.
 */
import { isSecretName } from './secret-names';
import { maskMarker, programRules, type ProgramRule } from './secret-patterns';

/** Blanks between shell words (the split keeps them, so the line is put back as it was). */
export const wordGap = /([ \t\r]+)/;

/** What a word does to the words around it: rewrites itself (`-p[MASKED]`), or masks the next (undefined: not a value). */
interface Step {
  readonly self?: string;
  readonly next?: (word: string) => string | undefined;
}

const whole = () => maskMarker;
// A generic `--password` may be a switch (`mysql --password` prompts): a following flag is not its value.
const unlessFlag = (word: string) => (word.startsWith('-') ? undefined : maskMarker);
const bareSecretWords = new Set(['password', 'passphrase', 'bearer']);
const isShort = (word: string, letters: string | undefined) => letters !== undefined && word[0] === '-' && word[1] !== undefined && word[1] !== '-' && letters.includes(word[1]);
const isLowerWord = (word: string) => [...word].every((c) => c >= 'a' && c <= 'z');

function basename(word: string): string {
  const name = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1).toLowerCase();
  return name.endsWith('.exe') ? name.slice(0, -4) : name;
}

/** Masks what follows the separator in `user:password` from `from` on; a bare user (the tool prompts) stays. */
function maskUserinfo(word: string, from: number, separator: string): string {
  const at = word.indexOf(separator, from);
  return at < 0 ? word : word.slice(0, at + 1) + maskMarker;
}

/** A tool's own password flags: `-pVALUE`, `-p VALUE`, `-u user:pass`, `--user=user:pass`. */
function programStep(word: string, rule: ProgramRule): Step | undefined {
  const separator = rule.userinfoSeparator ?? ':';
  for (const flag of rule.userinfo ?? []) {
    if (word === flag) return { next: (next) => maskUserinfo(next, 0, separator) };
    const attached = flag.length === 2 ? 2 : word[flag.length] === '=' ? flag.length + 1 : -1;
    if (attached > 0 && word.length > attached && word.startsWith(flag)) return { self: maskUserinfo(word, attached, separator) };
  }
  if (word.length === 2 && isShort(word, rule.separate)) return { next: whole };
  return word.length > 2 && isShort(word, rule.attached) ? { self: word.slice(0, 2) + maskMarker } : undefined;
}

/** Any tool's secret flags and words: `--token VALUE`, `-storepass VALUE`, `password VALUE`, `set aws_secret_access_key VALUE`. */
function genericStep(word: string, previous: string): Step | undefined {
  if (word.startsWith('-')) {
    const name = word.startsWith('--') ? word.slice(2) : word.slice(1);
    // A single dash takes only an all-lower-case word (`-passin`): `-pS3cret` is a short flag with its value attached.
    const named = !word.includes('=') && (word.startsWith('--') ? name !== '' : name.length > 1 && isLowerWord(name));
    return named && isSecretName(name) ? { next: unlessFlag } : undefined;
  }
  const bare = bareSecretWords.has(word.toLowerCase()) || (previous.toLowerCase() === 'set' && isSecretName(word));
  return bare ? { next: unlessFlag } : undefined;
}

function isLastAfter(word: string, marker: string): boolean {
  return marker.startsWith('-') ? word[0] === '-' && word[1] !== '-' && word.includes(marker[1]!) : word.toLowerCase() === marker;
}

/** Masks one command's words; `argv[0]`, or a later word naming a known tool (`sudo mysql`, `sshpass … ssh`), picks the rules. */
export function maskCommand(words: readonly string[]): string[] {
  const out = words.slice();
  let rule: ProgramRule | undefined;
  let active = false;
  let lastFrom = -1;
  let pending: Step['next'];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const value = pending?.(word);
    pending = undefined;
    if (value !== undefined) out[i] = value;
    const program = value === undefined ? programRules.get(basename(word)) : undefined;
    if (value !== undefined || program !== undefined) {
      if (program !== undefined) [rule, active, lastFrom] = [program, program.after === undefined, -1];
      continue;
    }
    if (rule !== undefined && rule.after === word.toLowerCase()) active = true;
    if (rule?.lastAfter !== undefined && isLastAfter(word, rule.lastAfter)) lastFrom = i;
    const step = (rule !== undefined && active ? programStep(word, rule) : undefined) ?? (i > 0 ? genericStep(word, words[i - 1]!) : undefined);
    if (step?.self !== undefined) out[i] = step.self;
    pending = step?.next;
  }
  const last = words.length - 1;
  if (lastFrom >= 0 && last > lastFrom && !words[last]!.startsWith('-')) out[last] = maskMarker;
  return out;
}

const shellOperators = new Set(['|', '||', '&&', ';', '&', '>', '>>', '<']);
const openers = new Set(['"', "'", '(', '`']);
const closers = new Set(['"', "'", ')', '`', ';', '|', '&']);
// A word ending in one of these ends its command (`mysql -pX;`, `… -pX|`).
const enders = new Set([';', '|', '&']);

/**
 * A line split into shell words and the gaps between them (`[word, gap, word, …]`), a quoted run
 * kept as one word: `-p'two words'` and `--password "two words"` are one argument each. A quote
 * with no partner later on the line is a literal (`don't`), so it never swallows the rest.
 */
function shellPieces(line: string): string[] {
  const raw = line.split(wordGap);
  const lastOf: Readonly<Record<string, number>> = { "'": line.lastIndexOf("'"), '"': line.lastIndexOf('"') };
  const pieces: string[] = [];
  let open: string | undefined;
  let at = 0;
  let word = '';
  for (let index = 0; index < raw.length; index += 2) {
    const part = raw[index]!;
    for (let i = 0; i < part.length; i++) {
      const char = part[i]!;
      if (open === undefined && (char === "'" || char === '"') && at + i < lastOf[char]!) open = char;
      else if (char === open && !(open === '"' && part[i - 1] === '\\')) open = undefined;
    }
    word += part;
    at += part.length;
    const gap = raw[index + 1];
    if (gap === undefined) break;
    at += gap.length;
    // Inside a quote the gap belongs to the word.
    if (open !== undefined) {
      word += gap;
      continue;
    }
    pieces.push(word, gap);
    word = '';
  }
  pieces.push(word);
  return pieces;
}

/** Masks the commands of one line of script text: its words split at shell operators, quotes kept around each word. */
export function maskLine(line: string): string {
  const pieces = shellPieces(line);
  let command: number[] = [];
  const flush = () => {
    const masked = maskCommand(command.map((index) => core(pieces[index]!).word));
    command.forEach((index, n) => (pieces[index] = core(pieces[index]!).wrap(masked[n]!)));
    command = [];
  };
  for (let index = 0; index < pieces.length; index += 2) {
    const piece = pieces[index]!;
    if (!shellOperators.has(piece) && core(piece).word !== '') command.push(index);
    if (shellOperators.has(piece) || enders.has(piece.at(-1) ?? '') || index + 2 >= pieces.length) flush();
  }
  return pieces.join('');
}

/** A shell word without its opening and closing quotes, and how to put them back. */
function core(piece: string): { readonly word: string; readonly wrap: (word: string) => string } {
  let start = 0;
  let end = piece.length;
  while (start < end && openers.has(piece[start]!)) start++;
  while (end > start && closers.has(piece[end - 1]!)) end--;
  return { word: piece.slice(start, end), wrap: (word) => piece.slice(0, start) + word + piece.slice(end) };
}
