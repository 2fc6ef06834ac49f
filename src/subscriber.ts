/**
 * Wiring of the chat subscriber (`postSummary`): config, the webhook poster, and the handler the
 * framework calls. It loads no Google client: it reads summaries from its trigger and speaks only
 * HTTPS to the webhooks.
 */
import type { CloudEvent } from '@google-cloud/functions-framework';
import { DedupGuard } from './delivery/dedup';
import type { NotifyConfig } from './notify/config';
import { handleSummaryDelivery } from './notify/handler';
import { postWebhook } from './notify/webhook';

/** Builds the subscriber's CloudEvent handler from the parsed configuration (src/index.ts parses it at start-up). */
export function createSubscriberHandler(config: NotifyConfig): (event: CloudEvent<unknown>) => Promise<void> {
  const deps = {
    config,
    post: postWebhook,
    dedup: new DedupGuard(config.dedupTtlMs),
    now: () => new Date(),
    log: (line: string) => process.stdout.write(`${line}\n`),
  };
  return async (event) => {
    await handleSummaryDelivery(event, deps);
  };
}
