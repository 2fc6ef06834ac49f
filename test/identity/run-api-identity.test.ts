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

/** The fixture's service with another revision as its latest. */
const otherLatest = { [`${base}/services/invoice-api`]: { ...fixture[`${base}/services/invoice-api`], latestCreatedRevision: `${base}/services/invoice-api/revisions/invoice-api-00043-new` } };

describe('runApiIdentity', () => {
  const logs = [revisionLog('invoice-api-00042-xyz', '2025-03-06T17:39:00Z')];
  const specs = new LocalWorkloadSpecSource(specsFile);

  it('takes the account of the revision that ran, exactly', async () => {
    await expect(runApiIdentity({ workload: service, logEntries: logs, detection: detection, source: specs, remainingMs: 5_000, why })).resolves.toEqual({
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
    // The job's latest execution is another: this one's own spec is read.
    const jobName = `${base}/jobs/nightly-reconcile`;
    const source = specsWith({
      [execution]: { name: execution, template: {} },
      [jobName]: { ...fixture[jobName], latestCreatedExecution: { name: `${jobName}/executions/later`, createTime: '2025-03-08T01:00:00Z' } },
    });
    const logEntries = [executionLog('nightly-reconcile-8xk2p', '2025-03-08T02:00:40Z')];
    const lookup = await runApiIdentity({ workload: job, logEntries, detection: '2025-03-08T02:00:41.118Z', source, remainingMs: 5_000, why });
    expect(lookup).toMatchObject({ found: true, identity: { serviceAccountEmail: '552233445566-compute@developer.gserviceaccount.com', fromResource: execution } });
  });

  it.each([
    ['no revision logged before detection', specs, []],
    // The service's latest revision is another one, so the one that logged is read itself.
    ['the revision is gone', specsWith({ [`${base}/services/invoice-api/revisions/invoice-api-00042-xyz`]: undefined, ...otherLatest }), logs],
    [
      'the revision was made after detection (a forged or late entry named it)',
      specsWith({
        [`${base}/services/invoice-api/revisions/invoice-api-00042-xyz`]: { serviceAccount: 'other@acme-billing-prod.iam.gserviceaccount.com', createTime: '2025-03-06T18:00:00Z' },
        ...otherLatest,
      }),
      logs,
    ],
  ])("falls back to the service's template when %s, if it has not changed since detection, and says what that rests on", async (_case, source, entries) => {
    const lookup = await runApiIdentity({ workload: service, logEntries: entries, detection: detection, source: source, remainingMs: 5_000, why });
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
    ['the account is no email', specsWith({ [`${base}/services/invoice-api`]: { updateTime: '2025-03-01T00:00:00Z', template: { serviceAccount: 'x" OR "' } } }), /not a valid service account email/],
    [
      'the service gives no time of its last change',
      specsWith({ [`${base}/services/invoice-api`]: { template: { serviceAccount: 'a-run@acme-billing-prod.iam.gserviceaccount.com' } } }),
      /gives no time of its last change/,
    ],
    [
      'its time of change is no time',
      specsWith({ [`${base}/services/invoice-api`]: { updateTime: 'yesterday', template: { serviceAccount: 'a-run@acme-billing-prod.iam.gserviceaccount.com' } } }),
      /gives no time of its last change/,
    ],
  ])('unknown, saying why, when %s', async (_case, source, reason) => {
    const lookup = await runApiIdentity({ workload: service, logEntries: [], detection: detection, source: source, remainingMs: 5_000, why });
    expect(lookup).toEqual({ found: false, reason: expect.stringMatching(reason) });
    if (!lookup.found) expect(lookup.reason.startsWith(why)).toBe(true);
  });

  /** A source that counts the names it is asked for. */
  const counting = (inner: LocalWorkloadSpecSource) => {
    const asked: string[] = [];
    return {
      asked,
      source: { name: 'counting', cluster: inner.cluster.bind(inner), runResource: (name: string, signal: AbortSignal) => (asked.push(name), inner.runResource(name, signal)) },
    };
  };
  const serviceName = `${base}/services/invoice-api`;
  const revisionName = `${serviceName}/revisions/invoice-api-00042-xyz`;

  it.each([
    ['the latest revision the unchanged template made: no second read', { latestCreatedRevision: revisionName }, [serviceName]],
    ['an older revision: it is read', { latestCreatedRevision: `${serviceName}/revisions/invoice-api-00043-new` }, [serviceName, revisionName]],
    ['a template changed after detection: the revision is read', { latestCreatedRevision: revisionName, updateTime: '2025-03-06T18:00:00Z' }, [serviceName, revisionName]],
  ])('with the service read first, the revision that ran is %s', async (_case, changes, asked) => {
    const { asked: seen, source } = counting(specsWith({ [serviceName]: { ...fixture[serviceName], ...changes } }));
    const lookup = await runApiIdentity({ workload: service, logEntries: logs, detection, source, remainingMs: 5_000, why });
    expect(lookup).toMatchObject({ found: true, identity: { fromResource: revisionName, serviceAccountEmail: 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com' } });
    expect(lookup.found && lookup.identity.caveat).toBeUndefined();
    expect(seen).toEqual(asked);
  });

  it('with a job, only an execution started after the last change of the template is taken from it', async () => {
    const jobName = `${base}/jobs/nightly-reconcile`;
    const execution = `${jobName}/executions/nightly-reconcile-8xk2p`;
    const entries = [executionLog('nightly-reconcile-8xk2p', '2025-03-08T02:00:40Z')];
    const at = '2025-03-08T02:00:41.118Z';
    const run = async (createTime: string) => {
      const { asked, source } = counting(specsWith({ [jobName]: { ...fixture[jobName], latestCreatedExecution: { name: execution, createTime } } }));
      await runApiIdentity({ workload: job, logEntries: entries, detection: at, source, remainingMs: 5_000, why });
      return asked;
    };
    expect(await run('2025-03-08T02:00:00Z')).toEqual([jobName]);
    expect(await run('2025-02-19T00:00:00Z')).toEqual([jobName, execution]);
  });

  it('never reads past the deadline: no time left is an unknown identity', async () => {
    await expect(runApiIdentity({ workload: service, logEntries: logs, detection: detection, source: specs, remainingMs: 0, why })).resolves.toEqual({
      found: false,
      reason: expect.stringMatching(/no time was left/),
    });
  });
});
