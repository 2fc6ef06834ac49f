/** The summary's `identity` block: this stage's part of the output contract, its types derived from it. */
import { z } from 'zod';
import { callClasses } from './activity';
import { identitySources } from './identity';

const callGroupSchema = z.object({
  service: z.string().describe('The API, such as secretmanager.googleapis.com.'),
  method: z.string().describe('The audit methodName.'),
  class: z.enum(callClasses).describe('How sensitive: token_minting, key_creation, secret_access, iam_policy_change, storage, compute_admin, container_admin, other (most sensitive first).'),
  calls: z.number().int().positive().describe('Calls of this method after detection.'),
  first: z.string().describe('The first call after detection (RFC 3339).'),
  last: z.string().describe('The last call read (RFC 3339).'),
  callerIps: z.array(z.string()).describe('Distinct caller addresses, at most five.'),
});

const foreignCallerSchema = z.object({
  ip: z.string().describe('A caller address that is neither the workload’s network nor Google’s (a public address outside OWN_CALLER_RANGES), or the reverse-shell destination wherever it is.'),
  calls: z.number().int().positive().describe('Calls made from it, before and after detection.'),
  first: z.string().describe('The first call from it (RFC 3339).'),
  last: z.string().describe('The last call from it (RFC 3339).'),
  isDestination: z.boolean().describe('True when it is the reverse-shell destination: the token is used by whoever holds the shell.'),
});

/** The identity block. */
export const identityReportSchema = z.object({
  status: z.enum(['found', 'unknown']).describe('found: the workload’s identity is known (see source). unknown: see reason; the identity_activity section is then skipped.'),
  principal: z.string().optional().describe('The Workload Identity Federation principal (GKE), else the service account it acts as (a GKE node pool’s, or the Cloud Run runtime account).'),
  source: z
    .enum(identitySources)
    .optional()
    .describe(
      'How it was found: gke_pod_create (the pod spec in its create entry), gke_node_pool (the cluster’s spec: a node pool without the GKE metadata server, or a host-network pod), cloud_run_deploy (the deploy entry), cloud_run_default (a deploy entry naming none: the Compute Engine default), cloud_run_api (the Cloud Run Admin API: the revision or execution that ran, else the service or job unchanged since detection).',
    ),
  fromInsertId: z.string().optional().describe('The audit entry it was read from.'),
  fromResource: z.string().optional().describe('cloud_run_api: the resource it was read from.'),
  kubernetesServiceAccount: z.string().optional().describe('GKE: NAMESPACE/KSA.'),
  principalSubject: z.string().optional().describe('GKE with Workload Identity Federation: the principal as its calls show in authenticationInfo.principalSubject.'),
  nodePool: z.string().optional().describe('gke_node_pool: the node pool whose service account the pod acts as ((every pool) when all share one).'),
  caveat: z.string().optional().describe('What the identity rests on that could not be checked, or what else shares it (a node’s service account).'),
  delegationSubject: z.string().optional().describe('GKE: how a Google service account bound to the KSA shows its calls (serviceAccountDelegationInfo[].principalSubject).'),
  serviceAccountEmail: z.string().optional().describe('The service account it acts as: the Cloud Run runtime account or the GKE node pool’s (absent for a Workload Identity Federation principal).'),
  boundServiceAccounts: z.array(z.string()).optional().describe('GKE: Google service accounts seen acting for the KSA by delegation in identity_activity, at most five.'),
  reason: z.string().optional().describe('Why the identity is unknown (status unknown).'),
  activity: z
    .object({
      partial: z.literal(true).optional().describe('Present when the section was only partly read (see its error): what was read is shown.'),
      callsBefore: z.number().int().nonnegative().describe('Calls read from a little before detection up to it.'),
      callsAfter: z.number().int().nonnegative().describe('Calls read after detection.'),
      afterDetection: z.array(callGroupSchema).describe('Calls after detection by service and method, most sensitive class first, then newest; at most 20.'),
      foreignCallers: z.array(foreignCallerSchema).describe('Caller addresses that are public, the reverse-shell destination first; at most 10.'),
    })
    .optional()
    .describe('What the identity did, from the identity_activity section; absent when that section was not read.'),
});

/** The identity block, as {@link identityReportSchema} describes it. */
export type IdentityReport = z.infer<typeof identityReportSchema>;
