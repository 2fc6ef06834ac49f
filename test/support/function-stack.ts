/**
 * The real parts an end-to-end test of the function runs against: the Pub/Sub emulator (started by
 * the e2e project's global setup) with an output and a rejected topic and a subscription on each,
 * the local Logging server over gRPC, the local Container and Cloud Run Admin API stand-in (serving
 * test/fixtures/specs), and the function under the Functions Framework.
 */
import type { PubSub } from '@google-cloud/pubsub';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, logsDir } from './fixtures';
import { type WorkloadApiServer, startWorkloadApiServer } from './workload-api-server';
import { type FunctionServer, startFunction } from './functions-server';
import { type LoggingServer, startLoggingServer } from './logging-server';
import { type Inbox, emulatorClient, inbox } from './pubsub';

/** A running stack; `stop` ends everything it started. */
export interface FunctionStack {
  readonly client: PubSub;
  readonly output: Inbox;
  readonly rejected: Inbox;
  readonly logging: LoggingServer;
  readonly workloadApi: WorkloadApiServer;
  readonly fn: FunctionServer;
  stop(): Promise<void>;
}

/** Starts the stack with topics named `PREFIX-output` and `PREFIX-rejected`; `env` adds to or overrides the function's settings. */
export async function startFunctionStack(prefix: string, env: Record<string, string> = {}): Promise<FunctionStack> {
  const client = emulatorClient();
  const output = await inbox(client, `${prefix}-output`, `${prefix}-output-sub`);
  const rejected = await inbox(client, `${prefix}-rejected`, `${prefix}-rejected-sub`);
  const logging = await startLoggingServer(logsDir);
  const workloadApi = await startWorkloadApiServer(JSON.parse(readFileSync(join(fixturesDir, 'specs', 'workload-specs.json'), 'utf8')));
  const fn = await startFunction({
    OUTPUT_TOPIC: `projects/scc-triage-test/topics/${prefix}-output`,
    REJECTED_TOPIC: `${prefix}-rejected`,
    PUBSUB_EMULATOR_HOST: process.env.PUBSUB_EMULATOR_HOST!,
    LOGGING_EMULATOR_HOST: `${logging.host}:${logging.port}`,
    WORKLOAD_API_EMULATOR_HOST: `${workloadApi.host}:${workloadApi.port}`,
    GOOGLE_CLOUD_PROJECT: 'scc-triage-test',
    ...env,
  });
  return {
    client,
    output,
    rejected,
    logging,
    workloadApi,
    fn,
    stop: async () => {
      await fn.stop();
      await logging.stop();
      await workloadApi.stop();
      await output.close();
      await rejected.close();
      await client.close();
    },
  };
}
