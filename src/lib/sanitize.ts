/**
 * The one output sanitiser: every human-facing string (text report, Markdown, CLI lines) goes
 * through it, so text from a finding or a log line cannot move the cursor, recolour the terminal,
 * set its title, hide text, reorder a line or split it.
 *
 * Backslashes are left as they are on purpose: the escapes it writes contain no unsafe character,
 * so sanitising twice (the summary is partly sanitised when built) changes nothing.
 */

/**
 * What is neutralised, and why, by Unicode property so that no invisible character is forgotten:
 * - `Cc`: C0 controls, DEL and C1 controls (ESC and CSI start terminal sequences; NEL, CR and LF split lines);
 * - `Cf`: every format character: bidi marks, embeddings, overrides and isolates, which reorder text
 *   (U+061C, U+200E/F, U+202A–202E, U+2066–2069), zero-width characters, prepended concatenation
 *   marks (U+0600–0605, U+110BD), shorthand and musical format controls, tag characters;
 * - `Zl`, `Zp`: U+2028 and U+2029, which JavaScript, JSON consumers and some renderers treat as line breaks;
 * - `Default_Ignorable_Code_Point`: what renderers draw as nothing, so it can hide or smuggle text:
 *   soft hyphen, combining grapheme joiner, Hangul fillers, Khmer and Mongolian invisible vowels
 *   and variation selectors, every variation selector (U+FE00–FE0F, U+E0100–E01EF);
 * - `Cs`: lone surrogates, which cannot be written as UTF-8 and would turn into U+FFFD silently.
 */
const unsafeCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

const named: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible escape of one unsafe character: `\n`, `\r`, `\t`, `\uXXXX`, or `\u{XXXXX}` beyond the BMP. */
function escapeOne(ch: string): string {
  const point = ch.codePointAt(0) ?? 0;
  if (named[ch] !== undefined) return named[ch];
  return point > 0xffff ? `\\u{${point.toString(16)}}` : `\\u${point.toString(16).padStart(4, '0')}`;
}

/** True when the text holds a character {@link escapeUnsafe} would escape. */
export function hasUnsafe(text: string): boolean {
  unsafeCharacters.lastIndex = 0;
  const found = unsafeCharacters.test(text);
  unsafeCharacters.lastIndex = 0;
  return found;
}

/** Replaces control, bidi, line-separator and invisible format characters with visible escapes. */
export function escapeUnsafe(text: string): string {
  return text.replace(unsafeCharacters, escapeOne);
}

/**
 * Compact JSON text (no indentation: its line breaks would be escaped too) with every character
 * {@link escapeUnsafe} would escape written as `\uXXXX` instead: the same JSON value, but one that
 * cannot reorder, hide or split a line when shown raw (NDJSON on a terminal, a reader that splits
 * on U+2028). JSON is ASCII outside its strings, so only their contents change.
 */
export function escapeJsonText(json: string): string {
  return json.replace(unsafeCharacters, (ch) => Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

/** The text, or its first `max` characters and `…` (for a value quoted in a reason or named in the output). */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Bounds text to `max` characters, marking how many were cut (for untrusted text shown in the output). */
export function boundText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[+${text.length - max} chars]`;
}

/** One line of at most `max` characters, unsafe characters escaped (the cut never splits an escape). */
export function oneLine(text: string, max: number): string {
  const safe = escapeUnsafe(text);
  if (safe.length <= max) return safe;
  // Never end on half a surrogate pair or half an escape such as `\u20`.
  const cut = safe.slice(0, Math.max(0, max - 1)).replace(/[\ud800-\udbff]$/, '');
  return `${cut.replace(/\\(u(\{[0-9a-f]*|[0-9a-f]{0,3})?)?$/, '')}…`;
}

/**
 * A copy of a JSON-like value with every string escaped, keys included. The renderers start from
 * this, so a string they forget to sanitise is still safe, and styling added after stays intact.
 */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeUnsafe(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => escapeStrings(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [escapeUnsafe(key), escapeStrings(item)])) as T;
  }
  return value;
}

/**
 * A next-step command for a report: escaped, and shown whole or not at all, since a cut command is a
 * different command. Commands are built at most 1,024 characters long; this guards any summary.
 */
export function commandLine(command: string, max = 1_200): string {
  const safe = escapeUnsafe(command);
  return safe.length <= max ? safe : `(command not shown: ${safe.length} characters; it is in the JSON summary)`;
}

/**
 * A printed report held to `maxBytes` of UTF-8 like the published summary: cut at a line, with a
 * closing fence when the cut falls in a Markdown code block, and a last line saying so. The summary's
 * own bounds make this rare; escaping can still double what invisible characters weigh.
 */
export function boundReport(text: string, maxBytes: number | undefined): string {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (maxBytes === undefined || bytes <= maxBytes) return text;
  const notice = `… report cut at ${maxBytes} of ${bytes} bytes (MAX_MESSAGE_BYTES); the JSON summary has the rest\n`;
  const head = Buffer.from(text, 'utf8')
    .subarray(0, Math.max(0, maxBytes - Buffer.byteLength(notice) - 64))
    .toString('utf8');
  const kept = head.slice(0, Math.max(0, head.lastIndexOf('\n') + 1));
  const fences = kept.split('\n').filter((line) => /^`{3,}/.test(line));
  const close = fences.length % 2 === 1 ? `${/^`+/.exec(fences.at(-1)!)![0]}\n` : '';
  return `${kept}${close}${notice}`;
}
