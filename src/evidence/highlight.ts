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
  /** When it happened (RFC 3339). */
  at: z.string(),
  /** Relative to detection: `-17m19s`, `+4s`. */
  offset: z.string(),
  kind: z.enum(highlightKinds),
  summary: z.string(),
  principal: z.string().optional(),
  principalKind: z.enum(principalKinds).optional(),
  detail: z.string().optional(),
  /** An IAM change whose new policy lets anyone in: `allUsers`, `allAuthenticatedUsers`. */
  publicMembers: z.array(z.enum(['allUsers', 'allAuthenticatedUsers'])).optional(),
  /** The section whose entry showed it. */
  section: z.enum(sectionNames),
  insertId: z.string().optional(),
});

/** One highlight, as {@link highlightSchema} describes it. */
export type Highlight = Readonly<z.infer<typeof highlightSchema>>;
