/**
 * Next steps: what the playbook asks a responder to do, filled from the finding, by platform
 * (`next-steps-gke.ts`, `next-steps-cloud-run.ts`). Rendered, never run (see `step.ts`).
 */
import { type NextStep, type PlatformSteps, projectOf, step } from './step';
import { ipScope } from './ip-scope';
import type { SectionResult } from '../logs/executor';
import { contactsOf } from '../notification/contacts';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { virusTotalUrl } from './indicators';
import { gkeSteps } from './next-steps-gke';
import { cloudRunSteps } from './next-steps-cloud-run';
import { identitySteps } from './next-steps-identity';
import type { IdentityReport } from '../identity/schema';

/** Owners from `finding.contacts`. */
function contactSteps(finding: Finding): NextStep[] {
  const owners = contactsOf(finding).map(({ email, role }) => `${email} (${role})`);
  return [{ title: owners.length > 0 ? `Contact the owner: ${owners.slice(0, 5).join(', ')}` : 'Contact the workload owner (the finding names no contacts)' }];
}

/** The platform's own steps; every platform has its case, or this does not compile. */
function platformSteps(finding: Finding, w: Workload, sections: readonly SectionResult[]): PlatformSteps {
  switch (w.platform) {
    case 'gke':
      return gkeSteps(w, finding);
    case 'cloud_run_service':
    case 'cloud_run_job':
      return cloudRunSteps(w, sections);
    default: {
      const unreachable: never = w;
      return unreachable;
    }
  }
}

/** A deny-egress rule for a public destination (the reverse shell's), on the VPC the workload's egress goes through. */
function blockDestination(w: Workload, destination: string | undefined): NextStep[] {
  if (destination === undefined || ipScope(destination) !== 'public') return [];
  const cidr = destination.includes(':') ? `${destination}/128` : `${destination}/32`;
  // A firewall rule name is RFC 1035: no trailing dash, which an IPv6 address ending in `::` would leave.
  let rule = `scc-triage-deny-${destination.toLowerCase().replace(/[^0-9a-f]+/g, '-')}`.slice(0, 63);
  while (rule.endsWith('-')) rule = rule.slice(0, -1);
  return [
    step(`Block the destination ${destination}: a deny-egress firewall rule on the workload's VPC network (breaks: anything else that uses that address)`, [
      'gcloud',
      'compute',
      'firewall-rules',
      'create',
      rule,
      '--project',
      projectOf(w),
      '--network',
      '<network>',
      '--direction',
      'EGRESS',
      '--action',
      'DENY',
      '--rules',
      'all',
      '--destination-ranges',
      cidr,
      '--priority',
      '100',
    ]),
  ];
}

/** What the steps depend on besides the finding and the workload. */
export interface StepContext {
  readonly sections: readonly SectionResult[];
  readonly hashes: readonly string[];
  /** The reverse shell's destination, when there is one. */
  readonly destination?: string | undefined;
  /** A closed or muted finding gets no containment, and says so first. */
  readonly closure?: string | undefined;
  /** The workload's identity, when the follow-up stage found it. */
  readonly identity?: IdentityReport | undefined;
}

/** Every step for the finding: investigate, contain (unless it is closed or muted), look up, contact. */
export function nextStepsOf(finding: Finding, w: Workload, { sections, hashes, destination, closure, identity }: StepContext): NextStep[] {
  const platform = platformSteps(finding, w, sections);
  const lookups = hashes.slice(0, 5).map((hash) => ({ title: `Check ${hash.slice(0, 12)}… on VirusTotal: ${virusTotalUrl(hash)}` }));
  if (closure !== undefined) {
    const review = { title: `Review the closure: ${closure}. No containment is suggested for a closed or muted finding; reopen it if the review disagrees` };
    return [review, ...platform.investigate, ...lookups, ...contactSteps(finding)];
  }
  return [...platform.investigate, ...platform.contain, ...identitySteps(identity, w), ...blockDestination(w, destination), ...lookups, ...contactSteps(finding)];
}
