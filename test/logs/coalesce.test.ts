/**
 * Coalescing is exact: however requests are merged and packed, each gets back exactly what its
 * own filter selects from the page, and its coverage claims only instants the page read whole.
 */
import fc from 'fast-check';
import { type ReadRequest, clauseOf, coverageOf, maxFilterChars, mergeMembers, packCalls, splitPage } from '../../src/logs/coalesce';
import { contains, entryNanos } from '../../src/logs/interval';
import type { LogEntry, LogOrder } from '../../src/logs/port';
import { formatNanos } from '../../src/lib/time';
import { and, anyField, equals, path, render } from '../../src/query/builder';
import { evaluate } from '../../src/query/evaluator';
import { parseQuery } from '../../src/query/parser';

const base = 1_700_000_000_000_000_000n;
const second = 1_000_000_000n;
const pods = ['a', 'b', 'ab', 'a-1'];

const entryArb = fc.record({ pod: fc.constantFrom(...pods), at: fc.integer({ min: 0, max: 60 }), word: fc.constantFrom('GET', 'ERROR 203.0.113.45', 'curl', '"quoted" \\ back') });
const requestArb = fc.record({
  pod: fc.constantFrom(...pods),
  indicator: fc.option(fc.constantFrom('203.0.113.45', 'curl', '" OR "', '\\'), { nil: undefined }),
  from: fc.integer({ min: 0, max: 60 }),
  length: fc.integer({ min: 0, max: 60 }),
  estimate: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
});

function toEntries(raw: { pod: string; at: number; word: string }[]): LogEntry[] {
  return raw.map((r, i) => ({ insertId: `id-${String(i).padStart(3, '0')}`, timestamp: formatNanos(base + BigInt(r.at) * second), resource: { labels: { pod_name: r.pod } }, textPayload: r.word }));
}

function toRequest(r: { pod: string; indicator: string | undefined; from: number; length: number; estimate: number | undefined }, order: LogOrder): ReadRequest {
  const selector = r.indicator === undefined ? and(equals(path('resource.labels.pod_name'), r.pod)) : and(equals(path('resource.labels.pod_name'), r.pod), anyField(r.indicator));
  const from = base + BigInt(r.from) * second;
  return { resourceNames: ['projects/p'], selector, range: { from, to: from + BigInt(r.length) * second }, order, estimate: r.estimate, essential: true };
}

/** entries.list, as the server answers: the filter's matches in order, ties by insertId, one page. */
function serve(entries: readonly LogEntry[], filter: string, order: LogOrder, pageSize: number) {
  const expr = parseQuery(filter);
  const sign = order === 'asc' ? 1 : -1;
  const matches = entries.filter((e) => evaluate(expr, e)).sort((a, b) => sign * Number(entryNanos(a) - entryNanos(b)) || String(a.insertId).localeCompare(String(b.insertId)));
  return { entries: matches.slice(0, pageSize), truncated: matches.length > pageSize };
}

describe('coalesced reads', () => {
  it('split back into each request exactly what its own filter selects, within honest coverage', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 60 }),
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom<LogOrder>('asc', 'desc'),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 600, max: 3000 }),
        (rawEntries, rawRequests, order, pageSize, limit) => {
          const entries = toEntries(rawEntries);
          const items = rawRequests.map((r) => ({ request: toRequest(r, order), selectorText: '' })).map((item) => ({ ...item, selectorText: render(item.request.selector) }));
          const calls = packCalls(mergeMembers(items), pageSize, limit);
          expect(calls.flatMap((c) => c.members.flatMap((m) => m.items)).length).toBe(items.length);
          for (const call of calls) {
            if (call.members.length > 1) expect(call.filter.length).toBeLessThanOrEqual(limit);
            const page = serve(entries, call.filter, order, pageSize);
            for (const [item, answer] of splitPage(call, page)) {
              const own = entries.filter((e) => contains(item.request.range, entryNanos(e)) && evaluate(parseQuery(render(clauseOf(item.request.selector, item.request.range))), e));
              const got = new Set(answer.entries.map((e) => e.insertId));
              expect(answer.entries.every((e) => own.includes(e))).toBe(true);
              const mustHave = own.filter((e) => answer.covered !== undefined && contains(answer.covered, entryNanos(e)));
              expect(mustHave.every((e) => got.has(e.insertId))).toBe(true);
              if (!page.truncated) expect([...got].sort()).toEqual(own.map((e) => e.insertId).sort());
              const span = (answer.covered === undefined ? 0n : answer.covered.to - answer.covered.from + 1n) + (answer.rest === undefined ? 0n : answer.rest.to - answer.rest.from + 1n);
              expect(span).toBe(item.request.range.to - item.request.range.from + 1n);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges one selector over overlapping ranges into one clause, and keeps different selectors apart', () => {
    const request = (pod: string, from: bigint, to: bigint): ReadRequest => ({
      resourceNames: ['projects/p'],
      selector: equals(path('resource.labels.pod_name'), pod),
      range: { from, to },
      order: 'desc',
      estimate: undefined,
      essential: true,
    });
    const items = [request('a', 0n, 10n), request('a', 5n, 20n), request('a', 50n, 60n), request('b', 0n, 10n)].map((r) => ({ request: r, selectorText: render(r.selector) }));
    expect(mergeMembers(items).map((m) => [m.selectorText, m.range, m.items.length])).toEqual([
      ['resource.labels.pod_name="a"', { from: 0n, to: 20n }, 2],
      ['resource.labels.pod_name="a"', { from: 50n, to: 60n }, 1],
      ['resource.labels.pod_name="b"', { from: 0n, to: 10n }, 1],
    ]);
    expect(packCalls(mergeMembers(items), 1000)).toHaveLength(1);
  });

  it('packs under the 20,000-character filter limit', () => {
    const requests = Array.from({ length: 400 }, (_, i) => {
      const r: ReadRequest = {
        resourceNames: ['projects/p'],
        selector: equals(path('resource.labels.pod_name'), `pod-${i}`),
        range: { from: 0n, to: 10n },
        order: 'asc',
        estimate: undefined,
        essential: true,
      };
      return { request: r, selectorText: render(r.selector) };
    });
    const calls = packCalls(mergeMembers(requests), 1000);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.filter.length <= maxFilterChars)).toBe(true);
  });

  it('reads expected to fill half a page go alone; lighter ones share up to half a page; unread ones share freely', () => {
    const request = (pod: string, estimate: number | undefined): ReadRequest => ({
      resourceNames: ['projects/p'],
      selector: equals(path('resource.labels.pod_name'), pod),
      range: { from: 0n, to: 10n },
      order: 'desc',
      estimate,
      essential: true,
    });
    const items = [request('heavy', 600), request('a', 200), request('b', 200), request('c', 200), request('new1', undefined), request('new2', undefined)].map((r) => ({
      request: r,
      selectorText: render(r.selector),
    }));
    const calls = packCalls(mergeMembers(items), 1000).map((c) => c.members.map((m) => m.selectorText.split('"')[1]).sort());
    expect(calls).toEqual([['heavy'], ['new1', 'new2'], ['a', 'b'], ['c']]);
  });

  it.each([
    ['a page that was not full covers the range whole', 'desc', false, [], { from: 0n, to: 100n }, undefined],
    ['a full page newest first covers down to 1 ns above its last entry', 'desc', true, [40n], { from: 41n, to: 100n }, { from: 0n, to: 40n }],
    ['a full page oldest first covers up to 1 ns below its last entry', 'asc', true, [40n], { from: 0n, to: 39n }, { from: 40n, to: 100n }],
    ['an empty page with a token covers nothing', 'asc', true, [], undefined, { from: 0n, to: 100n }],
  ] as const)('%s', (_label, order, truncated, times, covered, rest) => {
    const page = { entries: times.map((t) => ({ timestamp: formatNanos(t) })), truncated };
    expect(coverageOf({ from: 0n, to: 100n }, order, page)).toEqual({ covered, rest });
  });
});
