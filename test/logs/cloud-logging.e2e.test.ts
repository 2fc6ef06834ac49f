/**
 * The Cloud Logging source through the real @google-cloud/logging client, over gRPC, against a
 * local LoggingServiceV2 serving the golden corpus.
 */
import * as grpc from '@grpc/grpc-js';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { UpstreamError } from '../../src/errors';
import { CloudLoggingSource } from '../../src/logs/cloud-logging';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { parseQuery } from '../../src/query/parser';
import { expectedSections, loadSample, logsDir } from '../support/fixtures';
import { type LoggingServer, startLoggingServer } from '../support/logging-server';

let server: LoggingServer;
let source: CloudLoggingSource;
const now = () => new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  server = await startLoggingServer(logsDir);
  source = new CloudLoggingSource({ project: 'scc-triage-test', emulatorHost: `${server.host}:${server.port}`, backoffStartMs: 10 });
});
afterAll(() => server.stop());
beforeEach(() => {
  server.requests.length = 0;
});

const signal = () => new AbortController().signal;
const query = (filter: string, pageSize = 1000) => ({ resourceNames: ['projects/acme-payments-prod'], filter, expr: parseQuery(filter), pageSize });
const podFilter = 'resource.type="k8s_container" AND resource.labels.pod_name="checkout-api-6d8f9c7b5-q2w8x" AND timestamp>="2025-03-04T13:00:00Z" AND timestamp<="2025-03-04T15:00:00Z"';

describe('CloudLoggingSource', () => {
  it('sends resourceNames, the filter as built, newest first, one bounded page', async () => {
    await source.list(query(podFilter, 7), signal());
    expect(server.requests).toEqual([{ resourceNames: ['projects/acme-payments-prod'], filter: podFilter, orderBy: 'timestamp desc', pageSize: 7, pageToken: '' }]);
  });

  it('gives the same entries, in the same JSON shape, as the exported logs', async () => {
    const [cloud, exported] = await Promise.all([source.list(query(podFilter), signal()), new ExportedLogSource(logsDir).list(query(podFilter), signal())]);
    expect(cloud.entries.map((e) => e.insertId)).toEqual(exported.entries.map((e) => e.insertId));
    expect(cloud.entries.find((e) => e.insertId === 'rs-pod-upload')).toMatchObject({
      jsonPayload: { message: 'POST /api/v2/receipts/import 200', bytes: 18234 },
      severity: 'INFO',
      timestamp: '2025-03-04T14:21:58.204Z',
    });
  });

  it('decodes AuditLog protoPayloads', async () => {
    const filter = 'resource.type="k8s_cluster" AND timestamp>="2025-03-04T14:05:12Z" AND timestamp<="2025-03-04T14:05:13Z"';
    const page = await source.list(query(filter), signal());
    expect(page.entries[0]).toMatchObject({
      insertId: 'rs-aud-exec',
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        methodName: 'io.k8s.core.v1.pods.exec.create',
        authenticationInfo: { principalEmail: 'alice@acme.example' },
        requestMetadata: { callerIp: '198.51.100.23' },
      },
    });
  });

  it('a page with a next token is truncated; an empty page with a token is truncated, never empty', async () => {
    expect((await source.list(query(podFilter, 2), signal())).truncated).toBe(true);
    server.inject({ kind: 'emptyPageWithToken' });
    expect(await source.list(query(podFilter), signal())).toEqual({ entries: [], truncated: true });
  });

  it('sends the order asked for', async () => {
    await source.list({ ...query(podFilter, 7), order: 'asc' }, signal());
    expect(server.requests[0]!.orderBy).toBe('timestamp asc');
  });

  it.each([
    [grpc.status.UNAVAILABLE, 'connection reset'],
    [grpc.status.DEADLINE_EXCEEDED, 'deadline'],
  ])('retries code %i with backoff and succeeds', async (code, details) => {
    server.inject({ kind: 'error', code, details });
    server.inject({ kind: 'error', code, details });
    const page = await source.list(query(podFilter), signal());
    expect(page.entries.length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(3);
  });

  it('PERMISSION_DENIED is not retried and names the missing role', async () => {
    server.inject({ kind: 'error', code: grpc.status.PERMISSION_DENIED, details: 'The caller does not have permission' });
    const error = await source.list(query(podFilter), signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('roles/logging.viewer');
    expect((error as UpstreamError).retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('passes RESOURCE_EXHAUSTED straight up, retryable, for the reader to shrink its budget', async () => {
    server.inject({ kind: 'error', code: grpc.status.RESOURCE_EXHAUSTED, details: 'Quota exceeded' });
    const error = await source.list(query(podFilter), signal()).catch((e: unknown) => e);
    expect((error as UpstreamError).retryable).toBe(true);
    expect((error as UpstreamError).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(server.requests).toHaveLength(1);
  });
});

describe('the engine on live-shaped Cloud Logging', () => {
  it.each(['gke-reverse-shell.json', 'cloudrun-job-remote-command-exec.json'])('%s selects exactly the golden entries', async (name) => {
    const result = await triage(loadSample(name), { logs: source, now }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('unexpected');
    for (const section of result.summary.logs) {
      expect([section.name, section.entries.map((e) => e.insertId).sort()]).toEqual([section.name, [...(expectedSections[name]![section.name] ?? [])]]);
    }
  });

  it('reads past the deadline are errors with the reason, never silently short; the summary is partial', async () => {
    server.inject({ kind: 'delay', ms: 1_500 });
    server.inject({ kind: 'delay', ms: 1_500 });
    const result = await triage(loadSample('gke-reverse-shell.json'), { logs: source, now }, { ...defaultConfig, deadlineMs: 500 });
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(result.summary.status).toBe('partial');
    const delayed = result.summary.logs.filter((s) => s.status === 'error');
    expect(delayed.length).toBeGreaterThan(0);
    for (const section of delayed) expect(section).toMatchObject({ error: 'deadline of 500 ms exceeded', retryable: true, coverage: { complete: false } });
  });
});
