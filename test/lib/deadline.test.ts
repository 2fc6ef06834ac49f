/** A deadline's signal knows how much time is left, and a signal shared by several keeps the latest. */
import { DeadlineExceeded, inheritDeadline, remainingMs, startDeadline } from '../../src/lib/deadline';

describe('deadlines', () => {
  it('tells a call how long it may take: what is left, never less than 1 ms', async () => {
    const deadline = startDeadline(200);
    const left = remainingMs(deadline.signal, 60_000);
    expect(left).toBeGreaterThan(100);
    expect(left).toBeLessThanOrEqual(200);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceeded);
    expect(remainingMs(deadline.signal, 60_000)).toBe(1);
    deadline.clear();
  });

  it('gives a signal no deadline made the fallback', () => {
    expect(remainingMs(new AbortController().signal, 60_000)).toBe(60_000);
  });

  it('gives a shared signal the latest deadline of those it serves, and none if one has none', () => {
    const short = startDeadline(1_000);
    const long = startDeadline(5_000);
    const shared = new AbortController().signal;
    inheritDeadline(shared, [short.signal, long.signal]);
    expect(remainingMs(shared, 0)).toBeGreaterThan(4_000);
    const mixed = new AbortController().signal;
    inheritDeadline(mixed, [short.signal, new AbortController().signal]);
    expect(remainingMs(mixed, 42)).toBe(42);
    short.clear();
    long.clear();
  });
});
