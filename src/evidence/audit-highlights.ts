/** Highlights from audit sections: sessions into the pod, pod lifecycle, Cloud Run deploys, IAM changes, job runs. */
import { auditOf } from '../logs/excerpt';
import { highlightDetailChars } from './log-highlights';
import type { LogEntry } from '../logs/port';
import { boundText, oneLine } from '../lib/sanitize';
import type { Workload } from '../notification/workload';
import { asRecord, defined } from '../lib/defined';
import type { Highlight, HighlightKind } from './highlight';
import { describePrincipal, principalKind } from './principals';
import { offsetFrom } from '../lib/time';
import { podAuditMethods } from '../plan/pod-audit';

/** The pod methods' highlight kinds, checked against the vocabulary here (the table lives with the filter that selects them). */
const gkeMethods: Readonly<Record<string, readonly [HighlightKind, string]>> = Object.fromEntries(
  Object.entries(podAuditMethods).map(([method, { kind, verb }]): [string, readonly [HighlightKind, string]] => [method, [kind, verb]]),
);

const runMethods: readonly { readonly pattern: RegExp; readonly kind: HighlightKind; readonly verb: string }[] = [
  { pattern: /\.(CreateService|ReplaceService|UpdateService)$/, kind: 'cloud_run_deploy', verb: 'deploy of' },
  { pattern: /\.(CreateJob|ReplaceJob|UpdateJob)$/, kind: 'cloud_run_deploy', verb: 'update of' },
  { pattern: /\.SetIamPolicy$/, kind: 'cloud_run_iam_change', verb: 'IAM policy change on' },
  { pattern: /\.(DeleteService|DeleteJob|DeleteRevision)$/, kind: 'cloud_run_deleted', verb: 'deletion of' },
  { pattern: /\.RunJob$/, kind: 'cloud_run_job_run', verb: 'run of' },
];

/** The highlight kind and verb of an audit method, by platform: GKE's pod methods, Cloud Run's by pattern. */
function kindOf(method: string, workload: Workload): readonly [HighlightKind, string] | undefined {
  switch (workload.platform) {
    case 'gke':
      return gkeMethods[method];
    case 'cloud_run_service':
    case 'cloud_run_job': {
      const rule = runMethods.find(({ pattern }) => pattern.test(method));
      return rule === undefined ? undefined : [rule.kind, rule.verb];
    }
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
}

/** What the highlight names: the pod, the job or the service. */
function targetOf(workload: Workload): string {
  switch (workload.platform) {
    case 'gke':
      return `${workload.namespace}/${workload.pod}`;
    case 'cloud_run_job':
      return `job ${workload.job}`;
    case 'cloud_run_service':
      return `service ${workload.service}`;
    default: {
      const unreachable: never = workload;
      return unreachable;
    }
  }
}

const publicPrincipals = ['allUsers', 'allAuthenticatedUsers'] as const;

/** The public members of an IAM change's new policy (the request's, or the response's when it has one). */
function publicMembersOf(entry: LogEntry): (typeof publicPrincipals)[number][] | undefined {
  const proto = asRecord(entry.protoPayload);
  const policies = [asRecord(asRecord(proto?.request)?.policy), asRecord(proto?.response)];
  const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const members = policies.flatMap((policy) => listOf(policy?.bindings)).flatMap((binding) => listOf(asRecord(binding)?.members));
  const found = publicPrincipals.filter((principal) => members.includes(principal));
  return found.length === 0 ? undefined : found;
}

/** One highlight per audit entry whose method a responder cares about. */
export function auditHighlights(entries: readonly LogEntry[], section: 'cluster_audit' | 'run_audit', workload: Workload, detection: string): Highlight[] {
  return entries.flatMap((entry) => {
    const audit = auditOf(entry);
    const known = audit?.method === undefined ? undefined : kindOf(audit.method, workload);
    if (audit === undefined || known === undefined) return [];
    const [kind, verb] = known;
    const at = String(entry.timestamp ?? '');
    const who = audit.principal === undefined ? 'an unknown principal' : describePrincipal(audit.principal);
    const failed = audit.statusCode !== undefined && audit.statusCode !== 0 ? ` (failed: code ${audit.statusCode})` : '';
    const detail = [audit.callerIp && `from ${audit.callerIp}`, audit.userAgent && `agent ${audit.userAgent}`, audit.method].filter(Boolean).join(' · ');
    return [
      defined({
        at,
        offset: offsetFrom(detection, at),
        kind,
        summary: oneLine(`${verb} ${targetOf(workload)} by ${who}${failed}`, 300),
        principal: audit.principal,
        principalKind: audit.principal === undefined ? undefined : principalKind(audit.principal),
        detail: boundText(detail, highlightDetailChars),
        publicMembers: kind === 'cloud_run_iam_change' ? publicMembersOf(entry) : undefined,
        section,
        insertId: typeof entry.insertId === 'string' ? entry.insertId : undefined,
      }),
    ];
  });
}
