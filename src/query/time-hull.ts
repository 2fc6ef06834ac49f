/**
 * The time span a filter can match at most, read from its `timestamp` comparisons. A local source
 * uses it to skip entries that cannot match; it is conservative: unknown shapes mean "unbounded".
 */
import type { Expr } from './ast';
import { timestampNanos } from '../lib/time';

/** Bounds in nanoseconds; a missing side is unbounded. */
export interface TimeHull {
  readonly from?: bigint;
  readonly to?: bigint;
}

const unbounded: TimeHull = {};

const maxOf = (a: bigint | undefined, b: bigint | undefined) => (a === undefined ? b : b === undefined ? a : a > b ? a : b);
const minOf = (a: bigint | undefined, b: bigint | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);

function compareHull(expr: Extract<Expr, { kind: 'compare' }>): TimeHull {
  if (expr.path.length !== 1 || expr.path[0] !== 'timestamp') return unbounded;
  const at = timestampNanos(expr.value.text);
  if (at === undefined) return unbounded;
  switch (expr.op) {
    case '>=':
      return { from: at };
    case '>':
      return { from: at + 1n };
    case '<=':
      return { to: at };
    case '<':
      return { to: at - 1n };
    case '=':
      return { from: at, to: at };
    default:
      return unbounded;
  }
}

/** The span `expr` can match at most. */
export function timeHullOf(expr: Expr): TimeHull {
  switch (expr.kind) {
    case 'compare':
      return compareHull(expr);
    case 'and':
      return expr.items.map(timeHullOf).reduce<TimeHull>((acc, h) => defined(maxOf(acc.from, h.from), minOf(acc.to, h.to)), unbounded);
    case 'or': {
      const hulls = expr.items.map(timeHullOf);
      if (hulls.length === 0) return unbounded;
      const from = hulls.some((h) => h.from === undefined) ? undefined : hulls.map((h) => h.from!).reduce((a, b) => (a < b ? a : b));
      const to = hulls.some((h) => h.to === undefined) ? undefined : hulls.map((h) => h.to!).reduce((a, b) => (a > b ? a : b));
      return defined(from, to);
    }
    case 'not':
    case 'present':
    case 'global':
    case 'logId':
      return unbounded;
    default: {
      const unreachable: never = expr;
      return unreachable;
    }
  }
}

function defined(from: bigint | undefined, to: bigint | undefined): TimeHull {
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}
