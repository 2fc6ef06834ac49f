/**
 * Secret masking for command lines, environment variables and script text, applied before anything is
 * published or printed. The marker keeps the shape readable: `--password=[MASKED]`, `"password": "[MASKED]"`.
 *
 * Each pass is one forward scan that looks back or ahead only a bounded number of characters, or skips
 * what it masked, so masking is linear in the text: no backtracking pattern ever sees untrusted text.
 * Callers cut untrusted text to its budget first and say so (`atCut`): then a secret-shaped run that
 * reaches the cut is masked even when it is too short to be sure, because the rest of it was cut off.
 */
import { isAlnum, isHeaderName, isSecretName, maskMarker, maskPrivateKeys, maskTokens, maskUrlCredentials, programRules, type ProgramRule, type Span } from './secret-patterns';

export { maskMarker };

const wordGap = /([ \t\r]+)/;

/** Every regular expression masking uses, for the regex-safety test: each is one character-class run. */
export const maskPatterns: readonly RegExp[] = [wordGap];

const isBlank = (char: string | undefined) => char === ' ' || char === '\t';
const isKeyChar = (code: number) => isAlnum(code) || code === 95 || code === 45 || code === 46;
const valueStops = new Set([' ', '\t', '\n', '\r', '\f', '\v', '&', ';', ',', '"', "'", '`']);
// A credential header's value runs to the end of its line or quote: `Cookie: a=1; b=2` is one secret.
const headerStops = new Set(['\n', '\r', '"', "'"]);

/** The key before the `=` or `:` at `at` (`password`, `"api_key"`, `\"token\"`), read back a bounded number of characters. */
function keyBefore(text: string, at: number): string | undefined {
  let end = at;
  while (end > 0 && at - end < 8 && isBlank(text[end - 1])) end--;
  if (text[end - 1] === '"' || text[end - 1] === "'") end--;
  while (end > 0 && at - end < 24 && text[end - 1] === '\\') end--;
  let start = end;
  while (start > 0 && end - start < 64 && isKeyChar(text.charCodeAt(start - 1))) start--;
  // The user of a URL (`https://x-access-token:…@`) is no key: the URL pass masks its password alone.
  if (start === end || (text[at] === ':' && text.startsWith('//', start - 2))) return undefined;
  return text.slice(start, end);
}

/** A quoted value at `at` (`"x"`, `'x'`, or `\"x\"` inside an escaped JSON string), to its closing quote or the end. */
function quotedValue(text: string, at: number): Span | undefined {
  let escapes = 0;
  while (text[at + escapes] === '\\' && escapes < 8) escapes++;
  const quote = text[at + escapes];
  if (quote !== '"' && quote !== "'") return undefined;
  const start = at + escapes + 1;
  let run = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') {
      run++;
      continue;
    }
    // Unescaped, an even run of backslashes is literal; escaped k deep, the closing quote has exactly k.
    if (text[i] === quote && (escapes === 0 ? run % 2 === 0 : run === escapes)) return { start, end: escapes === 0 ? i : i - run };
    run = 0;
  }
  return { start, end: text.length };
}

/**
 * A JSON array or object at `at` (`["a", "b"]`, `{"v": 1}`), through its matching bracket, skipping
 * brackets inside strings; to the end when it never closes (the rest was cut off).
 */
function bracketedValue(text: string, at: number): Span {
  const opener = text[at]!;
  const closer = opener === '[' ? ']' : '}';
  let depth = 0;
  // In a string; `escaped` when it opened with `\"` (JSON inside a JSON string), so it closes with `\"` too.
  let inString = false;
  let escaped = false;
  for (let i = at; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (escaped ? char === '"' && text[i - 1] === '\\' : char === '"') inString = false;
      else if (!escaped && char === '\\') i++;
    } else if (char === '"') [inString, escaped] = [true, text[i - 1] === '\\'];
    else if (char === opener) depth++;
    else if (char === closer && --depth === 0) return { start: at, end: i + 1 };
  }
  return { start: at, end: text.length };
}

/** The value after the separator at `at`: quoted, a whole JSON array or object, to the end of a header line, or a bare run. */
function valueAfter(text: string, at: number, header: boolean): Span | undefined {
  let start = text[at + 1] === '=' ? at + 2 : at + 1;
  while (isBlank(text[start])) start++;
  const quoted = quotedValue(text, start);
  if (quoted !== undefined) return quoted.end > quoted.start ? quoted : undefined;
  // Everything under a secret key is secret: `"passwords": ["…"]`, `"credentials": {"value": "…"}`.
  if (text[start] === '{' || text[start] === '[') return bracketedValue(text, start);
  const stops = header ? headerStops : valueStops;
  let end = start;
  while (end < text.length && !stops.has(text[end]!)) end++;
  return end > start ? { start, end } : undefined;
}

/** Masks the values of secret keys: `password=x`, `KEY=x`, `"api_key": "x"`, `token: x`, `Authorization: Bearer x`. */
function maskPairs(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = 0; at < text.length; at++) {
    if (text[at] !== '=' && text[at] !== ':') continue;
    const key = keyBefore(text, at);
    if (key === undefined || !isSecretName(key)) continue;
    const value = valueAfter(text, at, isHeaderName(key));
    if (value === undefined) continue;
    out += text.slice(copied, value.start) + maskMarker;
    copied = value.end;
    at = value.end - 1;
  }
  return out + text.slice(copied);
}

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
function maskCommand(words: readonly string[]): string[] {
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
function maskLine(line: string): string {
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

// The mark `boundText` puts after a cut (`…[+120 chars]`): text that ends with it was cut there.
const cutMarkStart = '…[+';
const cutMarkEnd = ' chars]';
const isCutMark = (tail: string) => tail.endsWith(cutMarkEnd) && [...tail.slice(cutMarkStart.length, -cutMarkEnd.length)].every((c) => c >= '0' && c <= '9');

/**
 * Masks every secret in free text (log lines, script excerpts, one argument); `atCut` when the text was cut
 * to a budget. Text already cut by `boundText` (a log excerpt) is masked as cut, before its mark.
 */
export function maskText(text: string, atCut = false): string {
  const mark = text.lastIndexOf(cutMarkStart);
  if (mark >= 0 && text.length - mark < 32 && isCutMark(text.slice(mark))) return maskAll(text.slice(0, mark), true) + text.slice(mark);
  return maskAll(text, atCut);
}

function maskAll(text: string, atCut: boolean): string {
  const masked = maskTokens(maskUrlCredentials(maskPairs(maskPrivateKeys(text)), atCut), atCut);
  return masked.split('\n').map(maskLine).join('\n');
}

/**
 * Masks an argument vector: program-specific password flags (`mysql -pVALUE`, `sshpass -p VALUE`, `docker
 * login -p VALUE`, `curl -u user:pass`), the value after a secret flag or word (`--password VALUE`,
 * `password VALUE`), then secrets inside each argument. `cut[i]` says argument `i` was cut to its budget.
 */
export function maskArgs(args: readonly string[], cut: readonly boolean[] = []): string[] {
  return maskCommand(args).map((arg, index) => maskText(arg, cut[index] === true));
}

/** Masks an environment variable's value when its name looks secret, else the secrets inside it; `atCut` as for {@link maskText}. */
export function maskEnv(name: string, value: string, atCut = false): string {
  return isSecretName(name) ? maskMarker : maskText(value, atCut);
}
