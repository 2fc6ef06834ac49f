/**
 * The identity_activity filter: exactly the identity's own audit entries in the window, whatever a
 * pod spec or a finding says. Property: no KSA, namespace or service account string widens it.
 */
import fc from 'fast-check';
import { defaultConfig } from '../../src/config';
import { identityWindow, planIdentityActivity } from '../../src/identity/activity-plan';
import { identityOf } from '../../src/identity/workload-identity';
import type { LogEntry } from '../../src/logs/port';
import type { GkeWorkload } from '../../src/notification/workload';
import { planContextOf } from '../../src/plan/index';
import { evaluate } from '../../src/query/evaluator';
import { parseQuery } from '../../src/query/parser';
import { sampleWorkload } from '../support/fixtures';

const detection = '2025-03-04T14:22:31.418Z';
const gke = (namespace: string): GkeWorkload => ({ ...sampleWorkload('gke-reverse-shell.json', 'gke'), namespace });
const pool = 'acme-payments-prod.svc.id.goog';
const wif = (ns: string, ksa: string) => `principal://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/${pool}/subject/ns/${ns}/sa/${ksa}`;
const podCreate = (ns: string, ksa: string): LogEntry => ({
  insertId: 'create',
  timestamp: '2025-03-04T10:00:00Z',
  protoPayload: { methodName: 'io.k8s.core.v1.pods.create', resourceName: `core/v1/namespaces/${ns}/pods/checkout-api-6d8f9c7b5-q2w8x`, request: { spec: { serviceAccountName: ksa } } },
});

/** Audit entries by every form of principal that `ns`/`ksa` and its near misses can take, in and out of the window. */
function auditCorpus(ns: string, ksa: string): LogEntry[] {
  const names = [ksa, `${ksa}x`, `x${ksa}`, ksa.toUpperCase(), 'default', 'checkout-api', `${ksa}" OR "`, ''];
  const namespaces = [ns, `${ns}-staging`, 'kube-system'];
  const logs = ['activity', 'data_access', 'system_event'];
  const times = ['2025-03-04T14:20:00Z', '2025-03-04T14:00:00Z', '2025-03-04T14:30:00Z', '2025-03-04T16:00:00Z'];
  const entries: LogEntry[] = [];
  for (const name of names)
    for (const space of namespaces)
      for (const log of logs)
        for (const timestamp of times) {
          const logName = `projects/acme-payments-prod/logs/cloudaudit.googleapis.com%2F${log}`;
          const base = { logName, timestamp, resource: { type: 'audited_resource', labels: { project_id: 'acme-payments-prod' } } };
          entries.push({ ...base, insertId: `wif|${name}|${space}|${log}|${timestamp}`, protoPayload: { methodName: 'm', authenticationInfo: { principalSubject: wif(space, name) } } });
          entries.push({
            ...base,
            insertId: `gsa|${name}|${space}|${log}|${timestamp}`,
            protoPayload: {
              methodName: 'm',
              authenticationInfo: {
                principalEmail: 'gsa@acme-payments-prod.iam.gserviceaccount.com',
                serviceAccountDelegationInfo: [{ principalSubject: `serviceAccount:${pool}[${space}/${name}]` }],
              },
            },
          });
        }
  return entries;
}

const hostile = fc.oneof(
  fc.constantFrom('checkout-api', 'default', 'a" OR "', '*', 'x") OR (1=1', 'CHECKOUT-API', 'sa/other', '', 'payments OR NOT x', 'a\\"b'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  fc.string({ maxLength: 40 }),
);

describe('identity_activity', () => {
  it('reads from 10 minutes before detection to the end of the logs window', () => {
    expect(identityWindow(detection, { start: '2025-03-04T13:52:31.418Z', end: '2025-03-04T14:37:31.418Z' })).toEqual({ start: '2025-03-04T14:12:31.418Z', end: '2025-03-04T14:37:31.418Z' });
  });

  it('never selects another principal, another log or another time, whatever the KSA and namespace', () => {
    let selected = 0;
    fc.assert(
      fc.property(hostile, fc.oneof(fc.constant('payments'), hostile), (ksa, ns) => {
        const workload = gke(ns);
        const lookup = identityOf(workload, [podCreate(ns, ksa)], detection, { cluster: { kind: 'unavailable', reason: 'off' } });
        if (!lookup.found) return;
        const context = planContextOf(workload, detection, defaultConfig);
        const plan = planIdentityActivity(lookup.identity, context, workload.projectId);
        const expr = parseQuery(plan.filter);
        // Kubernetes reads an empty serviceAccountName as the namespace's default.
        const effective = ksa === '' ? 'default' : ksa;
        expect(expr).toEqual(plan.expr);
        for (const entry of auditCorpus(ns, ksa)) {
          if (!evaluate(expr, entry)) continue;
          selected++;
          const [form, name, space, log, timestamp] = String(entry.insertId).split('|');
          expect({ form, name: name?.toLowerCase(), space: space?.toLowerCase(), log }).toEqual({
            form,
            name: effective.toLowerCase(),
            space: ns.toLowerCase(),
            log: expect.stringMatching(/^(activity|data_access)$/),
          });
          expect(Date.parse(timestamp!)).toBeGreaterThanOrEqual(Date.parse(plan.window.start));
          expect(Date.parse(timestamp!)).toBeLessThanOrEqual(Date.parse(plan.window.end));
        }
      }),
      { numRuns: 150 },
    );
    expect(selected).toBeGreaterThan(0);
  });

  it('matches a Cloud Run identity by its email only', () => {
    const context = planContextOf({ platform: 'cloud_run_service', projectId: 'acme-billing-prod', projectIdKnown: true, location: 'us-central1', service: 'invoice-api' }, detection, defaultConfig);
    const email = 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com';
    const plan = planIdentityActivity({ principal: email, source: 'cloud_run_deploy', serviceAccountEmail: email }, context, 'acme-billing-prod');
    expect(plan.filter).toContain(`protoPayload.authenticationInfo.principalEmail="${email}"`);
    expect(plan.filter).not.toContain('principalSubject');
    expect(plan.followUp).toBe(true);
  });
});
