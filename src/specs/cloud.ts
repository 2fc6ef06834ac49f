/**
 * The cloud WorkloadSpecSource: `@google-cloud/container` v1 `GetCluster` and `@google-cloud/run`
 * v2 `GetRevision`, `GetExecution`, `GetService` and `GetJob`. Needs `container.clusters.get`
 * and `run.revisions.get`, `run.executions.get`, `run.services.get`, `run.jobs.get` in the
 * workload's project (deploy/deploy.sh grants a custom role with exactly these at the organization).
 */
import type * as ContainerModule from '@google-cloud/container';
import type * as RunModule from '@google-cloud/run';
import { sharedClient } from '../google/clients';
import { grpcCodeOf, status, upstreamError } from '../google/grpc-status';
import { remainingMs } from '../lib/deadline';
import type { ClusterSpec, RunSpec, WorkloadSpecSource } from './port';
import { type RunCollection, clusterSpecOf, runCollectionOf, runSpecOf } from './shape';

/** How the clients are built. */
export interface CloudSpecSettings {
  readonly project: string | undefined;
  /** `host:port` of a local, insecure stand-in for both APIs (tests), or undefined for the real services. */
  readonly emulatorHost: string | undefined;
}

type Options = Record<string, unknown>;
/** What the calls need of a client: its set-up, and one `get`. */
interface ReadClient {
  initialize(): Promise<unknown>;
  get(request: { name: string }, options: Options): Promise<readonly unknown[]>;
}

/** The Container client, as a {@link ReadClient} of clusters. */
function containerClient(settings: CloudSpecSettings): ReadClient {
  return sharedClient('container', settings.project, settings.emulatorHost, (options) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { v1 } = require('@google-cloud/container') as typeof ContainerModule;
    const client = new v1.ClusterManagerClient(options as ConstructorParameters<typeof v1.ClusterManagerClient>[0]);
    return { initialize: () => client.initialize(), get: (request, callOptions) => client.getCluster(request, callOptions) };
  });
}

/** The v2 client of a Cloud Run collection, as a {@link ReadClient}. */
function runClient(collection: RunCollection, settings: CloudSpecSettings): ReadClient {
  return sharedClient(`run-${collection}`, settings.project, settings.emulatorHost, (options): ReadClient => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { v2 } = require('@google-cloud/run') as typeof RunModule;
    const clientOptions = options as ConstructorParameters<typeof v2.ServicesClient>[0];
    switch (collection) {
      case 'revisions': {
        const c = new v2.RevisionsClient(clientOptions);
        return { initialize: () => c.initialize(), get: (request, callOptions) => c.getRevision(request, callOptions) };
      }
      case 'executions': {
        const c = new v2.ExecutionsClient(clientOptions);
        return { initialize: () => c.initialize(), get: (request, callOptions) => c.getExecution(request, callOptions) };
      }
      case 'services': {
        const c = new v2.ServicesClient(clientOptions);
        return { initialize: () => c.initialize(), get: (request, callOptions) => c.getService(request, callOptions) };
      }
      case 'jobs': {
        const c = new v2.JobsClient(clientOptions);
        return { initialize: () => c.initialize(), get: (request, callOptions) => c.getJob(request, callOptions) };
      }
      default: {
        const unreachable: never = collection;
        return unreachable;
      }
    }
  });
}

/** Reads specs from the Container and Cloud Run Admin APIs. */
export class CloudWorkloadSpecSource implements WorkloadSpecSource {
  readonly name = 'workload-apis';

  constructor(private readonly settings: CloudSpecSettings) {}

  async cluster(name: string, signal: AbortSignal): Promise<ClusterSpec | undefined> {
    const answer = await this.call(containerClient(this.settings), name, 'container', `container.clusters.get (roles/container.clusterViewer) on ${name}`, signal);
    return answer === undefined ? undefined : clusterSpecOf(answer);
  }

  async runResource(name: string, signal: AbortSignal): Promise<RunSpec | undefined> {
    const collection = runCollectionOf(name);
    if (collection === undefined) return undefined;
    const answer = await this.call(runClient(collection, this.settings), name, 'run', `run.${collection}.get (roles/run.viewer) on ${name}`, signal);
    return answer === undefined ? undefined : runSpecOf(collection, answer);
  }

  /** Bounded by what is left of the deadline, cancelled with it, with no retries of the client's own. */
  private options(signal: AbortSignal): Options {
    return { timeout: remainingMs(signal, 10_000), retry: null, signal };
  }

  /**
   * One `get`: its resource, undefined for NOT_FOUND, or the failure as an UpstreamError. The
   * client is set up and awaited first: a generated client's method leaves a failed set-up (no
   * credentials) as an unhandled rejection, which would take the instance down with it.
   */
  private async call(client: ReadClient, name: string, service: string, permission: string, signal: AbortSignal): Promise<unknown> {
    try {
      signal.throwIfAborted();
      await client.initialize();
      const [resource] = await client.get({ name }, this.options(signal));
      return resource;
    } catch (error) {
      if (grpcCodeOf(error) === status.NOT_FOUND) return undefined;
      throw upstreamError(error, { service, advice: { [status.PERMISSION_DENIED]: `PERMISSION_DENIED: grant ${permission}` } });
    }
  }
}
