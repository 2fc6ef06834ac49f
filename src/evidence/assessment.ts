/**
 * The assessment: a priority P1–P4 and every reason for it. It adds context and never hides a
 * finding: admin activity is pointed out, not used to lower the priority.
 */
import { z } from 'zod';
import type { InScope } from '../notification/classify';
import type { Finding, Severity } from '../notification/schema';
import type { SectionReport } from '../logs/section-report';
import { type Judgement, changeVerdicts, sessionVerdict } from './change-rules';
import type { Highlight } from './highlight';
import type { NetworkReport } from './processes';
import type { Indicators } from './indicators';
import type { RelatedReport } from '../related/run';
import { type Priority, priorities } from './priorities';
import type { IdentityReport } from '../identity/schema';
import { isComputeDefaultAccount } from '../identity/identity';

export { priorities, type Priority } from './priorities';

/** The assessment block. */
export const assessmentSchema = z.object({
  priority: z.enum(priorities).describe("The triage's priority, P1 most urgent: the finding's severity, raised by what the evidence shows (never lowered by it)."),
  reasons: z.array(z.string()).min(1).describe('Every reason for the priority, most important first.'),
});

/** The assessment, as {@link assessmentSchema} describes it. */
export type Assessment = z.infer<typeof assessmentSchema>;

const severityPriority: Readonly<Record<Severity, Priority>> = { CRITICAL: 'P1', HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4', SEVERITY_UNSPECIFIED: 'P3' };

const raise = (priority: Priority): Priority => priorities[Math.max(0, priorities.indexOf(priority) - 1)]!;

/** Everything the assessment looks at. */
export interface AssessmentInput {
  readonly finding: Finding;
  readonly classification: InScope;
  readonly network: NetworkReport | undefined;
  readonly sections: readonly SectionReport[];
  readonly highlights: readonly Highlight[];
  readonly related?: RelatedReport | undefined;
  /** For a closure update (INACTIVE or muted): what changed, who and when. */
  readonly closure?: string | undefined;
  readonly judgement: Judgement;
  /** The indicators block; the command lines' reach for the metadata server is read from it. */
  readonly indicators?: Indicators | undefined;
  /** The workload's identity and what it did (the follow-up stage). */
  readonly identity?: IdentityReport | undefined;
}

/** One reason, the priority it asks for, and whether it stands first among the reasons. */
interface Outcome {
  readonly priority?: Priority;
  readonly reason: string;
  readonly top?: true;
}

type Rule = (input: AssessmentInput, priority: Priority) => Outcome | Outcome[] | undefined;

const destination: Rule = ({ network }, priority) => {
  if (network?.dstScope === undefined) return undefined;
  const where = `${network.dstIp}${network.dstPort === undefined ? '' : `:${network.dstPort}`}`;
  switch (network.dstScope) {
    case 'public':
      return { priority: 'P1', reason: `reverse-shell destination ${where} is a public address: a remote party may hold a shell` };
    case 'private':
      return { reason: `reverse-shell destination ${where} is private: an internal host, or a pivot inside the network` };
    case 'link-local':
      return { priority: raise(priority), reason: `reverse-shell destination ${where} is link-local (the metadata-server range)` };
    case 'loopback':
    case 'unspecified':
    case 'reserved':
    case 'invalid':
      return { reason: `reverse-shell destination ${where} is ${network.dstScope}: likely local tooling, still unexplained` };
    default: {
      const unreachable: never = network.dstScope;
      return unreachable;
    }
  }
};

/** Sessions and changes before detection (see `change-rules.ts`): each verdict a reason, a raise when it asks for one. */
const changes = (input: AssessmentInput, priority: Priority): Outcome[] => {
  const session = sessionVerdict(input.highlights, input.finding, input.judgement);
  const verdicts = [...(session === undefined ? [] : [session]), ...changeVerdicts(input.highlights, input.finding, input.judgement)];
  return verdicts.map((v) => ({ reason: v.reason, ...(v.raise ? { priority: raise(priority) } : {}), ...(v.top ? { top: true as const } : {}) }));
};

const relatedFindings: Rule = ({ related }, priority) => {
  if (related === undefined || related.findings.length === 0) return undefined;
  const serious = related.findings.filter((f) => f.severity === 'CRITICAL' || f.severity === 'HIGH');
  const categories = [...new Set(related.findings.map((f) => f.category))].slice(0, 5).join(', ');
  const reason = `${related.findings.length} other finding(s) on the same workload around detection: ${categories}`;
  return serious.length > 0 ? { priority: raise(priority), reason: `${reason}; ${serious.length} of them HIGH or CRITICAL` } : { reason };
};

const incomplete: Rule = ({ sections, related }) => {
  const unread: string[] = sections.filter((s) => s.status === 'error').map((s) => s.name);
  // The follow-up section says why it was not read in the identity block; it is no gap in the workload's own evidence.
  const skipped = sections.filter((s) => s.status === 'skipped' && s.name !== 'identity_activity' && s.name !== 'indicator_sweep').map((s) => s.name);
  if (related?.status === 'error') unread.push('related findings');
  const parts = [unread.length > 0 ? `${unread.join(', ')} could not be read` : '', skipped.length > 0 ? `${skipped.join(', ')} skipped` : ''].filter(Boolean);
  return parts.length === 0 ? undefined : { reason: `evidence incomplete: ${parts.join('; ')}; missing evidence is not evidence of absence` };
};

/** A request carrying an injection payload near detection: the likely way in, from outside. */
const initialAccess: Rule = ({ highlights }, priority) => {
  const nearest = highlights.filter((h) => h.kind === 'possible_initial_access').at(-1);
  if (nearest === undefined) return undefined;
  return {
    priority: raise(priority),
    reason: `${nearest.summary.replace(/^possible initial access: /, 'possible initial access ')} ${nearest.offset} from detection: the likely way in, from outside`,
  };
};

/** A command line that reaches the metadata server: how a workload's credentials are taken from a shell. */
const metadataAccess: Rule = ({ indicators, network }, priority) => {
  const named = [...(indicators?.ips ?? []).filter((i) => i.metadataServer).map((i) => i.ip), ...(indicators?.hosts ?? []).filter((h) => h.metadataServer).map((h) => h.host)];
  // The reverse-shell destination has its own rule.
  const fromCommands = named.filter((name) => name !== network?.dstIp);
  if (fromCommands.length === 0) return undefined;
  return {
    priority: raise(priority),
    reason: `the command line reaches the metadata server (${[...new Set(fromCommands)].join(', ')}): a credential-theft signal; treat the workload's service account as exposed`,
  };
};

/**
 * The workload's identity used from a public address. From the reverse-shell destination its token
 * is out: P1. From another public address, a Cloud Run service's own account is P1 too (its calls
 * come from Google's network); a GKE workload's identity or the Compute Engine default may be a
 * node's external address, Cloud NAT, or another workload sharing the identity: P2, said so.
 */
const foreignUse: Rule = ({ identity }) => {
  const callers = identity?.activity?.foreignCallers ?? [];
  const who = identity?.kubernetesServiceAccount === undefined ? (identity?.principal ?? '') : `(KSA ${identity.kubernetesServiceAccount})`;
  // A Cloud Run account named in the spec (deploy entry or Admin API), not the project-wide Compute Engine default.
  const dedicated = (identity?.source === 'cloud_run_deploy' || identity?.source === 'cloud_run_api') && !isComputeDefaultAccount(identity.serviceAccountEmail ?? '');
  return callers.slice(0, 3).map((caller) => {
    const made = `the workload's identity ${who} made ${caller.calls} call(s) from ${caller.ip}`;
    if (caller.isDestination) return { priority: 'P1' as const, reason: `${made}, the reverse-shell destination: its token is in the attacker's hands`, top: true as const };
    if (dedicated) return { priority: 'P1' as const, reason: `${made}, a public address: a Cloud Run service's own account calls from Google's network, so its token is used elsewhere` };
    return {
      priority: 'P2' as const,
      reason: `${made}, a public address: a stolen token, unless it is a node's external address, Cloud NAT, or another workload sharing the identity; check who owns it`,
    };
  });
};

const rules: readonly Rule[] = [destination, initialAccess, metadataAccess, foreignUse, changes, relatedFindings, incomplete];

/** Priority from severity, then each rule in turn; every step gives its reason. */
export function assess(input: AssessmentInput): Assessment {
  const { finding, classification } = input;
  // A closure is news about a finding already triaged, not a new threat: informational, and no rule raises it.
  if (classification.kind === 'update') {
    return {
      priority: 'P4',
      reasons: [
        `closure update: ${input.closure ?? classification.reason}; no log queries run, no priority raised (P4)`,
        `the finding was ${finding.severity}: ${classification.family.replace(/_/g, ' ')}; its first summary carries the triage`,
      ],
    };
  }
  let priority = severityPriority[finding.severity];
  const reasons = [`finding severity ${finding.severity}: ${classification.family.replace(/_/g, ' ')} (${priority})`];
  const top: string[] = [];
  for (const rule of rules) {
    const outcome = rule(input, priority);
    for (const { priority: asked, reason, top: first } of outcome === undefined ? [] : [outcome].flat()) {
      if (asked !== undefined && priorities.indexOf(asked) < priorities.indexOf(priority)) priority = asked;
      (first ? top : reasons).push(reason);
    }
  }
  return { priority, reasons: [reasons[0]!, ...top, ...reasons.slice(1)] };
}
