/**
 * Runs the real Pub/Sub emulator (Debian package google-cloud-cli-pubsub-emulator) on a free
 * loopback port: started, readiness-checked, stopped by pid.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** A running emulator. */
export interface RunningEmulator {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The emulator launcher: $PUBSUB_EMULATOR_BIN, the package's launcher, or `gcloud beta emulators pubsub start`. */
export function emulatorCommand(host: string, port: number): { command: string; args: string[] } {
  const explicit = process.env.PUBSUB_EMULATOR_BIN;
  if (explicit && existsSync(explicit)) return { command: explicit, args: [`--host=${host}`, `--port=${port}`] };
  try {
    const files = execFileSync('dpkg', ['-L', 'google-cloud-cli-pubsub-emulator'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const launcher = files.split('\n').find((line) => line.endsWith('/bin/cloud-pubsub-emulator'));
    if (launcher && existsSync(launcher)) return { command: launcher, args: [`--host=${host}`, `--port=${port}`] };
  } catch {
    // Not a Debian package install: fall back to gcloud.
  }
  return { command: 'gcloud', args: ['beta', 'emulators', 'pubsub', 'start', `--host-port=${host}:${port}`, '--quiet'] };
}

async function ready(host: string, port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Pub/Sub emulator exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`http://${host}:${port}/`);
      if ((await response.text()).trim() === 'Ok') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the Pub/Sub emulator did not become ready on ${host}:${port} within ${timeoutMs} ms`);
}

/** Starts an emulator (on `port`, or a free one) and waits until it answers. */
export async function startEmulator(port?: number, timeoutMs = 60_000): Promise<RunningEmulator> {
  const host = '127.0.0.1';
  const chosen = port ?? (await freePort());
  const { command, args } = emulatorCommand(host, chosen);
  // Its own process group, so stopping it also stops the JVM a wrapper script may have started.
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    const killTimer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    await exited;
    clearTimeout(killTimer);
  };
  try {
    await ready(host, chosen, child, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host, port: chosen, pid: child.pid!, stop };
}
