/** The pure reading plan: directions around detection, the next step, and coverage. */
import type { ReadAnswer } from '../../src/logs/coalesce';
import { afterAnswer, directionsAround, nextStep, sectionCoverage, startState } from '../../src/logs/read-plan';

const window = { from: 100n, to: 200n };
const answer = (covered: { from: bigint; to: bigint } | undefined, rest: { from: bigint; to: bigint } | undefined, shared = false): ReadAnswer => ({ entries: [], covered, rest, shared, declined: false });

describe('directionsAround', () => {
  it.each([
    ['inside', 150n, [{ order: 'desc', range: { from: 100n, to: 150n } }, { order: 'asc', range: { from: 151n, to: 200n } }]],
    ['at the end', 200n, [{ order: 'desc', range: { from: 100n, to: 200n } }]],
    ['after the window (clamped)', 900n, [{ order: 'desc', range: { from: 100n, to: 200n } }]],
    ['before the window (clamped)', 5n, [{ order: 'desc', range: { from: 100n, to: 100n } }, { order: 'asc', range: { from: 101n, to: 200n } }]],
  ])('detection %s', (_label, detection, expected) => {
    expect(directionsAround(window, detection)).toEqual(expected);
  });
});

describe('nextStep', () => {
  const direction = { order: 'desc' as const, range: { from: 100n, to: 150n } };
  it.each([
    ['first page: essential, may be shared', startState(direction), 3, false, { kind: 'read', range: { from: 100n, to: 150n }, solo: false, essential: true }],
    ['after a shared page: one of its own, essential', afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n }, true)), 3, false, { kind: 'read', range: { from: 100n, to: 139n }, solo: true, essential: true }],
    ['after a page of its own: widening', afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })), 3, false, { kind: 'read', range: { from: 100n, to: 139n }, solo: true, essential: false }],
    ['at the page limit: stop', afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })), 1, false, { kind: 'stop', reason: 'page_limit' }],
    ['declined for budget: stop', afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })), 3, true, { kind: 'stop', reason: 'budget' }],
    ['read whole: done', afterAnswer(startState(direction), answer({ from: 100n, to: 150n }, undefined)), 3, false, { kind: 'done' }],
  ])('%s', (_label, state, maxPages, declined, expected) => {
    expect(nextStep(state, maxPages, declined)).toEqual(expected);
  });
});

describe('coverage', () => {
  it('grows from detection outward and joins both directions', () => {
    const before = afterAnswer(afterAnswer(startState({ order: 'desc', range: { from: 100n, to: 150n } }), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })), answer({ from: 120n, to: 139n }, { from: 100n, to: 119n }));
    const after = afterAnswer(startState({ order: 'asc', range: { from: 151n, to: 200n } }), answer({ from: 151n, to: 170n }, { from: 171n, to: 200n }));
    expect(before.covered).toEqual({ from: 120n, to: 150n });
    expect(sectionCoverage([before, after])).toEqual({ from: 120n, to: 170n });
  });

  it('is undefined when nothing was read completely', () => {
    expect(sectionCoverage([startState({ order: 'desc', range: window })])).toBeUndefined();
  });
});
