/**
 * Reads the specs out of the APIs' answers. The same code serves the client's message objects
 * (enums as names, timestamps as `{seconds, nanos}`) and the REST JSON a local file holds.
 */
import { asRecord, fieldAt, nonEmptyString } from '../lib/defined';
import { protoTimestampToIso } from '../google/proto-json';
import { oneLine } from '../lib/sanitize';
import type { ClusterSpec, NodePoolSpec, RunSpec } from './port';

const maxPools = 500;

/** A timestamp the rest can compare, or undefined: an unparseable one cannot say "before" or "after". */
const timeOf = (value: unknown): string | undefined => {
  const text = protoTimestampToIso(value);
  return text !== undefined && !Number.isNaN(Date.parse(text)) ? oneLine(text, 40) : undefined;
};

/** A cluster answer as a {@link ClusterSpec}. */
export function clusterSpecOf(cluster: unknown): ClusterSpec {
  const pools = fieldAt(cluster, 'nodePools');
  // GKE allows far fewer pools than this; a file or answer listing more is cut, not walked whole.
  const nodePools = (Array.isArray(pools) ? pools.slice(0, maxPools) : []).flatMap((pool): NodePoolSpec[] => {
    // Bounded: the API allows 40 characters, a local file anything.
    const name = nonEmptyString(asRecord(pool)?.name);
    if (name === undefined) return [];
    return [
      { name: oneLine(name, 80), serviceAccount: nonEmptyString(fieldAt(pool, 'config', 'serviceAccount')), metadataMode: metadataModeName(fieldAt(pool, 'config', 'workloadMetadataConfig', 'mode')) },
    ];
  });
  return { workloadPool: nonEmptyString(fieldAt(cluster, 'workloadIdentityConfig', 'workloadPool')), autopilot: fieldAt(cluster, 'autopilot', 'enabled') === true, nodePools };
}

/** Where each kind of Cloud Run resource keeps its runtime service account. */
const accountPaths = {
  revisions: ['serviceAccount'],
  executions: ['template', 'serviceAccount'],
  services: ['template', 'serviceAccount'],
  jobs: ['template', 'template', 'serviceAccount'],
} as const satisfies Record<string, readonly string[]>;

/** The kinds of Cloud Run resource read. */
export type RunCollection = keyof typeof accountPaths;

/** A Cloud Run answer of the kind `collection` as a {@link RunSpec}. */
export function runSpecOf(collection: RunCollection, resource: unknown): RunSpec {
  return {
    serviceAccount: nonEmptyString(fieldAt(resource, ...accountPaths[collection])),
    createTime: timeOf(fieldAt(resource, 'createTime')),
    updateTime: timeOf(fieldAt(resource, 'updateTime')),
    latestUnit: latestUnitOf(collection, resource),
  };
}

/** The latest revision (a name) or execution (a reference with its createTime), by its own name. */
function latestUnitOf(collection: RunCollection, resource: unknown): RunSpec['latestUnit'] {
  const name =
    collection === 'services' ? nonEmptyString(fieldAt(resource, 'latestCreatedRevision')) : collection === 'jobs' ? nonEmptyString(fieldAt(resource, 'latestCreatedExecution', 'name')) : undefined;
  if (name === undefined) return undefined;
  return { name: name.split('/').pop()!, createTime: timeOf(fieldAt(resource, 'latestCreatedExecution', 'createTime')) };
}

/** The collection a Cloud Run resource name ends in (`…/services/S` is services, `…/services/S/revisions/V` revisions). */
export function runCollectionOf(name: string): RunCollection | undefined {
  const match = /^projects\/[^/]+\/locations\/[^/]+\/(?:services\/[^/]+(?:\/(revisions)\/[^/]+)?|jobs\/[^/]+(?:\/(executions)\/[^/]+)?)$/.exec(name);
  if (match === null) return undefined;
  return (match[1] ?? match[2] ?? (name.includes('/services/') ? 'services' : 'jobs')) as RunCollection;
}

/** `WorkloadMetadataConfig.Mode` as its name: a client sends the number of a value it does not know by name. */
function metadataModeName(value: unknown): string | undefined {
  if (typeof value === 'number') return ['MODE_UNSPECIFIED', 'GCE_METADATA', 'GKE_METADATA'][value] ?? String(value);
  return nonEmptyString(value);
}
