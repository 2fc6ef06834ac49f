/** The highlight: one piece of evidence worth a responder's look. */
import type { SectionName } from '../plan/section';
import type { PrincipalKind } from './principals';

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
] as const;
/** One of {@link highlightKinds}. */
export type HighlightKind = (typeof highlightKinds)[number];

/** A highlight as the summary reports it. */
export interface Highlight {
  /** When it happened (RFC 3339). */
  readonly at: string;
  /** Relative to detection: `-17m19s`, `+4s`. */
  readonly offset: string;
  readonly kind: HighlightKind;
  readonly summary: string;
  readonly principal?: string;
  readonly principalKind?: PrincipalKind;
  readonly detail?: string;
  /** The section whose entry showed it. */
  readonly section: SectionName;
  readonly insertId?: string;
}
