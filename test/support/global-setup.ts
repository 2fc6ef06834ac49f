/**
 * Jest global setup of the e2e project: one real Pub/Sub emulator for the run, on a free loopback
 * port. Its address reaches the test workers through PUBSUB_EMULATOR_HOST; the global teardown
 * stops it by pid. Without the emulator or Java the run stops here with one line saying what is
 * missing and how to get it, not a stack trace per test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { emulatorCommand, startEmulator } from './pubsub-emulator';

const install = '.ci/run installs them: apt-get install google-cloud-cli-pubsub-emulator openjdk-17-jre-headless';

/** What the emulator needs that this machine lacks, or undefined when it has everything. */
function missing(): string | undefined {
  const onPath = (command: string) => spawnSync('sh', ['-c', 'command -v "$0"', command], { stdio: 'ignore' }).status === 0;
  const { command } = emulatorCommand('127.0.0.1', 0);
  if (!(command.startsWith('/') ? existsSync(command) : onPath(command))) return 'the Pub/Sub emulator (package google-cloud-cli-pubsub-emulator)';
  if (!onPath('java')) return 'Java (the emulator runs on Java 17)';
  return undefined;
}

function stop(reason: string): never {
  process.stderr.write(`\ne2e tests cannot run: ${reason}. ${install}\n`);
  process.exit(1);
}

export default async function globalSetup(): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  process.env.GOOGLE_CLOUD_PROJECT = 'scc-triage-test';
  const lacking = missing();
  if (lacking !== undefined) stop(`missing ${lacking}`);
  const emulator = await startEmulator().catch((error: unknown) => stop(`the Pub/Sub emulator did not start (${error instanceof Error ? error.message : String(error)})`));
  process.env.PUBSUB_EMULATOR_HOST = `${emulator.host}:${emulator.port}`;
  (globalThis as { sccTriageEmulator?: typeof emulator }).sccTriageEmulator = emulator;
}
