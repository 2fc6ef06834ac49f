import { forEachInOrder } from '../../src/lib/ordered';

/** A promise settled by hand, to finish work in any order. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachInOrder', () => {
  it.each([
    [1, 5],
    [3, 5],
    [4, 10],
    [8, 3],
  ])('limit %i over %i items: results in input order, never more than the limit in flight', async (limit, count) => {
    let inFlight = 0;
    let most = 0;
    const emitted: number[] = [];
    // Later items finish first, so any reordering would show.
    await forEachInOrder(
      Array.from({ length: count }, (_, i) => i),
      limit,
      async (item) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, (count - item) * 2));
        inFlight--;
        return item * 10;
      },
      (result, index) => emitted.push(result, index),
    );
    expect(emitted).toEqual(Array.from({ length: count }, (_, i) => [i * 10, i]).flat());
    expect(most).toBe(Math.min(limit, count));
  });

  it('emits a result as soon as those before it are done, without waiting for the rest (results are streamed)', async () => {
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const emitted: string[] = [];
    const run = forEachInOrder(
      [0, 1, 2],
      3,
      (i) => gates[i]!.promise,
      (result) => emitted.push(result),
    );
    gates[1]!.resolve('b');
    await tick();
    expect(emitted).toEqual([]);
    gates[0]!.resolve('a');
    await tick();
    expect(emitted).toEqual(['a', 'b']);
    gates[2]!.resolve('c');
    await run;
    expect(emitted).toEqual(['a', 'b', 'c']);
  });

  it('a rejection stops the run in its turn, after the results before it, and is never unhandled', async () => {
    const gates = [deferred<string>(), deferred<string>()];
    const emitted: string[] = [];
    const run = forEachInOrder(
      [0, 1],
      2,
      (i) => gates[i]!.promise,
      (result) => emitted.push(result),
    );
    gates[1]!.reject(new Error('boom'));
    await tick();
    gates[0]!.resolve('a');
    await expect(run).rejects.toThrow('boom');
    expect(emitted).toEqual(['a']);
  });
});
