/** The pure reading plan: directions around detection, the next step, and coverage. */
import type { ReadAnswer } from '../../src/logs/coalesce';
import { afterAnswer as after, directionsAround, estimateRest, nextStep, sectionCoverage, startState } from '../../src/logs/read-plan';

const afterAnswer = (state: Parameters<typeof after>[0], answer: ReadAnswer) => after(state, answer, 1000);

const window = { from: 100n, to: 200n };
const answer = (covered: { from: bigint; to: bigint } | undefined, rest: { from: bigint; to: bigint } | undefined, shared = false, entries = 0): ReadAnswer => ({
  entries: Array.from({ length: entries }, () => ({})),
  covered,
  rest,
  shared,
  declined: false,
});

describe('directionsAround', () => {
  it.each([
    [
      'inside',
      150n,
      [
        { order: 'desc', range: { from: 100n, to: 150n } },
        { order: 'asc', range: { from: 151n, to: 200n } },
      ],
    ],
    ['at the end', 200n, [{ order: 'desc', range: { from: 100n, to: 200n } }]],
    ['after the window (clamped)', 900n, [{ order: 'desc', range: { from: 100n, to: 200n } }]],
    [
      'before the window (clamped)',
      5n,
      [
        { order: 'desc', range: { from: 100n, to: 100n } },
        { order: 'asc', range: { from: 101n, to: 200n } },
      ],
    ],
  ])('detection %s', (_label, detection, expected) => {
    expect(directionsAround(window, detection)).toEqual(expected);
  });
});

describe('nextStep', () => {
  const direction = { order: 'desc' as const, range: { from: 100n, to: 150n } };
  it.each([
    ['first page: essential, density unknown', startState(direction), 3, false, { kind: 'read', range: { from: 100n, to: 150n }, estimate: undefined, essential: true }],
    [
      'second page: essential, estimated from the first',
      afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n }, true, 11)),
      3,
      false,
      { kind: 'read', range: { from: 100n, to: 139n }, estimate: 40, essential: true },
    ],
    [
      'third page: widening',
      afterAnswer(afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 120n, to: 139n })), answer({ from: 130n, to: 139n }, { from: 100n, to: 129n })),
      3,
      false,
      { kind: 'read', range: { from: 100n, to: 129n }, estimate: 0, essential: false },
    ],
    ['at the page limit: stop', afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })), 1, false, { kind: 'stop', reason: 'page_limit' }],
    ['declined for budget: stop', afterAnswer(startState(direction), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })), 3, true, { kind: 'stop', reason: 'budget' }],
    ['read whole: done', afterAnswer(startState(direction), answer({ from: 100n, to: 150n }, undefined)), 3, false, { kind: 'done' }],
  ])('%s', (_label, state, maxPages, declined, expected) => {
    expect(nextStep(state, maxPages, declined)).toEqual(expected);
  });
});

describe('estimateRest', () => {
  it.each([
    ['the density seen, over what is left', 10, { from: 0n, to: 99n }, { from: 100n, to: 299n }, 20],
    ['never more than a page', 900, { from: 0n, to: 99n }, { from: 100n, to: 299n }, 1000],
    ['nothing covered: a full page', 0, undefined, { from: 0n, to: 9n }, 1000],
    ['nothing left: none', 5, { from: 0n, to: 9n }, undefined, 0],
  ] as const)('%s', (_label, entries, covered, rest, expected) => {
    expect(estimateRest(entries, covered, rest, 1000)).toBe(expected);
  });
});

describe('coverage', () => {
  it('grows from detection outward and joins both directions', () => {
    const before = afterAnswer(
      afterAnswer(startState({ order: 'desc', range: { from: 100n, to: 150n } }), answer({ from: 140n, to: 150n }, { from: 100n, to: 139n })),
      answer({ from: 120n, to: 139n }, { from: 100n, to: 119n }),
    );
    const after = afterAnswer(startState({ order: 'asc', range: { from: 151n, to: 200n } }), answer({ from: 151n, to: 170n }, { from: 171n, to: 200n }));
    expect(before.covered).toEqual({ from: 120n, to: 150n });
    expect(sectionCoverage([before, after])).toEqual({ from: 120n, to: 170n });
  });

  it('is undefined when nothing was read completely', () => {
    expect(sectionCoverage([startState({ order: 'desc', range: window })])).toBeUndefined();
  });
});
