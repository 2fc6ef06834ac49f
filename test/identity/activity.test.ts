import { classOf, identityActivityOf, isForeignCaller } from '../../src/identity/activity';
import { rangeList } from '../../src/lib/cidr';
import type { LogEntry } from '../../src/logs/port';

describe('classOf', () => {
  it.each([
    ['iamcredentials.googleapis.com', 'GenerateAccessToken', 'token_minting'],
    ['iamcredentials.googleapis.com', 'SignBlob', 'token_minting'],
    ['iamcredentials.googleapis.com', 'GenerateIdToken', 'token_minting'],
    ['iam.googleapis.com', 'google.iam.admin.v1.CreateServiceAccountKey', 'key_creation'],
    ['secretmanager.googleapis.com', 'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion', 'secret_access'],
    ['cloudresourcemanager.googleapis.com', 'SetIamPolicy', 'iam_policy_change'],
    ['storage.googleapis.com', 'storage.objects.list', 'storage'],
    ['storage.googleapis.com', 'storage.buckets.get', 'storage'],
    ['compute.googleapis.com', 'v1.compute.instances.insert', 'compute_admin'],
    ['container.googleapis.com', 'google.container.v1.ClusterManager.GetCluster', 'container_admin'],
    ['pubsub.googleapis.com', 'google.pubsub.v1.Publisher.Publish', 'other'],
    ['storage.googleapis.com', 'storage.objects.create', 'other'],
  ])('%s %s is %s', (service, method, expected) => {
    expect(classOf(service, method)).toBe(expected);
  });
});

describe('isForeignCaller', () => {
  it.each([
    ['203.0.113.45', true],
    ['2a00:1450:4001::1', true],
    ['fd00::1', false],
    ['10.44.2.17', false],
    ['100.64.0.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['private', false],
    ['gce-internal-ip', false],
    ['', false],
  ])('%s: %s', (ip, foreign) => {
    expect(isForeignCaller(ip)).toBe(foreign);
  });
});

describe('identityActivityOf', () => {
  const call = (insertId: string, timestamp: string, serviceName: string, methodName: string, callerIp?: string): LogEntry => ({
    insertId,
    timestamp,
    protoPayload: { serviceName, methodName, ...(callerIp === undefined ? {} : { requestMetadata: { callerIp } }) },
  });
  const detection = '2025-03-04T14:22:31.418Z';
  const entries = [
    call('a', '2025-03-04T14:20:00Z', 'storage.googleapis.com', 'storage.objects.get', '10.44.2.17'),
    call('b', '2025-03-04T14:23:00Z', 'storage.googleapis.com', 'storage.objects.get', '10.44.2.17'),
    call('c', '2025-03-04T14:24:00Z', 'storage.googleapis.com', 'storage.objects.get', '198.51.100.23'),
    call('d', '2025-03-04T14:25:00Z', 'secretmanager.googleapis.com', 'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion', '203.0.113.45'),
    call('e', '2025-03-04T14:26:00Z', 'pubsub.googleapis.com', 'google.pubsub.v1.Publisher.Publish'),
    call('f', '2025-03-04T14:21:00Z', 'iam.googleapis.com', 'google.iam.admin.v1.CreateServiceAccountKey', '198.51.100.23'),
  ];

  it('groups the calls after detection, most sensitive first, and counts the ones before', () => {
    const activity = identityActivityOf(entries, detection, '203.0.113.45');
    expect(activity.callsBefore).toBe(2);
    expect(activity.callsAfter).toBe(4);
    expect(activity.afterDetection.map((g) => [g.class, g.method, g.calls, g.first, g.last, g.callerIps])).toEqual([
      ['secret_access', 'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion', 1, '2025-03-04T14:25:00Z', '2025-03-04T14:25:00Z', ['203.0.113.45']],
      ['storage', 'storage.objects.get', 2, '2025-03-04T14:23:00Z', '2025-03-04T14:24:00Z', ['10.44.2.17', '198.51.100.23']],
      ['other', 'google.pubsub.v1.Publisher.Publish', 1, '2025-03-04T14:26:00Z', '2025-03-04T14:26:00Z', []],
    ]);
  });

  it('lists public callers before and after detection, the destination first', () => {
    expect(identityActivityOf(entries, detection, '203.0.113.45').foreignCallers).toEqual([
      { ip: '203.0.113.45', calls: 1, first: '2025-03-04T14:25:00Z', last: '2025-03-04T14:25:00Z', isDestination: true },
      { ip: '198.51.100.23', calls: 2, first: '2025-03-04T14:21:00Z', last: '2025-03-04T14:24:00Z', isDestination: false },
    ]);
  });

  it.each([
    ['::ffff:203.0.113.45', '203.0.113.45'],
    [' 203.0.113.45 ', '203.0.113.45'],
    ['2001:DB8::45', '2001:db8::45'],
    ['2001:db8:0:0::45', '2001:DB8::45'],
  ])('a caller written %j is the destination %j', (callerIp, destination) => {
    const [caller] = identityActivityOf([call('x', '2025-03-04T14:30:00Z', 's', 'm', callerIp)], detection, destination).foreignCallers;
    expect(caller).toMatchObject({ isDestination: true });
  });

  it("leaves out callers in the organisation's own egress ranges, but never the destination", () => {
    const own = rangeList(['198.51.100.0/24', '203.0.113.0/24']);
    expect(identityActivityOf(entries, detection, '203.0.113.45', own).foreignCallers.map((c) => [c.ip, c.isDestination])).toEqual([['203.0.113.45', true]]);
    expect(identityActivityOf(entries, detection, undefined, own).foreignCallers).toEqual([]);
  });

  it('counts a call from a private destination: the token is used from the host the shell reached', () => {
    const [caller] = identityActivityOf(entries, detection, '10.44.2.17').foreignCallers;
    expect(caller).toMatchObject({ ip: '10.44.2.17', calls: 2, isDestination: true });
  });

  it('bounds what an entry can put in the report', () => {
    const huge = call('h', '2025-03-04T14:30:00Z', 'x'.repeat(5000), `m${'\n'.repeat(10)}${'y'.repeat(5000)}`);
    const [group] = identityActivityOf([huge], detection, undefined).afterDetection;
    expect(group!.service.length).toBeLessThanOrEqual(100);
    expect(group!.method.length).toBeLessThanOrEqual(200);
    expect(group!.method).not.toContain('\n');
  });
});
