/** The read budget: no rolling window sees more calls than the limit; RESOURCE_EXHAUSTED shrinks it. */
import { type BudgetClock, ReadBudget } from '../../src/logs/read-budget';

/** A clock that only moves when told, and whose sleeps advance it. */
function manualClock(): BudgetClock & { at: number; slept: number[] } {
  const clock = {
    at: 0,
    slept: [] as number[],
    now: () => clock.at,
    sleep: async (ms: number, signal: AbortSignal) => {
      signal.throwIfAborted();
      clock.slept.push(ms);
      clock.at += ms;
    },
  };
  return clock;
}

describe('ReadBudget', () => {
  it('spends up to its capacity, then a token comes back one window after it was spent', async () => {
    const clock = manualClock();
    const budget = new ReadBudget(3, 60_000, clock, 0);
    for (const at of [0, 10, 20]) {
      clock.at = at;
      await budget.take(new AbortController().signal);
    }
    expect(budget.available()).toBe(0);
    await budget.take(new AbortController().signal);
    expect(clock.at).toBe(60_000);
    expect(budget.available()).toBe(0);
    clock.at = 60_010;
    expect(budget.available()).toBe(1);
  });

  it('never allows more than the capacity in any rolling window', async () => {
    const clock = manualClock();
    const budget = new ReadBudget(5, 1_000, clock, 0);
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      await budget.take(new AbortController().signal);
      times.push(clock.at);
      clock.at += i % 3;
    }
    for (const t of times) expect(times.filter((u) => u > t - 1_000 && u <= t).length).toBeLessThanOrEqual(5);
  });

  it('with a margin, a token comes back that much after the window', async () => {
    const clock = manualClock();
    const budget = new ReadBudget(1, 60_000, clock);
    await budget.take(new AbortController().signal);
    await budget.take(new AbortController().signal);
    expect(clock.at).toBe(63_000);
  });

  it('tryTake keeps a reserve and never waits', () => {
    const budget = new ReadBudget(4, 60_000, manualClock());
    expect([budget.tryTake(1), budget.tryTake(1), budget.tryTake(1), budget.tryTake(1)]).toEqual([true, true, true, false]);
    expect(budget.tryTake()).toBe(true);
  });

  it('RESOURCE_EXHAUSTED halves the limit, which grows back one token per window/capacity', () => {
    const clock = manualClock();
    const budget = new ReadBudget(60, 60_000, clock);
    budget.exhausted();
    expect(budget.limit()).toBe(30);
    budget.exhausted();
    expect(budget.limit()).toBe(15);
    clock.at += 10_000;
    expect(budget.limit()).toBe(25);
    clock.at += 60_000;
    expect(budget.limit()).toBe(60);
  });

  it('a wait ends with the signal', async () => {
    const budget = new ReadBudget(1, 60_000);
    budget.tryTake();
    const controller = new AbortController();
    const waiting = budget.take(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
  });
});
