import { clusterSpecOf, runCollectionOf, runSpecOf } from '../../src/specs/shape';

describe('clusterSpecOf', () => {
  it.each([
    [
      'REST JSON, as gcloud prints it',
      { workloadIdentityConfig: { workloadPool: 'p.svc.id.goog' }, nodePools: [{ name: 'a', config: { serviceAccount: 'default', workloadMetadataConfig: { mode: 'GKE_METADATA' } } }] },
      { workloadPool: 'p.svc.id.goog', autopilot: false, nodePools: [{ name: 'a', serviceAccount: 'default', metadataMode: 'GKE_METADATA' }] },
    ],
    [
      "the client's message, with an enum it sends by number and empty strings for unset fields",
      { workloadIdentityConfig: { workloadPool: '' }, autopilot: { enabled: true }, nodePools: [{ name: 'b', config: { serviceAccount: '', workloadMetadataConfig: { mode: 1 } } }] },
      { workloadPool: undefined, autopilot: true, nodePools: [{ name: 'b', serviceAccount: undefined, metadataMode: 'GCE_METADATA' }] },
    ],
    ['a cluster with no pools and no identity settings', {}, { workloadPool: undefined, autopilot: false, nodePools: [] }],
    ['a pool without a name is passed over', { nodePools: [{ config: {} }, 'x', null] }, { workloadPool: undefined, autopilot: false, nodePools: [] }],
  ])('%s', (_case, answer, spec) => {
    expect(clusterSpecOf(answer)).toEqual(spec);
  });
});

describe('runSpecOf', () => {
  it.each([
    ['revisions', { serviceAccount: 'a@p.iam.gserviceaccount.com' }, 'a@p.iam.gserviceaccount.com', undefined],
    ['executions', { template: { serviceAccount: 'b@p.iam.gserviceaccount.com' } }, 'b@p.iam.gserviceaccount.com', undefined],
    ['services', { template: { serviceAccount: 'c@p.iam.gserviceaccount.com' }, updateTime: '2025-03-01T00:00:00Z' }, 'c@p.iam.gserviceaccount.com', '2025-03-01T00:00:00Z'],
    ['jobs', { template: { template: { serviceAccount: 'd@p.iam.gserviceaccount.com' } }, updateTime: { seconds: '1740787200', nanos: 0 } }, 'd@p.iam.gserviceaccount.com', '2025-03-01T00:00:00.000Z'],
    ['services', { template: { serviceAccount: '' } }, undefined, undefined],
  ] as const)('%s: %j', (collection, answer, serviceAccount, updateTime) => {
    expect(runSpecOf(collection, answer)).toEqual({ serviceAccount, createTime: undefined, updateTime });
  });
});

describe('runCollectionOf', () => {
  it.each([
    ['projects/p/locations/r/services/s', 'services'],
    ['projects/p/locations/r/services/s/revisions/s-00001-abc', 'revisions'],
    ['projects/p/locations/r/jobs/j', 'jobs'],
    ['projects/p/locations/r/jobs/j/executions/j-abcde', 'executions'],
    ['projects/p/locations/r/services/s/revisions', undefined],
    ['projects/p/locations/r/workerPools/w', undefined],
    ['projects/p/locations/r/services/s/../jobs/j', undefined],
  ])('%s is %s', (name, collection) => {
    expect(runCollectionOf(name)).toBe(collection);
  });
});
