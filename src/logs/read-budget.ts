/**
 * The instance's read budget for entries.list: a token bucket whose tokens come back one window
 * (a minute) after they are spent, so no rolling minute ever sees more calls than the limit. The
 * quota is per calling project and shared with every other caller, so RESOURCE_EXHAUSTED halves
 * the limit; it grows back by one token per `window / capacity` without another refusal. A token
 * comes back a little after the window (5 % by default): the server counts a call when it arrives,
 * later than when it was sent, so an exact window would let two calls land in one server minute.
 */

/** Time, injectable so the budget is tested without waiting. */
export interface BudgetClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Real time. */
export const systemClock: BudgetClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A per-instance budget of read calls. */
export class ReadBudget {
  /** When each token still out was spent, oldest first. */
  private readonly spent: number[] = [];
  private shrunkTo: number;
  private shrunkAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** Calls allowed per window (READ_QUOTA_PER_MINUTE). */
    readonly capacity: number,
    readonly windowMs = 60_000,
    private readonly clock: BudgetClock = systemClock,
    /** How much later than the window a spent token comes back, as a fraction of the window. */
    private readonly margin = 0.05,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`read budget capacity must be a positive integer, got ${capacity}`);
    this.shrunkTo = capacity;
  }

  /** The limit now: the capacity, or less while recovering from RESOURCE_EXHAUSTED. */
  limit(): number {
    const regained = Math.floor(((this.clock.now() - this.shrunkAt) * this.capacity) / this.windowMs);
    return Math.min(this.capacity, this.shrunkTo + Math.max(0, regained));
  }

  /** Tokens that may be spent right now. */
  available(): number {
    this.prune();
    return Math.max(0, this.limit() - this.spent.length);
  }

  /** Spends a token if more than `reserve` are available; never waits. */
  tryTake(reserve = 0): boolean {
    if (this.available() <= reserve) return false;
    this.spent.push(this.clock.now());
    return true;
  }

  /**
   * Spends a token, waiting for one to come back when none is available.
   * @throws the signal's reason when it aborts while waiting.
   */
  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      if (this.tryTake()) return;
      await this.clock.sleep(this.msUntilNextToken(), signal);
    }
  }

  /** RESOURCE_EXHAUSTED: other callers share the quota, so halve what this instance spends. */
  exhausted(): void {
    this.shrunkTo = Math.max(1, Math.floor(this.limit() / 2));
    this.shrunkAt = this.clock.now();
  }

  /** Milliseconds until a token can be spent; 0 when one is available now. */
  msUntilToken(): number {
    return this.available() > 0 ? 0 : this.msUntilNextToken();
  }

  private msUntilNextToken(): number {
    this.prune();
    const now = this.clock.now();
    const oldest = this.spent[0];
    const returns = oldest === undefined ? now + 1 : oldest + this.heldMs();
    const regains = this.limit() < this.capacity ? this.shrunkAt + Math.ceil(((this.limit() - this.shrunkTo + 1) * this.windowMs) / this.capacity) : Number.POSITIVE_INFINITY;
    return Math.max(1, Math.min(returns, regains) - now);
  }

  /** How long a spent token stays out. */
  private heldMs(): number {
    return Math.ceil(this.windowMs * (1 + this.margin));
  }

  private prune(): void {
    const cutoff = this.clock.now() - this.heldMs();
    while (this.spent.length > 0 && this.spent[0]! <= cutoff) this.spent.shift();
  }
}
