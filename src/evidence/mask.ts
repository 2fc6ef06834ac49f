/**
 * Secret masking for command lines, environment variables and script text, applied before anything is
 * published or printed. The marker keeps the shape readable: `--password=[MASKED]`, `"password": "[MASKED]"`.
 *
 * Each pass is one forward scan that looks back or ahead only a bounded number of characters, or skips
 * what it masked, so masking is linear in the text: no backtracking pattern ever sees untrusted text.
 * Callers cut untrusted text to its budget first and say so (`atCut`): then a secret-shaped run that
 * reaches the cut is masked even when it is too short to be sure, because the rest of it was cut off.
 */
import { isAlnum, isHeaderName, isSecretName } from './secret-names';
import { maskMarker, maskPrivateKeys, maskTokens, maskUrlCredentials, type Span } from './secret-patterns';
import { maskCommand, maskLine, wordGap } from './mask-command';

export { maskMarker };

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
