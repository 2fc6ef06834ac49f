/** Work on a list with a few items in flight at once, results handed on in the list's order. */

/**
 * Runs `work` on every item, at most `limit` at a time, and calls `emit` with each result in the
 * order of `items`. A result waits only for those before it, so at most `limit` results are held
 * at any moment, however long the list: the caller can stream them out. `work` should not reject;
 * if it does, the run stops with that rejection once the results before it are emitted.
 */
export async function forEachInOrder<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, emit: (result: R, index: number) => void): Promise<void> {
  const inFlight: Promise<R>[] = [];
  let emitted = 0;
  for (let index = 0; index < items.length; index++) {
    const result = work(items[index]!, index);
    // A rejection is awaited in its turn; until then it must not count as unhandled.
    result.catch(() => undefined);
    inFlight.push(result);
    if (inFlight.length >= Math.max(1, limit)) emit(await inFlight.shift()!, emitted++);
  }
  while (inFlight.length > 0) emit(await inFlight.shift()!, emitted++);
}
