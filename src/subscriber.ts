/**
 * Wiring of the chat subscriber (`postSummary`): config, the webhook poster, and the handler the
 * framework calls. It loads no Google client: it reads summaries from its trigger and speaks only
 * HTTPS to the webhooks.
 */
import type { CloudEvent } from '@google-cloud/functions-framework';
import { DedupGuard } from './delivery/dedup';
import { parseNotifyConfig } from './notify/config';
import { handleSummaryDelivery } from './notify/handler';
import { postWebhook } from './notify/webhook';

/**
 * Builds the subscriber's CloudEvent handler from the environment.
 * @throws ConfigError naming the variable at fault (the instance fails fast).
 */
export function createSubscriberHandler(env: Readonly<Record<string, string | undefined>>): (event: CloudEvent<unknown>) => Promise<void> {
  const config = parseNotifyConfig(env);
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
