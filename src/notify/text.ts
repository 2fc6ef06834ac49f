/**
 * Untrusted text for a chat message. Every string of a summary may come from the attacker, so each
 * goes through the same steps before it reaches a message: invisible and control characters made
 * visible (the repo's one sanitiser, so nothing can hide, reorder or split a line), URL schemes
 * defanged (no client turns them into links), the target's own escaping (so no markup, link or
 * mention can form), and last a cut to the budget, which therefore holds for the escaped text.
 */
import { escapeUnsafe } from '../lib/sanitize';

/** Ends a cut value, so a reader sees that there is more. */
export const cutMarker = '…';

/**
 * `https://evil` → `hxxps[:]//evil`: how indicators are written where a click must not happen.
 * Chat clients link bare URLs; a defanged one stays text.
 */
export function defang(text: string): string {
  // Two linear passes: a pattern that captured the scheme's run of letters backtracks on every
  // start of a long run of them (quadratic on 100,000 letters).
  return text.replace(/:\/\//g, '[:]//').replace(/\b(h)tt(ps?)(?=\[:\]\/\/)/gi, '$1xx$2');
}

/**
 * At most `max` UTF-16 code units (what both platforms count, or more than they count). A cut ends
 * in {@link cutMarker} and never splits a surrogate pair, an HTML entity or a visible `\u` escape.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < cutMarker.length) return '';
  const kept = text
    .slice(0, max - cutMarker.length)
    .replace(/[\ud800-\udbff]$/, '')
    .replace(/&[#A-Za-z0-9]*$/, '')
    .replace(/\\(u(\{[0-9a-f]*|[0-9a-f]{0,3})?)?$/, '');
  return `${kept}${cutMarker}`;
}

/** One line, visible escapes for what would hide or split it, links defanged; not yet escaped for a target. */
const neutral = (text: string): string => defang(escapeUnsafe(text));

const htmlEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const slackEntities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** For Google Chat card text (an HTML subset): no tag, link or `<users/all>` can form. */
export function chatHtml(text: string, max: number): string {
  return cut(
    neutral(text).replace(/[&<>"]/g, (ch) => htmlEntities[ch]!),
    max,
  );
}

/** For a Slack plain_text object: the three control characters escaped, as Slack asks of every text object. */
export function slackPlain(text: string, max: number): string {
  return cut(
    neutral(text).replace(/[&<>]/g, (ch) => slackEntities[ch]!),
    max,
  );
}

/**
 * For Slack mrkdwn: an inline code span, where Slack applies no bold, italics, links or mentions.
 * A backtick inside would end the span, so it becomes U+02CB (ˋ), which looks the same; `&`, `<`
 * and `>` are escaped, so `<!channel>` or `<https://x|y>` cannot form either. Sent with `verbatim`.
 */
export function slackCode(text: string, max: number): string {
  const body = cut(
    neutral(text)
      .replace(/`/g, '\u02cb')
      .replace(/[&<>]/g, (ch) => slackEntities[ch]!),
    Math.max(0, max - 2),
  );
  return body === '' ? '—' : `\`${body}\``;
}

/**
 * Joins lines until the next would pass `max` characters (separators included), and ends with
 * `more(n)` when `n` of the `total` items are not shown, room for it kept. The lines are already
 * escaped; `total` counts items left out before (so the count a reader sees is the whole list's).
 */
export function joinWithin(lines: readonly string[], max: number, more: (left: number) => string, total = lines.length, separator = '\n'): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    const next = length + (kept.length > 0 ? separator.length : 0) + line.length;
    const left = total - kept.length - 1;
    if (next + (left > 0 ? separator.length + more(left).length : 0) > max) break;
    kept.push(line);
    length = next;
  }
  const left = total - kept.length;
  return (left > 0 ? [...kept, more(left)] : kept).join(separator);
}

/** The first `count` items of a list, and the list's length (so a renderer can say how many it left out). */
export function first(items: readonly string[], count: number): [readonly string[], number] {
  return [items.slice(0, Math.max(0, count)), items.length];
}
