/**
 * A CloudEvent handler built on its first delivery. The function's start-up checks its
 * configuration and registers this; the module graph behind the real handler (engine, schemas,
 * Google clients) loads when there is work for it, so the instance is ready to serve as soon as a
 * bare function would be.
 */
import type { CloudEvent } from '@google-cloud/functions-framework';

/** What the Functions Framework calls for a CloudEvent. */
export type CloudEventHandler = (event: CloudEvent<unknown>) => Promise<void>;

/**
 * Wraps `build`, called once, on the first delivery. A build that throws (a module that cannot
 * load) fails that delivery, so Pub/Sub redelivers it, and is tried again on the next.
 */
export function lazyHandler(build: () => CloudEventHandler): CloudEventHandler {
  let handler: CloudEventHandler | undefined;
  return async (event) => {
    handler ??= build();
    await handler(event);
  };
}
