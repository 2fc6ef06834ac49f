/**
 * Containment for the workload's identity, when the follow-up stage found it: what the principal
 * is granted and how to take it away, the binding that lets the pod act as a Google service
 * account, and that account's keys. Each step says what it breaks; nothing is run.
 */
import type { IdentityReport } from '../identity/schema';
import type { Workload } from '../notification/workload';
import { type NextStep, check, projectOf, step } from './step';

/** Steps on a Google service account the workload acts as: its user-managed keys, listed, then disabled. */
function keySteps(email: string, w: Workload): NextStep[] {
  const account = check('identity.serviceAccount', email, 'serviceAccountEmail', '<service-account>');
  return [
    step(`List the user-managed keys of ${email}: a key made with a stolen token outlives it`, [
      'gcloud',
      'iam',
      'service-accounts',
      'keys',
      'list',
      '--iam-account',
      account,
      '--managed-by',
      'user',
      '--project',
      projectOf(w),
    ]),
    step(`Disable each key you cannot account for (breaks: whatever else uses that key)`, [
      'gcloud',
      'iam',
      'service-accounts',
      'keys',
      'disable',
      '<key-id>',
      '--iam-account',
      account,
      '--project',
      projectOf(w),
    ]),
  ];
}

/** For each Google service account bound to the KSA: remove the binding, then its keys. */
function boundAccountSteps(identity: IdentityReport, w: Workload): NextStep[] {
  return (identity.boundServiceAccounts ?? []).flatMap((email) => [
    step(`Remove the binding that lets ${identity.kubernetesServiceAccount ?? 'the KSA'} act as ${email} (breaks: every pod running as that KSA loses the account)`, [
      'gcloud',
      'iam',
      'service-accounts',
      'remove-iam-policy-binding',
      check('identity.serviceAccount', email, 'serviceAccountEmail', '<service-account>'),
      '--member',
      identity.delegationSubject ?? '',
      '--role',
      'roles/iam.workloadIdentityUser',
      '--project',
      projectOf(w),
    ]),
    ...keySteps(email, w),
  ]);
}

/** Steps for a GKE workload's Workload Identity Federation principal and the Google service accounts bound to its KSA. */
function gkeIdentitySteps(identity: IdentityReport, w: Workload): NextStep[] {
  const principal = identity.principal ?? '';
  return [
    step(`List the roles the pod's principal holds on the project (read only)`, [
      'gcloud',
      'projects',
      'get-iam-policy',
      projectOf(w),
      '--flatten',
      'bindings[].members',
      '--filter',
      `bindings.members="${principal}"`,
      '--format',
      'table(bindings.role,bindings.condition.title)',
    ]),
    step(
      `Remove each of those roles from the principal; for a conditional binding pass its condition instead of None (breaks: the pod's calls that need the role, in every cluster of the project's pool)`,
      ['gcloud', 'projects', 'remove-iam-policy-binding', projectOf(w), '--member', principal, '--role', '<role>', '--condition', 'None'],
    ),
    ...boundAccountSteps(identity, w),
  ];
}

/** The identity's containment steps; none when it is unknown. */
export function identitySteps(identity: IdentityReport | undefined, w: Workload): NextStep[] {
  if (identity?.status !== 'found') return [];
  if (identity.source === 'gke_pod_create') return gkeIdentitySteps(identity, w);
  return identity.serviceAccountEmail === undefined ? [] : keySteps(identity.serviceAccountEmail, w);
}
