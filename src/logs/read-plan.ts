/**
 * How a section reads its window, as pure steps: outward from detection in two directions (newest
 * first up to detection: what led to it; oldest first after it: what followed), each widening page
 * by page while its budget allows. The first page may be shared with other sections and findings;
 * a direction it did not finish gets one page of its own that waits for budget, then widens only
 * on spare budget, up to the section's page limit.
 */
import type { ReadAnswer } from './coalesce';
import { type Interval, hull, interval } from './interval';
import type { LogOrder } from './port';

/** Why a direction stopped before reading its whole range. */
export const stopReasons = ['page_limit', 'budget'] as const;
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
  /** Pages that were not shared with other selectors. */
  readonly soloPages: number;
  readonly covered: Interval | undefined;
  readonly rest: Interval | undefined;
}

/** Before the first page. */
export const startState = (direction: Direction): DirectionState => ({ pages: 0, soloPages: 0, covered: undefined, rest: direction.range });

/** The state after one answer: coverage grows from the anchor (detection) outward. */
export function afterAnswer(state: DirectionState, answer: ReadAnswer): DirectionState {
  const covered = state.covered === undefined ? answer.covered : answer.covered === undefined ? state.covered : hull(state.covered, answer.covered);
  return { pages: state.pages + 1, soloPages: state.soloPages + (answer.shared ? 0 : 1), covered, rest: answer.rest };
}

/** The next read of a direction, or why there is none. */
export type NextStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'stop'; readonly reason: StopReason }
  | { readonly kind: 'read'; readonly range: Interval; readonly solo: boolean; readonly essential: boolean };

/**
 * What to read next. The first page is essential and may be shared; the first page of its own is
 * essential too; every further page is widening (spare budget only), up to `maxPages`.
 */
export function nextStep(state: DirectionState, maxPages: number, declined: boolean): NextStep {
  if (state.rest === undefined) return { kind: 'done' };
  if (declined) return { kind: 'stop', reason: 'budget' };
  if (state.pages >= maxPages) return { kind: 'stop', reason: 'page_limit' };
  if (state.pages === 0) return { kind: 'read', range: state.rest, solo: false, essential: true };
  return { kind: 'read', range: state.rest, solo: true, essential: state.soloPages === 0 };
}

/** The part of the window read around detection: both directions' coverage, when they meet. */
export function sectionCoverage(states: readonly DirectionState[]): Interval | undefined {
  const parts = states.map((s) => s.covered).filter((c): c is Interval => c !== undefined);
  if (parts.length === 0) return undefined;
  const [first, ...others] = parts;
  // Each direction is anchored at detection, so covered parts always touch there.
  return others.reduce((acc, part) => hull(acc, part), first!);
}
