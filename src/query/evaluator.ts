/**
 * Evaluates a parsed query against one LogEntry (as `gcloud logging read --format=json` or a sink
 * export writes it), with Cloud Logging's semantics: case-insensitive string `=` and `:`, typed
 * timestamp and severity comparisons, arrays matching when any element does, and missing fields
 * failing every comparison (so `NOT f="x"` keeps entries without `f`, but `f!="x"` does not).
 */
import type { CompareOp, Expr, Literal } from './ast';
import { compileRegex, fold, logIdOfName, severityLevel } from './values';
import { timestampNanos } from '../lib/time';

type Json = unknown;
type Resolved = { readonly found: false } | { readonly found: true; readonly value: Json };

/** LogEntry fields that compare as their default when unset, instead of being missing. */
const defaultedFields: Readonly<Record<string, Json>> = {
  textPayload: '',
  severity: 'DEFAULT',
  trace: '',
  spanId: '',
  insertId: '',
  logName: '',
  traceSampled: false,
};
const timestampFields = new Set(['timestamp', 'receiveTimestamp']);
/** Proto-typed roots, whose field names match regardless of case and snake/camel spelling. */
const protoRoots = new Set(['protoPayload', 'httpRequest', 'operation', 'sourceLocation', 'resource']);

/** True when the entry matches the expression. */
export function evaluate(expr: Expr, entry: Json): boolean {
  switch (expr.kind) {
    case 'and':
      return expr.items.every((item) => evaluate(item, entry));
    case 'or':
      return expr.items.some((item) => evaluate(item, entry));
    case 'not':
      return !evaluate(expr.item, entry);
    case 'present':
      return resolve(expr.path, entry).found;
    case 'global':
      return containsText(entry, fold(expr.value.text));
    case 'logId':
      return logIdOf(entry) === expr.id;
    case 'compare': {
      const resolved = resolve(expr.path, entry);
      if (!resolved.found) return false;
      const values = Array.isArray(resolved.value) ? resolved.value : [resolved.value];
      return values.some((value) => compare(value, expr.op, expr.value, fieldKind(expr.path)));
    }
    default: {
      const unreachable: never = expr;
      return unreachable;
    }
  }
}

type FieldKind = 'timestamp' | 'severity' | 'plain';

function fieldKind(path: readonly string[]): FieldKind {
  if (path.length === 1 && timestampFields.has(path[0]!)) return 'timestamp';
  return path.length === 1 && path[0] === 'severity' ? 'severity' : 'plain';
}

function resolve(path: readonly string[], entry: Json): Resolved {
  const [root, ...rest] = path;
  const node = lookup(entry, root!, false);
  if (node === undefined) {
    return rest.length === 0 && root! in defaultedFields ? { found: true, value: defaultedFields[root!] } : { found: false };
  }
  const loose = protoRoots.has(root!);
  // A repeated field on the way (protoPayload.authorizationInfo.permission) is searched in each of
  // its elements, as Cloud Logging does: the comparison holds when it holds for any of them.
  let nodes: Json[] = [node];
  for (const [i, key] of rest.entries()) {
    // resource.labels is a map: its keys are matched exactly.
    nodes = elementsOf(nodes).flatMap((item) => {
      const value = lookup(item, key, loose && !(root === 'resource' && i > 0));
      return value === undefined ? [] : [value];
    });
    if (nodes.length === 0) return { found: false };
  }
  return { found: true, value: nodes.length === 1 ? nodes[0] : elementsOf(nodes) };
}

/** The values, with each array among them replaced by its elements. */
const elementsOf = (values: readonly Json[]): Json[] => values.flatMap((item): Json[] => (Array.isArray(item) ? (item as Json[]) : [item]));

function lookup(node: Json, key: string, loose: boolean): Json {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const record = node as Record<string, Json>;
  if (key in record) return record[key];
  if (!loose) return undefined;
  const wanted = key.replace(/_/g, '').toLowerCase();
  const match = Object.keys(record).find((candidate) => candidate.replace(/_/g, '').toLowerCase() === wanted);
  return match === undefined ? undefined : record[match];
}

function compare(value: Json, op: CompareOp, literal: Literal, kind: FieldKind): boolean {
  if (!literal.quoted && literal.text === 'NULL_VALUE') {
    return op === '=' ? value === null : op === '!=' ? value !== null : false;
  }
  if (value === null || value === undefined) return false;
  if (op === '=~' || op === '!~') {
    if (typeof value !== 'string') return false;
    return compileRegex(literal.text).test(value) === (op === '=~');
  }
  if (op === ':') return typeof value === 'object' ? containsText(value, fold(literal.text)) : fold(String(value)).includes(fold(literal.text));
  if (typeof value === 'object') return false;
  const pair = comparablePair(value, literal.text, kind);
  return pair !== undefined && order(pair[0], pair[1], op);
}

type Comparable = string | number | bigint | boolean;

function comparablePair(value: Json, text: string, kind: FieldKind): [Comparable, Comparable] | undefined {
  if (kind === 'timestamp') {
    const left = typeof value === 'string' ? timestampNanos(value) : undefined;
    const right = timestampNanos(text);
    return left === undefined || right === undefined ? undefined : [left, right];
  }
  if (kind === 'severity') {
    const left = severityLevel(value);
    const right = severityLevel(text);
    return left === undefined || right === undefined ? undefined : [left, right];
  }
  if (typeof value === 'number') {
    const right = text.trim() === '' ? Number.NaN : Number(text);
    return Number.isNaN(right) ? undefined : [value, right];
  }
  if (typeof value === 'boolean') {
    const lower = text.toLowerCase();
    return lower === 'true' || lower === 'false' ? [value, lower === 'true'] : undefined;
  }
  return [fold(String(value)), fold(text)];
}

function order(left: Comparable, right: Comparable, op: Exclude<CompareOp, ':' | '=~' | '!~'>): boolean {
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}

/** A global restriction: the folded text appears in some string or number anywhere in the value. */
function containsText(node: Json, needle: string): boolean {
  if (typeof node === 'string') return fold(node).includes(needle);
  if (typeof node === 'number' || typeof node === 'boolean') return String(node).includes(needle);
  if (Array.isArray(node)) return node.some((item) => containsText(item, needle));
  if (typeof node === 'object' && node !== null) return Object.values(node).some((item) => containsText(item, needle));
  return false;
}

function logIdOf(entry: Json): string | undefined {
  const logName = lookup(entry, 'logName', false);
  return typeof logName === 'string' ? logIdOfName(logName) : undefined;
}
