import { identitySteps } from '../../src/evidence/next-steps-identity';
import type { IdentityReport } from '../../src/identity/schema';
import { sampleWorkload } from '../support/fixtures';

const gke = sampleWorkload('gke-reverse-shell.json', 'gke');
const run = sampleWorkload('cloudrun-reverse-shell.json', 'cloud_run_service');
const principal = 'principal://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/acme-payments-prod.svc.id.goog/subject/ns/payments/sa/checkout-api';
const gsa = 'checkout-runtime@acme-payments-prod.iam.gserviceaccount.com';

describe('identitySteps', () => {
  it('for a GKE principal: its roles, their removal, and for each bound account the binding and its keys, each saying what it breaks', () => {
    const identity: IdentityReport = {
      status: 'found',
      source: 'gke_pod_create',
      principal,
      principalSubject: principal,
      kubernetesServiceAccount: 'payments/checkout-api',
      delegationSubject: 'serviceAccount:acme-payments-prod.svc.id.goog[payments/checkout-api]',
      boundServiceAccounts: [gsa],
    };
    const steps = identitySteps(identity, gke);
    expect(steps.map((s) => s.command?.split(' ').slice(0, 4).join(' '))).toEqual([
      'gcloud projects get-iam-policy acme-payments-prod',
      'gcloud projects remove-iam-policy-binding acme-payments-prod',
      'gcloud iam service-accounts remove-iam-policy-binding',
      'gcloud iam service-accounts keys',
      'gcloud iam service-accounts keys',
    ]);
    const pool = 'principalSet://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/acme-payments-prod.svc.id.goog';
    // Every member a grant can reach the pod through: itself, the legacy form, its namespace's set and its cluster's.
    expect(steps[0]!.command).toContain(
      [
        principal,
        'serviceAccount:acme-payments-prod.svc.id.goog[payments/checkout-api]',
        `${pool}/namespace/payments`,
        `${pool}/kubernetes.cluster/https://container.googleapis.com/v1/projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1`,
      ]
        .map((m) => `"${m}"`)
        .join(' '),
    );
    expect(steps[1]!.command).toContain('--member \\<member\\>');
    expect(steps[2]!.command).toContain('--member serviceAccount\\:acme-payments-prod.svc.id.goog\\[payments/checkout-api\\] --role roles/iam.workloadIdentityUser');
    for (const s of steps.slice(1)) expect(s.title).toMatch(/breaks:|outlives/);
  });

  it("for a Cloud Run service: its runtime account's roles and keys", () => {
    const email = 'invoice-run@acme-billing-prod.iam.gserviceaccount.com';
    const steps = identitySteps({ status: 'found', source: 'cloud_run_deploy', principal: email, serviceAccountEmail: email }, run);
    expect(steps.map((s) => s.command)).toEqual([
      `gcloud projects get-iam-policy acme-billing-prod --flatten bindings\\[\\].members --filter 'bindings.members="serviceAccount:invoice-run@acme-billing-prod.iam.gserviceaccount.com"' --format table\\(bindings.role\\,bindings.members\\,bindings.condition.title\\)`,
      'gcloud projects remove-iam-policy-binding acme-billing-prod --member serviceAccount\\:invoice-run\\@acme-billing-prod.iam.gserviceaccount.com --role \\<role\\> --condition None',
      'gcloud iam service-accounts keys list --iam-account invoice-run\\@acme-billing-prod.iam.gserviceaccount.com --managed-by user --project acme-billing-prod',
      'gcloud iam service-accounts keys disable \\<key-id\\> --iam-account invoice-run\\@acme-billing-prod.iam.gserviceaccount.com --project acme-billing-prod',
    ]);
  });

  it("for a node pool's account: says it breaks every node of the pool, and to move the workload first", () => {
    const email = 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com';
    const steps = identitySteps({ status: 'found', source: 'gke_node_pool', principal: email, serviceAccountEmail: email, nodePool: 'default-pool' }, gke);
    expect(steps).toHaveLength(4);
    expect(steps[1]!.title).toMatch(/breaks: every node of default-pool and every pod on it .*GKE metadata server first/);
  });

  it('none for an unknown identity', () => {
    expect(identitySteps({ status: 'unknown', reason: 'x' }, gke)).toEqual([]);
    expect(identitySteps(undefined, gke)).toEqual([]);
  });
});

describe('identitySteps with a long KSA name', () => {
  it('lists the roles member by member when one listing would be too long to show', () => {
    const ksa = `k${'s'.repeat(150)}`;
    const subject = `principal://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/acme-payments-prod.svc.id.goog/subject/ns/payments/sa/${ksa}`;
    const identity: IdentityReport = {
      status: 'found',
      source: 'gke_pod_create',
      principal: subject,
      principalSubject: subject,
      delegationSubject: `serviceAccount:acme-payments-prod.svc.id.goog[payments/${ksa}]`,
    };
    const steps = identitySteps(identity, gke);
    const listings = steps.filter((s) => s.command?.startsWith('gcloud projects get-iam-policy'));
    expect(listings).toHaveLength(4);
    expect(steps.every((s) => s.command !== undefined)).toBe(true);
    expect(listings[0]!.command).toContain(ksa);
  });
});
