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
/** One `get` of a Cloud Run collection, as the v2 clients spell it. */
type RunGet = (request: { name: string }, options: Options) => Promise<readonly unknown[]>;

function containerClient(settings: CloudSpecSettings) {
  return sharedClient('container', settings.project, settings.emulatorHost, (options) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { v1 } = require('@google-cloud/container') as typeof ContainerModule;
    return new v1.ClusterManagerClient(options as ConstructorParameters<typeof v1.ClusterManagerClient>[0]);
  });
}

/** The v2 client of a collection, and its `get`. */
function runGetter(collection: RunCollection, settings: CloudSpecSettings): RunGet {
  const client = sharedClient(`run-${collection}`, settings.project, settings.emulatorHost, (options) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { v2 } = require('@google-cloud/run') as typeof RunModule;
    const clientOptions = options as ConstructorParameters<typeof v2.ServicesClient>[0];
    switch (collection) {
      case 'revisions': {
        const c = new v2.RevisionsClient(clientOptions);
        return c.getRevision.bind(c);
      }
      case 'executions': {
        const c = new v2.ExecutionsClient(clientOptions);
        return c.getExecution.bind(c);
      }
      case 'services': {
        const c = new v2.ServicesClient(clientOptions);
        return c.getService.bind(c);
      }
      case 'jobs': {
        const c = new v2.JobsClient(clientOptions);
        return c.getJob.bind(c);
      }
      default: {
        const unreachable: never = collection;
        return unreachable;
      }
    }
  });
  return client;
}

/** Reads specs from the Container and Cloud Run Admin APIs. */
export class CloudWorkloadSpecSource implements WorkloadSpecSource {
  readonly name = 'workload-apis';

  constructor(private readonly settings: CloudSpecSettings) {}

  async cluster(name: string, signal: AbortSignal): Promise<ClusterSpec | undefined> {
    const client = containerClient(this.settings);
    const answer = await this.call('container', `container.clusters.get (roles/container.clusterViewer) on ${name}`, signal, () => client.getCluster({ name }, this.options(signal)));
    return answer === undefined ? undefined : clusterSpecOf(answer);
  }

  async runResource(name: string, signal: AbortSignal): Promise<RunSpec | undefined> {
    const collection = runCollectionOf(name);
    if (collection === undefined) return undefined;
    const get = runGetter(collection, this.settings);
    const answer = await this.call('run', `run.${collection}.get (roles/run.viewer) on ${name}`, signal, () => get({ name }, this.options(signal)));
    return answer === undefined ? undefined : runSpecOf(collection, answer);
  }

  /** Bounded by what is left of the deadline, with no retries of the client's own (google-gax 5 takes no signal). */
  private options(signal: AbortSignal): Options {
    return { timeout: remainingMs(signal, 10_000), retry: null };
  }

  /** One `get`: its resource, undefined for NOT_FOUND, or the failure as an UpstreamError. */
  private async call(service: string, permission: string, signal: AbortSignal, get: () => Promise<readonly unknown[]>): Promise<unknown> {
    try {
      signal.throwIfAborted();
      const [resource] = await get();
      return resource;
    } catch (error) {
      if (grpcCodeOf(error) === status.NOT_FOUND) return undefined;
      throw upstreamError(error, { service, advice: { [status.PERMISSION_DENIED]: `PERMISSION_DENIED: grant ${permission}` } });
    }
  }
}
