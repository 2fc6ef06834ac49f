/**
 * Builds filters as trees and renders them as text. Every value is quoted and escaped here and
 * nowhere else, and every composite is parenthesised (OR binds tighter than AND in this language).
 */
import type { CompareOp, Expr } from './ast';

/** Escapes text for a double-quoted query string: `\`, `"` and control characters. */
export function escapeString(text: string): string {
  return text.replace(/[\\"\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** A double-quoted, escaped query string. */
export const quote = (text: string): string => `"${escapeString(text)}"`;

/** Splits a dotted path; a segment written in quotes (`labels."a.b/c"`) is passed as its own element. */
export const path = (dotted: string, ...quoted: string[]): string[] => [...dotted.split('.'), ...quoted];

/** `field op "value"`. */
export const compare = (field: readonly string[], op: CompareOp, value: string): Expr => ({
  kind: 'compare',
  path: field,
  op,
  value: { text: value, quoted: true },
});

/** `field="value"`. */
export const equals = (field: readonly string[], value: string): Expr => compare(field, '=', value);

/** `field=("a" OR "b")`: equal to any of the values. */
export const equalsAny = (field: readonly string[], values: readonly string[]): Expr =>
  values.length === 1 ? equals(field, values[0]!) : { kind: 'or', items: values.map((value) => equals(field, value)) };

/** All of the parts. */
export const and = (...items: Expr[]): Expr => ({ kind: 'and', items });
/** Any of the parts. */
export const or = (...items: Expr[]): Expr => ({ kind: 'or', items });
/** Not the part. */
export const not = (item: Expr): Expr => ({ kind: 'not', item });
/** A global restriction: the text appears in some field of the entry (`"text"`). */
export const anyField = (text: string): Expr => ({ kind: 'global', value: { text, quoted: true } });

/** Any of the texts appears in some field: `("a" OR "b")`. */
export const anyFieldOf = (texts: readonly string[]): Expr => (texts.length === 1 ? anyField(texts[0]!) : or(...texts.map(anyField)));

/** `log_id("id")`. */
export const logId = (id: string): Expr => ({ kind: 'logId', id });

/** `timestamp>="start" AND timestamp<="end"`, both bounds always. */
export const timeBounds = (start: string, end: string): Expr[] => [compare(['timestamp'], '>=', start), compare(['timestamp'], '<=', end)];

const plainSegment = /^[A-Za-z_][A-Za-z0-9_]*$/;

function renderPath(segments: readonly string[]): string {
  return segments.map((segment) => (plainSegment.test(segment) ? segment : quote(segment))).join('.');
}

function renderValueList(expr: Expr): string | undefined {
  if (expr.kind !== 'or' || expr.items.length < 2) return undefined;
  const [first] = expr.items;
  if (first?.kind !== 'compare') return undefined;
  const samePath = renderPath(first.path);
  const uniform = expr.items.every((item) => item.kind === 'compare' && item.op === first.op && item.value.quoted && renderPath(item.path) === samePath);
  if (!uniform) return undefined;
  const values = expr.items.map((item) => (item.kind === 'compare' ? quote(item.value.text) : ''));
  return `${samePath}${first.op}(${values.join(' OR ')})`;
}

/**
 * Renders a filter as query text. The top-level AND puts one clause per line, as Logs Explorer does.
 */
export function render(expr: Expr, top = true): string {
  switch (expr.kind) {
    case 'and': {
      const parts = expr.items.map((item) => wrap(item));
      return parts.join(top ? '\nAND ' : ' AND ');
    }
    case 'or':
      return renderValueList(expr) ?? expr.items.map((item) => wrap(item)).join(' OR ');
    case 'not':
      return `NOT ${wrap(expr.item)}`;
    case 'compare':
      return `${renderPath(expr.path)}${expr.op}${expr.value.quoted ? quote(expr.value.text) : expr.value.text}`;
    case 'present':
      return `${renderPath(expr.path)}:*`;
    case 'global':
      return expr.value.quoted ? quote(expr.value.text) : expr.value.text;
    case 'logId':
      return `log_id(${quote(expr.id)})`;
    default: {
      const unreachable: never = expr;
      return unreachable;
    }
  }
}

function wrap(expr: Expr): string {
  const composite = (expr.kind === 'and' || expr.kind === 'or') && renderValueList(expr) === undefined;
  return composite ? `(${render(expr, false)})` : render(expr, false);
}
