/**
 * The Pub/Sub publisher. One client per instance, loaded on first use; one message per call with
 * single-message batching (the default 10 ms batching delay would be paid by every delivery).
 */
import type * as PubSubModule from '@google-cloud/pubsub';
import type { PubSub, Topic } from '@google-cloud/pubsub';
import { UpstreamError } from '../errors';
import { upstreamError } from '../google/grpc-status';
import { limitViolation } from './attributes';
import { type OutgoingMessage, type Publisher, PublishTimedOut } from './port';

/** How the publisher behaves. */
export interface PubSubSettings {
  readonly project: string | undefined;
  /** Total time one publish may take, retries included. */
  readonly timeoutMs: number;
}

// The one publish error a retry cannot fix is a refused message (INVALID_ARGUMENT). A missing topic
// or a missing permission is an operator's fix away, so those stay retryable (and dead-letter at worst).

/** Publishes to Pub/Sub (or to the emulator when PUBSUB_EMULATOR_HOST is set). */
export class PubSubPublisher implements Publisher {
  private client: PubSub | undefined;
  private readonly topics = new Map<string, Topic>();
  /** Publishes under way on the current client. */
  private inFlight = 0;
  /** A publish failed: start from a fresh client once nothing else is using this one. */
  private stale = false;

  constructor(private readonly settings: PubSubSettings) {}

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (topic === undefined) {
      topic = this.pubsub().topic(name, {
        batching: { maxMessages: 1, maxMilliseconds: 0 },
        gaxOpts: { timeout: this.settings.timeoutMs, retry: { totalTimeoutMillis: this.settings.timeoutMs } as never },
      });
      this.topics.set(name, topic);
    }
    return topic;
  }

  /** The instance's client, loaded on first use: it costs ~0.1–0.4 s to load, which a skipped message should not pay. */
  private pubsub(): PubSub {
    if (this.client === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { PubSub: PubSubClient } = require('@google-cloud/pubsub') as typeof PubSubModule;
      this.client = new PubSubClient(this.settings.project === undefined ? {} : { projectId: this.settings.project });
    }
    return this.client;
  }

  warm(): void {
    this.pubsub();
  }

  async publish(topicName: string, message: OutgoingMessage): Promise<string> {
    const violation = limitViolation(message);
    if (violation !== undefined) throw new UpstreamError('pubsub', `message to ${topicName} breaks a Pub/Sub limit: ${violation}`, false);
    if (this.stale && this.inFlight === 0) this.reset();
    this.inFlight++;
    try {
      return await withTimeout(this.topic(topicName).publishMessage({ data: message.data, attributes: { ...message.attributes } }), this.settings.timeoutMs, topicName);
    } catch (error) {
      // A channel that lost its server can sit in reconnect backoff for minutes, so the next
      // publish should start from a fresh client, but never by closing one others still use.
      this.stale = true;
      if (error instanceof PublishTimedOut) throw error;
      throw upstreamError(error, { service: 'pubsub', doing: `publish to ${topicName} failed`, retry: 'unlessRefused' });
    } finally {
      this.inFlight--;
    }
  }

  private reset(): void {
    const client = this.client;
    this.client = undefined;
    this.stale = false;
    this.topics.clear();
    void client?.close().catch(() => undefined);
  }

  /** Flushes and closes the client (tests and shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.topics.values()].map((topic) => topic.flush().catch(() => undefined)));
    await this.client?.close();
  }
}

/**
 * The client's own retry budget is not always honoured when the server is gone; this one is. The
 * publish is not cancelled (it cannot be): the error carries it, in case it lands after all.
 */
function withTimeout(work: Promise<string>, timeoutMs: number, topicName: string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishTimedOut(topicName, timeoutMs, work)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
