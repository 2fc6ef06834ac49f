/**
 * How a section reads its window, as pure steps: outward from detection in two directions (newest
 * first up to detection: what led to it; oldest first after it: what followed), each widening page
 * by page while its budget allows. The first two pages are essential (they wait for budget); every
 * further page widens the read only on spare budget, up to the section's page limit. Each page
 * tells how dense the range is, so the next one is packed with others or read alone.
 */
import type { ReadAnswer } from './coalesce';
import { type Interval, hull, interval } from './interval';
import type { LogOrder } from './port';

/** Why a direction stopped before reading its whole range. */
export const stopReasons = ['page_limit', 'budget', 'deadline'] as const;
/** One of {@link stopReasons}. */
export type StopReason = (typeof stopReasons)[number];

/** One direction of a section's window. */
export interface Direction {
  readonly order: LogOrder;
  readonly range: Interval;
}

/** The two directions of `window` around `detection` (clamped into it); an empty side is left out. */
export function directionsAround(window: Interval, detection: bigint): Direction[] {
  const at = detection < window.from ? window.from : detection > window.to ? window.to : detection;
  const before = interval(window.from, at);
  const after = interval(at + 1n, window.to);
  return [...(before === undefined ? [] : [{ order: 'desc' as const, range: before }]), ...(after === undefined ? [] : [{ order: 'asc' as const, range: after }])];
}

/** A direction's progress. */
export interface DirectionState {
  readonly pages: number;
  /** Entries expected in `rest`, at the density the pages so far showed; undefined before any. */
  readonly estimate: number | undefined;
  readonly covered: Interval | undefined;
  readonly rest: Interval | undefined;
}

/** Before the first page. */
export const startState = (direction: Direction, estimate?: number): DirectionState => ({ pages: 0, estimate, covered: undefined, rest: direction.range });

const span = (range: Interval): number => Number(range.to - range.from + 1n);

/**
 * Entries expected in `rest` at the density seen in `covered`. Nothing covered (other selectors
 * filled the shared page first) says nothing about density: expect a full page.
 */
export function estimateRest(entries: number, covered: Interval | undefined, rest: Interval | undefined, pageSize: number): number {
  if (rest === undefined) return 0;
  if (covered === undefined) return pageSize;
  return Math.min(pageSize, Math.ceil((entries / span(covered)) * span(rest)));
}

/** The state after one answer: coverage grows from the anchor (detection) outward. */
export function afterAnswer(state: DirectionState, answer: ReadAnswer, pageSize: number): DirectionState {
  const covered = state.covered === undefined ? answer.covered : answer.covered === undefined ? state.covered : hull(state.covered, answer.covered);
  return { pages: state.pages + 1, estimate: estimateRest(answer.entries.length, answer.covered, answer.rest, pageSize), covered, rest: answer.rest };
}

/** The next read of a direction, or why there is none. */
export type NextStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'stop'; readonly reason: StopReason }
  | { readonly kind: 'read'; readonly range: Interval; readonly estimate: number | undefined; readonly essential: boolean };

/** What to read next: the first two pages are essential, every further one widening, up to `maxPages`. */
export function nextStep(state: DirectionState, maxPages: number, declined: boolean): NextStep {
  if (state.rest === undefined) return { kind: 'done' };
  if (declined) return { kind: 'stop', reason: 'budget' };
  if (state.pages >= maxPages) return { kind: 'stop', reason: 'page_limit' };
  return { kind: 'read', range: state.rest, estimate: state.estimate, essential: state.pages < 2 };
}

/** The part of the window read around detection: both directions' coverage, when they meet. */
export function sectionCoverage(states: readonly DirectionState[]): Interval | undefined {
  const parts = states.map((s) => s.covered).filter((c): c is Interval => c !== undefined);
  if (parts.length === 0) return undefined;
  const [first, ...others] = parts;
  // Each direction is anchored at detection, so covered parts always touch there.
  return others.reduce((acc, part) => hull(acc, part), first!);
}
