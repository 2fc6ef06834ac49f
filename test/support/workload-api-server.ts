/**
 * A local stand-in for the two read APIs the identity stage asks, over their REST paths: the
 * Container API `GET /v1/projects/P/locations/L/clusters/C` and the Cloud Run Admin API
 * `GET /v2/projects/P/locations/R/{services,jobs}/…`. It answers from a map of full resource
 * names to the APIs' REST JSON (the form `--format=json` prints and the local adapter reads),
 * 404 with Google's error body for any other name, 401 without the adapter's local token. Faults
 * can be queued, as for the other servers.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localToken } from '../../src/specs/cloud';

/** A running stand-in. */
export interface WorkloadApiServer {
  readonly host: string;
  readonly port: number;
  /** The resource names asked for, in order. */
  readonly requests: string[];
  /** The next call answers this HTTP status, with a Google error body. */
  failNext(status: number, message: string): void;
  stop(): Promise<void>;
}

/** Which version each kind of name is served under. */
const routes: readonly { readonly version: string; readonly name: RegExp }[] = [
  { version: 'v1', name: /^projects\/[^/]+\/locations\/[^/]+\/clusters\/[^/]+$/ },
  { version: 'v2', name: /^projects\/[^/]+\/locations\/[^/]+\/(services\/[^/]+(\/revisions\/[^/]+)?|jobs\/[^/]+(\/executions\/[^/]+)?)$/ },
];

const statusNames: Readonly<Record<number, string>> = { 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' };

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(body));
}

const googleError = (status: number, message: string) => ({ error: { code: status, message, status: statusNames[status] ?? 'UNKNOWN' } });

/** Starts the stand-in on a free loopback port, serving `resources` (full resource name → REST JSON), each answer `latencyMs` late (a network's round trip, for the bench). */
export async function startWorkloadApiServer(resources: Readonly<Record<string, Record<string, unknown>>>, latencyMs = 0): Promise<WorkloadApiServer> {
  const requests: string[] = [];
  const faults: { status: number; message: string }[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const [, version, ...rest] = (request.url ?? '').split('?')[0]!.split('/');
    const name = rest.join('/');
    const route = routes.find((r) => r.version === version && r.name.test(name));
    if (request.method !== 'GET' || route === undefined) return send(response, 404, googleError(404, `no route for ${request.method} ${request.url}`));
    if (request.headers.authorization !== `Bearer ${localToken}`) return send(response, 401, googleError(401, 'Request had invalid authentication credentials.'));
    requests.push(name);
    const fault = faults.shift();
    if (fault !== undefined) return send(response, fault.status, googleError(fault.status, fault.message));
    const found = Object.hasOwn(resources, name) ? resources[name] : undefined;
    return found === undefined ? send(response, 404, googleError(404, `Resource '${name}' was not found`)) : send(response, 200, found);
  };
  const server = createServer((request, response) => {
    if (latencyMs > 0) setTimeout(() => answer(request, response), latencyMs);
    else answer(request, response);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    requests,
    failNext: (status, message) => faults.push({ status, message }),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
