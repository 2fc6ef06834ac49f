/** Wiring of the function: config, adapters, and the handler the framework calls. */
import type { CloudEvent } from '@google-cloud/functions-framework';
import type { FunctionConfig } from './config';
import { DedupGuard } from './delivery/dedup';
import { handleDelivery } from './handler';
import { readerFor } from './engine';
import { createLogSource } from './logs/index';
import { createFindingSource } from './related/index';
import { createWorkloadSpecSource } from './specs/index';
import { PubSubPublisher } from './publish/pubsub';
import { currentTraceHeaders, listenForTraceHeaders } from './delivery/request-headers';

/** Builds the CloudEvent handler from the parsed configuration (src/index.ts parses it at start-up). */
export function createFunctionHandler(config: FunctionConfig): (event: CloudEvent<unknown>) => Promise<void> {
  const logs = createLogSource(config.logSource, config);
  listenForTraceHeaders();
  const deps = {
    config,
    outputTopic: config.outputTopic,
    logs,
    // One reader per instance: every delivery shares its coalescing and its read budget.
    reader: readerFor(logs, config),
    findings: createFindingSource(config.findingSource, config),
    specs: createWorkloadSpecSource(config.workloadSource, config),
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
