/**
 * Jest global setup: one real Pub/Sub emulator for the run, on a free loopback port. Its address
 * reaches the test workers through PUBSUB_EMULATOR_HOST; the global teardown stops it by pid.
 */
import { startEmulator } from './pubsub-emulator';

export default async function globalSetup(): Promise<void> {
  // No test may reach Google: no metadata-server probing, no real endpoints.
  process.env.METADATA_SERVER_DETECTION = 'none';
  process.env.GOOGLE_CLOUD_PROJECT = 'scc-triage-test';
  const emulator = await startEmulator();
  process.env.PUBSUB_EMULATOR_HOST = `${emulator.host}:${emulator.port}`;
  (globalThis as { sccTriageEmulator?: typeof emulator }).sccTriageEmulator = emulator;
}
