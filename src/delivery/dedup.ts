/**
 * Per-instance redelivery guard. Pub/Sub is at-least-once and SCC re-notifies on every update, so
 * a triageId published within the TTL is not published again (unless reanalysis is asked for).
 * A publish that timed out can still land; the guard keeps it, so the redelivery of the same
 * finding waits for it and does not publish a second summary. Cross-instance duplicates remain
 * possible; downstream upserts by triageId.
 */
import { LRUCache } from 'lru-cache';

/** A timed-out publish that landed after all: which delivery made it, and the message id it got. */
export interface LatePublish {
  readonly deliveryId: string | undefined;
  readonly publishedMessageId: string;
}

/** Remembers published triage ids, the deliveries in flight and the publishes that timed out. */
export class DedupGuard {
  private readonly published: LRUCache<string, string>;
  private readonly landed: LRUCache<string, LatePublish>;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly late = new Map<string, Promise<LatePublish | undefined>>();

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.published = new LRUCache<string, string>({ max: maxEntries, ttl: Math.max(ttlMs, 1) });
    this.landed = new LRUCache<string, LatePublish>({ max: maxEntries, ttl: Math.max(ttlMs, 1) });
  }

  /** When the id was published within the TTL: the publish time. */
  publishedAt(triageId: string): string | undefined {
    return this.published.get(triageId);
  }

  /** Records a successful publish. */
  markPublished(triageId: string, at: Date): void {
    this.published.set(triageId, at.toISOString());
  }

  /**
   * Keeps a publish that timed out: if it lands, the id counts as published (from the time it
   * landed) and {@link lateLanding} reports it; `onLanded` hears of it, for the log.
   */
  trackLate(triageId: string, deliveryId: string | undefined, publish: Promise<string>, now: () => Date, onLanded: (late: LatePublish) => void): void {
    const settled = publish.then(
      (publishedMessageId) => {
        const late = { deliveryId, publishedMessageId };
        this.markPublished(triageId, now());
        this.landed.set(triageId, late);
        onLanded(late);
        return late;
      },
      () => undefined,
    );
    this.late.set(triageId, settled);
    void settled.finally(() => {
      if (this.late.get(triageId) === settled) this.late.delete(triageId);
    });
  }

  /**
   * The late publish of this id, once it landed: waits at most `waitMs` for one still under way
   * (after that it is as good as lost: the caller publishes again).
   */
  async lateLanding(triageId: string, waitMs: number): Promise<LatePublish | undefined> {
    const pending = this.late.get(triageId);
    if (pending !== undefined) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, waitMs, undefined)));
      await Promise.race([pending, gaveUp]).finally(() => clearTimeout(timer));
    }
    return this.landed.get(triageId);
  }

  /**
   * Runs `work` for a triage id, one at a time: a concurrent delivery of the same id waits for the
   * first to finish (and then sees it published) instead of racing it.
   */
  async exclusive<T>(triageId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.inFlight.get(triageId) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.inFlight.set(triageId, current);
    try {
      return await current;
    } finally {
      if (this.inFlight.get(triageId) === current) this.inFlight.delete(triageId);
    }
  }
}
