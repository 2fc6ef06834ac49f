/** The Publisher port: how a summary (or a rejected delivery) leaves the function. */

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
}
