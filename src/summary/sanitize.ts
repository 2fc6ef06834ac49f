/**
 * The one output sanitiser: every human-facing string (text report, Markdown, CLI lines) goes
 * through it, so text from a finding or a log line cannot move the cursor, recolour the terminal,
 * set its title, hide text, reorder a line or split it.
 *
 * Backslashes are left as they are on purpose: the escapes it writes contain no unsafe character,
 * so sanitising twice (the summary is partly sanitised when built) changes nothing.
 */

/**
 * What is neutralised, and why:
 * - C0 controls, DEL and C1 controls (ESC and CSI start terminal sequences; NEL, CR and LF split lines);
 * - bidi marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–202E, U+2066–2069), which reorder text;
 * - U+2028 and U+2029, which JavaScript, JSON consumers and some renderers treat as line breaks;
 * - invisible format characters that hide or smuggle text: soft hyphen, combining grapheme joiner,
 *   zero-width space/joiners, word joiner and invisible operators (U+2060–2064), deprecated format
 *   controls (U+206A–206F), Hangul fillers, Mongolian vowel separator, U+FEFF, interlinear
 *   annotation controls, tag characters (U+E0000–E007F) and the supplementary variation selectors;
 * - lone surrogates, which cannot be written as UTF-8 and would turn into U+FFFD silently.
 */
// The two combining marks (U+034F, the supplementary variation selectors) stand outside the
// character class: inside one, a combining mark would read as joined to the character before it.
const unsafeCharacters =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\ud800-\udfff]|\u034f|[\u{e0100}-\u{e01ef}]/gu;

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
