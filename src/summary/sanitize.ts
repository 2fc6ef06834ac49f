/** Making untrusted text safe to show: one line, no control or bidi characters, bounded. */

const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces control and bidirectional-override characters with visible `\uXXXX` escapes. */
export function escapeUnsafe(text: string): string {
  return text.replace(unsafeCharacters, (ch) => (ch === '\n' ? '\\n' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** One line of at most `max` characters, unsafe characters escaped. */
export function oneLine(text: string, max: number): string {
  const safe = escapeUnsafe(text);
  return safe.length <= max ? safe : `${safe.slice(0, max - 1)}…`;
}
