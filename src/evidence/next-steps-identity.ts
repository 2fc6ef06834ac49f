/**
 * Containment for the workload's identity, when the follow-up stage found it: what the principal
 * is granted and how to take it away, the binding that lets the pod act as a Google service
 * account, and that account's keys. Each step says what it breaks; nothing is run.
 */
import type { IdentityReport } from '../identity/schema';
import type { Workload } from '../notification/workload';
import { isValidName } from '../plan/names';
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

/**
 * Every member a grant can reach the pod through: the principal itself, the legacy
 * `serviceAccount:POOL[NS/KSA]` form, and the principal sets for its namespace and its cluster.
 */
export function grantMembersOf(identity: IdentityReport, w: Workload): string[] {
  const subject = identity.principalSubject;
  const pool =
    subject === undefined ? undefined : /^(principal:\/\/iam\.googleapis\.com\/projects\/[0-9]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/subject\/ns\/([^/]+)\/sa\/[^/]+$/.exec(subject);
  const set = pool === null || pool === undefined ? undefined : pool[1]!.replace(/^principal:/, 'principalSet:');
  // Only names that are valid reach the filter: a quote in one would change what gcloud lists.
  const clusterNamed = w.platform === 'gke' && isValidName('location', w.location) && isValidName('cluster', w.cluster) && isValidName('project', w.projectId);
  const sets =
    set === undefined || w.platform !== 'gke'
      ? []
      : [
          `${set}/namespace/${pool![2]}`,
          ...(clusterNamed ? [`${set}/kubernetes.cluster/https://container.googleapis.com/v1/projects/${w.projectId}/locations/${w.location}/clusters/${w.cluster}`] : []),
        ];
  return [...(subject === undefined ? [] : [subject]), ...(identity.delegationSubject === undefined ? [] : [identity.delegationSubject]), ...sets];
}

/** The listing of the roles granted to `members` on the project, with the member each is granted to. */
function listRoles(members: readonly string[], who: string, w: Workload): NextStep {
  const filter = members.length === 1 ? `bindings.members="${members[0]}"` : `bindings.members=(${members.map((m) => `"${m}"`).join(' ')})`;
  return step(`List the roles ${who} holds on the project, with the member each is granted to (read only)`, [
    'gcloud',
    'projects',
    'get-iam-policy',
    projectOf(w),
    '--flatten',
    'bindings[].members',
    '--filter',
    filter,
    '--format',
    'table(bindings.role,bindings.members,bindings.condition.title)',
  ]);
}

/** The roles granted to `members` on the project, listed (one listing per member when one would be too long to show), then each removed. */
function roleSteps(members: readonly string[], who: string, breaks: string, w: Workload): NextStep[] {
  if (members.length === 0) return [];
  const together = listRoles(members, who, w);
  const listings = together.command === undefined && members.length > 1 ? members.map((member) => listRoles([member], `${who} as ${member}`, w)) : [together];
  return [
    ...listings,
    step(`Remove each of those roles from its member; for a conditional binding pass its condition instead of None (breaks: ${breaks})`, [
      'gcloud',
      'projects',
      'remove-iam-policy-binding',
      projectOf(w),
      '--member',
      members.length === 1 ? members[0]! : '<member>',
      '--role',
      '<role>',
      '--condition',
      'None',
    ]),
  ];
}

/** Steps for a GKE workload's Workload Identity Federation principal and the Google service accounts bound to its KSA. */
function gkeIdentitySteps(identity: IdentityReport, w: Workload): NextStep[] {
  const breaks = "the pod's calls that need the role; a namespace set's grant serves every pod of the namespace, a cluster set's every pod of the cluster, in every cluster of the project's pool";
  return [...roleSteps(grantMembersOf(identity, w), "the pod's principal (directly, or through its namespace or cluster)", breaks, w), ...boundAccountSteps(identity, w)];
}

/** Steps for a service account the workload acts as directly: a GKE node pool's, or the Cloud Run runtime account. */
function serviceAccountSteps(identity: IdentityReport, email: string, w: Workload): NextStep[] {
  const breaks =
    identity.source === 'gke_node_pool'
      ? `every node of ${identity.nodePool ?? 'the pool'} and every pod on it (image pulls, logging and monitoring writes included); move the workload to a node pool with the GKE metadata server first`
      : 'every revision or execution that runs as the account';
  const valid = check('identity.serviceAccount', email, 'serviceAccountEmail', '<service-account>').problem === undefined;
  return [...(valid ? roleSteps([`serviceAccount:${email}`], email, breaks, w) : []), ...keySteps(email, w)];
}

/** The identity's containment steps; none when it is unknown. */
export function identitySteps(identity: IdentityReport | undefined, w: Workload): NextStep[] {
  if (identity?.status !== 'found') return [];
  if (identity.source === 'gke_pod_create') return gkeIdentitySteps(identity, w);
  return identity.serviceAccountEmail === undefined ? [] : serviceAccountSteps(identity, identity.serviceAccountEmail, w);
}
