/**
 * Pure planning of coalesced reads: requests with the same selector merge into one member, members
 * pack into calls under the filter length limit, and a page is split back into each request's
 * share with the exact part of its range the page covered. No I/O here; `reader.ts` runs it.
 */
import type { Expr } from '../query/ast';
import { and, compare, or, render } from '../query/builder';
import { evaluate } from '../query/evaluator';
import { formatNanos } from '../lib/time';
import { type Interval, contains, entryNanos, hull, intersect, interval, overlapsOrTouches } from './interval';
import type { LogEntry, LogOrder, LogPage } from './port';

/** Cloud Logging rejects longer filters (logging.proto: 20,000 characters). */
export const maxFilterChars = 20_000;

/** One read one section wants: a selector (no time bounds) over a range, in an order. */
export interface ReadRequest {
  readonly resourceNames: readonly string[];
  readonly selector: Expr;
  readonly range: Interval;
  readonly order: LogOrder;
  /**
   * Entries expected in the range, from what earlier pages showed of it: 0 for reads known to be
   * sparse (audit logs, indicator matches), undefined before anything was read. Reads expected to
   * fill half a page or more get a page of their own; the others share pages up to half full.
   */
  readonly estimate: number | undefined;
  /** Waits for read budget; a non-essential (widening) read runs only on spare budget. */
  readonly essential: boolean;
  /** When (epoch ms) the read's deadline passes: an essential read that cannot get budget by then is declined. */
  readonly notAfter?: number;
  /** A follow-up section's read: packed into calls of its own, so dense traffic logs never share, and fill, a workload section's page. */
  readonly followUp?: true;
}

/** What one read got back. */
export interface ReadAnswer {
  /** Entries of the selector inside the range, in the call's order. */
  readonly entries: readonly LogEntry[];
  /** The part of the range read completely, from the start of the order; undefined when none. */
  readonly covered: Interval | undefined;
  /** What is left to read; undefined when the range was read whole. */
  readonly rest: Interval | undefined;
  /** The page was shared with other selectors. */
  readonly shared: boolean;
  /** Not read: no budget for it (spare budget for a widening read, any before the deadline for an essential one). */
  readonly declined: boolean;
}

/** Requests with one selector and overlapping ranges, read as one clause. */
export interface Member<T extends { readonly request: ReadRequest }> {
  readonly selectorText: string;
  readonly selector: Expr;
  readonly range: Interval;
  /** The items' estimates added up; undefined when any is unknown. */
  readonly estimate: number | undefined;
  readonly items: readonly T[];
}

/** One entries.list call: its members and the filter that reads them all. */
export interface CallPlan<T extends { readonly request: ReadRequest }> {
  readonly members: readonly Member<T>[];
  readonly expr: Expr;
  readonly filter: string;
}

/** A member's clause: its selector AND its time range. */
export function clauseOf(selector: Expr, range: Interval): Expr {
  const items = selector.kind === 'and' ? selector.items : [selector];
  return and(...items, compare(['timestamp'], '>=', formatNanos(range.from)), compare(['timestamp'], '<=', formatNanos(range.to)));
}

/** Merges requests with the same selector text whose ranges overlap or touch. */
export function mergeMembers<T extends { readonly request: ReadRequest; readonly selectorText: string }>(items: readonly T[]): Member<T>[] {
  const members: { selectorText: string; selector: Expr; range: Interval; estimate: number | undefined; items: T[] }[] = [];
  const sorted = [...items].sort((a, b) => (a.selectorText < b.selectorText ? -1 : a.selectorText > b.selectorText ? 1 : a.request.range.from < b.request.range.from ? -1 : 1));
  for (const item of sorted) {
    const last = members.at(-1);
    if (last !== undefined && last.selectorText === item.selectorText && overlapsOrTouches(last.range, item.request.range)) {
      last.range = hull(last.range, item.request.range);
      last.estimate = last.estimate === undefined || item.request.estimate === undefined ? undefined : Math.max(last.estimate, item.request.estimate);
      last.items.push(item);
    } else {
      members.push({ selectorText: item.selectorText, selector: item.request.selector, range: item.request.range, estimate: item.request.estimate, items: [item] });
    }
  }
  return members;
}

function callOf<T extends { readonly request: ReadRequest }>(members: readonly Member<T>[]): CallPlan<T> {
  const clauses = members.map((m) => clauseOf(m.selector, m.range));
  const expr = clauses.length === 1 ? clauses[0]! : or(...clauses);
  return { members, expr, filter: render(expr) };
}

/**
 * Packs members into calls under the filter length limit. Members never read yet share freely;
 * members whose estimate fills half a page or more go alone; the rest share while their estimates
 * add up to at most half a page, so each is likely to be read whole.
 */
export function packCalls<T extends { readonly request: ReadRequest }>(members: readonly Member<T>[], pageSize: number, limit = maxFilterChars): CallPlan<T>[] {
  const half = Math.max(1, Math.floor(pageSize / 2));
  const heavy = members.filter((m) => m.estimate !== undefined && m.estimate >= half);
  return [
    ...heavy.map((m) => callOf([m])),
    ...packShared(
      members.filter((m) => m.estimate === undefined),
      Number.POSITIVE_INFINITY,
      limit,
    ),
    ...packShared(
      members.filter((m) => m.estimate !== undefined && m.estimate < half),
      half,
      limit,
    ),
  ];
}

function packShared<T extends { readonly request: ReadRequest }>(members: readonly Member<T>[], maxEstimate: number, limit: number): CallPlan<T>[] {
  const calls: CallPlan<T>[] = [];
  let open: Member<T>[] = [];
  let expected = 0;
  for (const member of members) {
    const more = member.estimate ?? 0;
    if (open.length > 0 && (expected + more > maxEstimate || callOf([...open, member]).filter.length > limit)) {
      calls.push(callOf(open));
      open = [];
      expected = 0;
    }
    open.push(member);
    expected += more;
  }
  if (open.length > 0) calls.push(callOf(open));
  return calls;
}

/**
 * What a page covered of a range read in `order`. A full page (truncated) read everything beyond
 * its last entry's instant, but maybe not every entry at that instant, so coverage stops 1 ns short.
 */
export function coverageOf(range: Interval, order: LogOrder, page: LogPage): { covered: Interval | undefined; rest: Interval | undefined } {
  if (!page.truncated) return { covered: range, rest: undefined };
  const last = page.entries.at(-1);
  if (last === undefined) return { covered: undefined, rest: range };
  const boundary = entryNanos(last);
  return order === 'desc'
    ? { covered: intersect(range, interval(boundary + 1n, range.to)), rest: intersect(range, interval(range.from, boundary)) }
    : { covered: intersect(range, interval(range.from, boundary - 1n)), rest: intersect(range, interval(boundary, range.to)) };
}

/** Splits a page back into each request's share, evaluating each member's selector locally. */
export function splitPage<T extends { readonly request: ReadRequest }>(call: CallPlan<T>, page: LogPage): Map<T, ReadAnswer> {
  const answers = new Map<T, ReadAnswer>();
  const shared = call.members.length > 1;
  for (const member of call.members) {
    const order = member.items[0]!.request.order;
    // Alone in its call, every entry of the page matched this member's own clause on the server.
    const mine = shared ? page.entries.filter((entry) => contains(member.range, entryNanos(entry)) && evaluate(member.selector, entry)) : page.entries;
    const { covered, rest } = coverageOf(member.range, order, page);
    for (const item of member.items) {
      const range = item.request.range;
      answers.set(item, {
        entries: mine.filter((entry) => contains(range, entryNanos(entry))),
        covered: intersect(covered, range),
        rest: intersect(rest, range),
        shared,
        declined: false,
      });
    }
  }
  return answers;
}
