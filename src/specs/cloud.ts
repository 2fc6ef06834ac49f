/**
 * The cloud WorkloadSpecSource: the Container API v1 `projects.locations.clusters.get` and the
 * Cloud Run Admin API v2 `get` of a revision, execution, service or job, over their REST
 * endpoints, authorised by google-auth-library (Application Default Credentials), which the
 * Logging and Pub/Sub clients already load. Their generated gRPC clients would cost about 0.3 s
 * of a cold start's first summary to load (bench/cold-start.bench.ts) for one `get` each.
 * Needs `container.clusters.get` and `run.{revisions,executions,services,jobs}.get` in the
 * workload's project (deploy/deploy.sh grants a custom role with exactly these at the organization).
 */
import type * as AuthModule from 'google-auth-library';
import type { GoogleAuth } from 'google-auth-library';
import { UpstreamError, describeError } from '../errors';
import { asRecord, fieldAt } from '../lib/defined';
import { isRetryableStatus } from '../lib/http-status';
import { oneLine } from '../lib/sanitize';
import { remainingMs } from '../lib/deadline';
import type { ClusterSpec, RunSpec, WorkloadSpecSource } from './port';
import { type RunCollection, clusterSpecOf, runCollectionOf, runSpecOf } from './shape';

/** How the calls are made. */
export interface CloudSpecSettings {
  /** `host:port` of a local, plain-HTTP stand-in for both APIs, sent a fixed local token instead of credentials (tests), or undefined for the real services. */
  readonly emulatorHost: string | undefined;
}

/** What a call needs of google-auth-library: an authorised request. */
type Requester = Pick<GoogleAuth, 'request'>;

/** The APIs' hosts, and the version each path starts with. */
const apis = {
  container: { host: 'container.googleapis.com', version: 'v1', permission: (name: string) => `container.clusters.get (roles/container.clusterViewer) on ${name}` },
  run: { host: 'run.googleapis.com', version: 'v2', permission: (name: string, collection: RunCollection) => `run.${collection}.get (roles/run.viewer) on ${name}` },
} as const;
type Api = keyof typeof apis;

/** The token the local stand-in is sent: never a credential, and it checks for it. */
export const localToken = 'scc-triage-local-token';

const requesters = new Map<string, Requester>();

/**
 * One authorised requester per instance and setting, built on first use (the library is loaded by
 * then): Application Default Credentials, or for the stand-in a client holding only the local
 * token, so the tests go through the same request path as production.
 */
function requesterFor(emulatorHost: string | undefined): Requester {
  const key = emulatorHost ?? '';
  if (!requesters.has(key)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const library = require('google-auth-library') as typeof AuthModule;
    const local = () => new library.OAuth2Client({ credentials: { access_token: localToken, expiry_date: Date.now() + 365 * 24 * 3_600_000 } });
    requesters.set(key, emulatorHost === undefined ? new library.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] }) : local());
  }
  return requesters.get(key)!;
}

/**
 * The answer, when it is the resource asked for: an object naming it (a cluster by its own name, a
 * Cloud Run resource by its full name). Anything else (an HTML page, null, another resource) is
 * no spec, and an answer taken for one would name a confident, wrong identity.
 */
function resourceNamed(api: Api, name: string, data: unknown): Record<string, unknown> {
  const resource = asRecord(data);
  const expected = api === 'container' ? name.split('/').pop() : name;
  if (resource === undefined || resource.name !== expected) throw new UpstreamError(api, `the answer for ${name} is not that resource`, false);
  return resource;
}

/** The HTTP status of a failed call, as gaxios gives it. */
const statusOf = (error: unknown): number | undefined => {
  const status = fieldAt(error, 'response', 'status');
  return typeof status === 'number' ? status : undefined;
};

/** Reads specs from the Container and Cloud Run Admin APIs. */
export class CloudWorkloadSpecSource implements WorkloadSpecSource {
  readonly name = 'workload-apis';

  constructor(private readonly settings: CloudSpecSettings) {}

  async cluster(name: string, signal: AbortSignal): Promise<ClusterSpec | undefined> {
    const answer = await this.get('container', name, signal, apis.container.permission(name));
    return answer === undefined ? undefined : clusterSpecOf(answer);
  }

  async runResource(name: string, signal: AbortSignal): Promise<RunSpec | undefined> {
    const collection = runCollectionOf(name);
    if (collection === undefined) return undefined;
    const answer = await this.get('run', name, signal, apis.run.permission(name, collection));
    return answer === undefined ? undefined : runSpecOf(collection, answer);
  }

  /**
   * One GET of `name` (a resource name the identity stage checked, so a path of plain segments):
   * its JSON, undefined for 404, or the failure as an UpstreamError. Bounded by what is left of
   * the deadline and cancelled with it; no retries.
   */
  private async get(api: Api, name: string, signal: AbortSignal, permission: string): Promise<unknown> {
    const { host, version } = apis[api];
    const local = this.settings.emulatorHost;
    const url = local === undefined ? `https://${host}/${version}/${name}` : `http://${local}/${version}/${name}`;
    try {
      signal.throwIfAborted();
      // Node's own fetch: gaxios would otherwise import node-fetch, an ES module, on the first call.
      const options = { url, method: 'GET', timeout: remainingMs(signal, 10_000), signal, retry: false, responseType: 'json', fetchImplementation: fetch } as const;
      const response = await requesterFor(local).request(options);
      return resourceNamed(api, name, response.data);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      const status = statusOf(error);
      if (status === 404) return undefined;
      const google = oneLine(String(fieldAt(error, 'response', 'data', 'error', 'message') ?? ''), 200);
      const message = status === 403 ? `PERMISSION_DENIED: grant ${permission}${google === '' ? '' : ` (${google})`}` : `GET ${url} failed: ${oneLine(describeError(error), 300)}`;
      throw new UpstreamError(api, message, status === undefined || isRetryableStatus(status), { cause: error, ...(status === undefined ? {} : { code: status }) });
    }
  }
}
