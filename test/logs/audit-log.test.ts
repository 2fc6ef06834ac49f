import { decodeProtoPayload } from '../../src/logs/audit-log';
import { encodeAuditLog } from '../support/audit-log-encoder';
import { corpusEntries } from '../support/fixtures';

/** A GKE Workload Identity Federation caller and a service account reached through a delegation chain (shapes from the AuditLog reference). */
const workloadIdentity = {
  '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
  status: {},
  authenticationInfo: {
    principalSubject: 'principal://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/acme-payments-prod.svc.id.goog/subject/ns/payments/sa/checkout-api',
    serviceAccountDelegationInfo: [
      { firstPartyPrincipal: { principalEmail: 'checkout-api@acme-payments-prod.iam.gserviceaccount.com' } },
      { principalSubject: 'serviceAccount:ci@acme-payments-prod.iam.gserviceaccount.com' },
    ],
  },
  requestMetadata: { callerIp: '203.0.113.45', callerSuppliedUserAgent: 'curl/8.5.0', requestAttributes: { time: '2025-03-04T14:23:02.118347551Z', auth: {} }, destinationAttributes: {} },
  serviceName: 'secretmanager.googleapis.com',
  methodName: 'google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion',
  authorizationInfo: [
    { resource: 'projects/408150112233/secrets/payments-db/versions/latest', permission: 'secretmanager.versions.access', granted: true, resourceAttributes: {}, permissionType: 'DATA_READ' },
  ],
  resourceName: 'projects/408150112233/secrets/payments-db/versions/latest',
  numResponseItems: '1',
  request: { '@type': 'type.googleapis.com/google.cloud.secretmanager.v1.AccessSecretVersionRequest', name: 'projects/408150112233/secrets/payments-db/versions/latest' },
  resourceLocation: { currentLocations: ['europe-west1'] },
};

const fixturePayloads = corpusEntries()
  .filter((entry) => entry.protoPayload !== undefined)
  .map((entry) => [entry.insertId as string, entry.protoPayload as Record<string, unknown>] as const);

describe('an AuditLog reads the same live (gRPC bytes) as exported (JSON)', () => {
  it.each([['workload identity and a delegation chain', workloadIdentity] as const, ...fixturePayloads])('%s', (_name, payload) => {
    expect(decodeProtoPayload(encodeAuditLog(payload))).toEqual(payload);
  });

  it('keeps what the old hand-written subset dropped', () => {
    const decoded = decodeProtoPayload(encodeAuditLog(workloadIdentity)) as typeof workloadIdentity;
    expect(decoded.authenticationInfo.principalSubject).toMatch(/^principal:\/\/iam\.googleapis\.com\/.+\/sa\/checkout-api$/);
    expect(decoded.authenticationInfo.serviceAccountDelegationInfo).toHaveLength(2);
    expect(decoded.requestMetadata.requestAttributes.time).toBe('2025-03-04T14:23:02.118347551Z');
  });

  it.each([
    ['another payload type', { type_url: 'type.googleapis.com/google.cloud.Other', value: Buffer.from([1, 2]) }, { '@type': 'type.googleapis.com/google.cloud.Other' }],
    [
      'bytes that are no AuditLog',
      { type_url: 'type.googleapis.com/google.cloud.audit.AuditLog', value: Buffer.from([0xff, 0xff, 0xff]) },
      { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', '@error': expect.stringMatching(/^undecodable AuditLog: /) },
    ],
  ])('%s', (_name, any, expected) => {
    expect(decodeProtoPayload(any)).toEqual(expected);
  });
});
