/** The Publisher port: how a summary (or a rejected delivery) leaves the function. */
import { UpstreamError } from '../errors';

/** One message to publish. */
export interface OutgoingMessage {
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
}

/** Publishes messages to topics. */
export interface Publisher {
  /**
   * Publishes one message and resolves with its message id once the service has it.
   * @throws UpstreamError when it could not be published (the delivery then fails and is retried).
   */
  publish(topic: string, message: OutgoingMessage): Promise<string>;
  /** Loads what the first publish needs (a Google client), so a delivery can do it while it waits for its reads. */
  warm?(): void;
}

/**
 * A publish that outlived its timeout. The request may already be with the service and land
 * later: `late` settles with its message id if it does, so a redelivery need not publish twice.
 */
export class PublishTimedOut extends UpstreamError {
  constructor(
    topic: string,
    timeoutMs: number,
    /** The publish still under way. */
    readonly late: Promise<string>,
  ) {
    super('pubsub', `publish to ${topic} timed out after ${timeoutMs} ms`, true);
  }
}
