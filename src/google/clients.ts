/**
 * How the Logging and Security Command Center adapters build their clients: once per instance for
 * each setting, and with a local, insecure API for tests.
 */
import type * as GrpcModule from '@grpc/grpc-js';

const clients = new Map<string, unknown>();

/**
 * One client per instance for each kind and setting, built on first use: loading a Google client
 * costs ~0.4 s of cold start, which rejected or skipped messages should never pay.
 */
export function sharedClient<T>(kind: string, project: string | undefined, emulatorHost: string | undefined, build: (options: Record<string, unknown>) => T): T {
  const key = `${kind}|${project ?? ''}|${emulatorHost ?? ''}`;
  if (!clients.has(key)) clients.set(key, build(clientOptions(project, emulatorHost)));
  return clients.get(key) as T;
}

/** Client options: the project, and for `host:port` a plaintext channel that sends no credentials. */
export function clientOptions(project: string | undefined, emulatorHost: string | undefined): Record<string, unknown> {
  const base = project === undefined ? {} : { projectId: project };
  if (emulatorHost === undefined) return base;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require('@grpc/grpc-js') as typeof GrpcModule;
  const [host, port] = emulatorHost.split(':');
  return { projectId: project ?? 'local-project', ...base, apiEndpoint: host, port: Number(port), sslCreds: grpc.credentials.createInsecure() };
}
