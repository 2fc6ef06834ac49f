/** The highlight: one piece of evidence worth a responder's look. */
import { z } from 'zod';
import { sectionNames } from '../plan/section';
import { principalKinds } from './principals';

/** What a highlight is about. */
export const highlightKinds = [
  'kubectl_exec',
  'kubectl_attach',
  'kubectl_port_forward',
  'pod_created',
  'pod_deleted',
  'pod_patched',
  'container_restart',
  'container_exit',
  'oom_kill',
  'cloud_run_deploy',
  'cloud_run_iam_change',
  'cloud_run_deleted',
  'cloud_run_job_run',
  'indicator_in_logs',
  'error_burst',
  'error_at_detection',
  'possible_initial_access',
] as const;
/** One of {@link highlightKinds}. */
export type HighlightKind = (typeof highlightKinds)[number];

/** A highlight as the summary reports it: this stage's part of the output contract, its type derived from it. */
export const highlightSchema = z.object({
  at: z.string().describe('When it happened (RFC 3339).'),
  offset: z.string().describe('Relative to detection: -17m19s, +4s.'),
  kind: z.enum(highlightKinds).describe('What the highlight is about; new kinds may be added within schemaVersion 1.'),
  summary: z.string().describe('One line for a responder, bounded.'),
  principal: z.string().optional().describe('Who did it, when an audit entry says.'),
  principalKind: z.enum(principalKinds).optional().describe('What kind of principal: a person, a service account, a Kubernetes service account, a Google service agent, the system.'),
  detail: z.string().optional().describe('More context: the command, the exit code, the error line; bounded and masked.'),
  publicMembers: z
    .array(z.enum(['allUsers', 'allAuthenticatedUsers']))
    .optional()
    .describe('An IAM change whose new policy lets anyone in: allUsers, allAuthenticatedUsers.'),
  section: z.enum(sectionNames).describe('The log section whose entry showed it.'),
  insertId: z.string().optional().describe("The entry's insertId."),
});

/** One highlight, as {@link highlightSchema} describes it. */
export type Highlight = Readonly<z.infer<typeof highlightSchema>>;
