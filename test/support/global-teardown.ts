/** Jest global teardown: stops the emulator the global setup started. */
import type { RunningEmulator } from './pubsub-emulator';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { sccTriageEmulator?: RunningEmulator }).sccTriageEmulator?.stop();
}
