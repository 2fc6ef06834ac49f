import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApiIdentity, unitNear } from '../../src/identity/run-api-identity';
import type { LogEntry } from '../../src/logs/port';
import { LocalWorkloadSpecSource } from '../../src/specs/local';
import { fixturesDir, sampleWorkload } from '../support/fixtures';

const service = sampleWorkload('cloudrun-reverse-shell.json', 'cloud_run_service');
const job = sampleWorkload('cloudrun-job-remote-command-exec.json', 'cloud_run_job');
const detection = '2025-03-06T17:40:12.003Z';
const specsFile = join(fixturesDir, 'specs', 'workload-specs.json');
const fixture = JSON.parse(readFileSync(specsFile, 'utf8')) as Record<string, any>;
const base = 'projects/acme-billing-prod/locations/us-central1';
const why = 'no deploy entry of the workload is in the audit log read';

/** A spec file of the fixture with `changes` applied (undefined removes a resource). */
function specsWith(changes: Record<string, unknown>): LocalWorkloadSpecSource {
  const path = join(mkdtempSync(join(tmpdir(), 'run-specs-')), 'specs.json');
  const merged = Object.fromEntries(Object.entries({ ...fixture, ...changes }).filter(([, v]) => v !== undefined));
  writeFileSync(path, JSON.stringify(merged));
  return new LocalWorkloadSpecSource(path);
}

const revisionLog = (revision: string, timestamp: string): LogEntry => ({ timestamp, resource: { type: 'cloud_run_revision', labels: { revision_name: revision } } });
const executionLog = (execution: string, timestamp: string): LogEntry => ({ timestamp, labels: { 'run.googleapis.com/execution_name': execution } });

describe('unitNear', () => {
  it.each([
    [
      'the revision that logged last before detection',
      [revisionLog('invoice-api-00041-aaa', '2025-03-06T17:00:00Z'), revisionLog('invoice-api-00042-xyz', '2025-03-06T17:40:00Z'), revisionLog('invoice-api-00043-new', '2025-03-06T17:41:00Z')],
      'invoice-api-00042-xyz',
    ],
    // One that only logged after detection may have been deployed since.
    ['never one that only logged after detection', [revisionLog('invoice-api-00043-new', '2025-03-06T17:45:00Z'), revisionLog('invoice-api-00042-xyz', '2025-03-06T17:41:00Z')], undefined],
    ['no revision named by a hostile label', [revisionLog('x/../../jobs/other', '2025-03-06T17:40:00Z')], undefined],
    ['none in the entries', [], undefined],
  ])('%s', (_case, entries, unit) => {
    expect(unitNear(service, entries, detection)).toBe(unit);
  });

  it("takes a job's execution from its entries' labels", () => {
    expect(unitNear(job, [executionLog('nightly-reconcile-8xk2p', '2025-03-08T02:00:40Z')], '2025-03-08T02:00:41.118Z')).toBe('nightly-reconcile-8xk2p');
  });
});

describe('runApiIdentity', () => {
  const logs = [revisionLog('invoice-api-00042-xyz', '2025-03-06T17:39:00Z')];
  const specs = new LocalWorkloadSpecSource(specsFile);

  it('takes the account of the revision that ran, exactly', async () => {
    await expect(runApiIdentity(service, logs, detection, specs, 5_000, why)).resolves.toEqual({
      found: true,
      identity: {
        principal: 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com',
        source: 'cloud_run_api',
        fromResource: `${base}/services/invoice-api/revisions/invoice-api-00042-xyz`,
        serviceAccountEmail: 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com',
      },
    });
  });

  it("takes a job's execution, and the Compute Engine default when it names none", async () => {
    const execution = `${base}/jobs/nightly-reconcile/executions/nightly-reconcile-8xk2p`;
    const source = specsWith({ [execution]: { name: execution, template: {} } });
    const lookup = await runApiIdentity(job, [executionLog('nightly-reconcile-8xk2p', '2025-03-08T02:00:40Z')], '2025-03-08T02:00:41.118Z', source, 5_000, why);
    expect(lookup).toMatchObject({ found: true, identity: { serviceAccountEmail: '552233445566-compute@developer.gserviceaccount.com', fromResource: execution } });
  });

  it.each([
    ['no revision logged before detection', specs, []],
    ['the revision is gone', specsWith({ [`${base}/services/invoice-api/revisions/invoice-api-00042-xyz`]: undefined }), logs],
    [
      'the revision was made after detection (a forged or late entry named it)',
      specsWith({ [`${base}/services/invoice-api/revisions/invoice-api-00042-xyz`]: { serviceAccount: 'other@acme-billing-prod.iam.gserviceaccount.com', createTime: '2025-03-06T18:00:00Z' } }),
      logs,
    ],
  ])("falls back to the service's template when %s, if it has not changed since detection, and says what that rests on", async (_case, source, entries) => {
    const lookup = await runApiIdentity(service, entries, detection, source, 5_000, why);
    expect(lookup).toMatchObject({
      found: true,
      identity: {
        fromResource: `${base}/services/invoice-api`,
        serviceAccountEmail: 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com',
        caveat: expect.stringMatching(/traffic pinned to an older revision/),
      },
    });
  });

  it.each([
    [
      'the service changed after detection',
      specsWith({ [`${base}/services/invoice-api`]: { ...fixture[`${base}/services/invoice-api`], updateTime: '2025-03-06T18:00:00Z' } }),
      /changed after detection \(2025-03-06T18:00:00Z\)/,
    ],
    ['the service does not exist', specsWith({ [`${base}/services/invoice-api`]: undefined }), /does not exist \(NOT_FOUND\)/],
    ['the read APIs are off', undefined, /WORKLOAD_SOURCE is none/],
    ['the account is no email', specsWith({ [`${base}/services/invoice-api`]: { template: { serviceAccount: 'x" OR "' } } }), /not a valid service account email/],
  ])('unknown, saying why, when %s', async (_case, source, reason) => {
    const lookup = await runApiIdentity(service, [], detection, source, 5_000, why);
    expect(lookup).toEqual({ found: false, reason: expect.stringMatching(reason) });
    if (!lookup.found) expect(lookup.reason.startsWith(why)).toBe(true);
  });

  it('never reads past the deadline: no time left is an unknown identity', async () => {
    await expect(runApiIdentity(service, logs, detection, specs, 0, why)).resolves.toEqual({ found: false, reason: expect.stringMatching(/no time was left/) });
  });
});
