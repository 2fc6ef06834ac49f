/** Wiring of the function: config, adapters, and the handler the framework calls. */
import type { CloudEvent } from '@google-cloud/functions-framework';
import { parseConfig } from './config';
import { DedupGuard } from './delivery/dedup';
import { ConfigError } from './errors';
import { handleDelivery } from './handler';
import { readerFor } from './engine';
import { createLogSource } from './logs/index';
import { createFindingSource } from './related/index';
import { PubSubPublisher } from './publish/pubsub';
import { currentTraceHeaders, listenForTraceHeaders } from './delivery/request-headers';

/**
 * Builds the CloudEvent handler from the environment.
 * @throws ConfigError naming the variable at fault (the instance fails fast).
 */
export function createFunctionHandler(env: Readonly<Record<string, string | undefined>>): (event: CloudEvent<unknown>) => Promise<void> {
  const config = parseConfig(env);
  if (config.outputTopic === undefined) throw new ConfigError('OUTPUT_TOPIC', 'required: the topic summaries are published to');
  const logs = createLogSource(config.logSource, config);
  listenForTraceHeaders();
  const deps = {
    config,
    outputTopic: config.outputTopic,
    logs,
    // One reader per instance: every delivery shares its coalescing and its read budget.
    reader: readerFor(logs, config),
    findings: createFindingSource(config.findingSource, config),
    publisher: new PubSubPublisher({ project: config.project, timeoutMs: config.publishTimeoutMs }),
    dedup: new DedupGuard(config.dedupTtlMs),
    now: () => new Date(),
    log: (line: string) => process.stdout.write(`${line}\n`),
    traceHeaders: currentTraceHeaders,
  };
  return async (event) => {
    await handleDelivery(event, deps);
  };
}
