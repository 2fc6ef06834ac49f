/**
 * Related findings: the real @google-cloud/security-center client against a local SCC API
 * stand-in, and the local folder adapter; both select the same findings.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { LocalFindingSource } from '../../src/related/local';
import { SecurityCenterFindingSource, findingsFilter } from '../../src/related/security-center';
import { fixturesDir, loadSample, logsDir } from '../support/fixtures';
import { type SecurityCenterServer, startSecurityCenterServer } from '../support/security-center-server';

const relatedDir = join(fixturesDir, 'related');
let server: SecurityCenterServer;
let cloud: SecurityCenterFindingSource;

beforeAll(async () => {
  server = await startSecurityCenterServer(relatedDir);
  cloud = new SecurityCenterFindingSource({ project: 'scc-triage-test', emulatorHost: `${server.host}:${server.port}` });
});
afterAll(() => server.stop());

const run = (findings: ConstructorParameters<typeof LocalFindingSource>[0] | SecurityCenterFindingSource) =>
  triage(
    loadSample('gke-reverse-shell.json'),
    { logs: new ExportedLogSource(logsDir), findings: typeof findings === 'string' ? new LocalFindingSource(findings) : findings, now: () => new Date() },
    defaultConfig,
  );

describe('related findings', () => {
  it.each([
    ['the SCC API through the real client', () => cloud],
    ['a folder of notifications', () => relatedDir],
  ])('from %s: same pod, within ±1 h, not the finding itself', async (_name, source) => {
    const result = await run(source());
    if (result.kind === 'skipped') throw new Error('unexpected');
    const related = result.summary.relatedFindings!;
    expect(related.status).toBe('ok');
    expect(related.window).toEqual({ start: '2025-03-04T13:22:31.418Z', end: '2025-03-04T15:22:31.418Z' });
    expect(related.findings.map((f) => [f.category, f.severity, f.eventTime, f.pod])).toEqual([
      ['Execution: Added Binary Executed', 'LOW', '2025-03-04T14:19:02.551Z', 'checkout-api-6d8f9c7b5-q2w8x'],
      ['Execution: Netcat Remote Code Execution in Container', 'HIGH', '2025-03-04T14:23:10.000Z', 'checkout-api-6d8f9c7b5-q2w8x'],
    ]);
    expect(result.summary.assessment.reasons.join('\n')).toContain('2 other finding(s) on the same workload around detection');
  });

  it("asks SCC for the resource and the window, under the finding's organization", async () => {
    server.requests.length = 0;
    await run(cloud);
    expect(server.requests).toEqual([
      {
        parent: 'organizations/123456789012/sources/-/locations/global',
        filter:
          'resource_name="//container.googleapis.com/projects/408150112233/locations/europe-west1/clusters/payments-gke-1" AND event_time >= "2025-03-04T13:22:31.418Z" AND event_time <= "2025-03-04T15:22:31.418Z"',
        pageSize: 200,
      },
    ]);
  });

  it('escapes the resource name in the SCC filter', () => {
    expect(findingsFilter({ scope: 'organizations/1', resourceName: 'a"b\\c', findingName: 'n', window: { start: 's', end: 'e' } })).toBe(
      'resource_name="a\\"b\\\\c" AND event_time >= "s" AND event_time <= "e"',
    );
  });

  it('missing permission: the block is an error with a hint, the finding is still triaged (partial)', async () => {
    server.failNext(grpc.status.PERMISSION_DENIED, 'The caller does not have permission');
    const result = await run(cloud);
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(result.summary.relatedFindings).toMatchObject({ status: 'error', retryable: false, error: expect.stringContaining('roles/securitycenter.findingsViewer') });
    expect(result.summary.status).toBe('partial');
    expect(result.summary.logs.filter((s) => s.name !== 'identity_activity' && s.name !== 'indicator_sweep').every((s) => s.status === 'ok')).toBe(true);
  });

  it('without a finding source the block is skipped, with the reason', async () => {
    const result = await triage(loadSample('gke-reverse-shell.json'), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
    expect(result.kind !== 'skipped' && result.summary.relatedFindings).toMatchObject({ status: 'skipped', reason: expect.stringContaining('no finding source') });
  });
});
