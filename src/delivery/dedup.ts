/**
 * Per-instance redelivery guard. Pub/Sub is at-least-once and SCC re-notifies on every update, so
 * a triageId published within the TTL is not published again (unless reanalysis is asked for).
 * Cross-instance duplicates remain possible; downstream upserts by triageId.
 */
import { LRUCache } from 'lru-cache';

/** Remembers published triage ids and the deliveries in flight. */
export class DedupGuard {
  private readonly published: LRUCache<string, string>;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.published = new LRUCache<string, string>({ max: maxEntries, ttl: Math.max(ttlMs, 1) });
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
