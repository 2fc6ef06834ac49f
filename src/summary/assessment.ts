/** A first assessment: priority and the reasons for it. It adds context; it never hides a finding. */
import type { InScope } from '../notification/classify';
import type { Finding, Severity } from '../notification/schema';
import type { SectionReport } from '../logs/executor';
import type { NetworkReport } from '../evidence/processes';

/** Priorities by finding severity. */
const severityPriority: Readonly<Record<Severity, 'P1' | 'P2' | 'P3' | 'P4'>> = {
  CRITICAL: 'P1',
  HIGH: 'P2',
  MEDIUM: 'P3',
  LOW: 'P4',
  SEVERITY_UNSPECIFIED: 'P3',
};

/** The assessment block. */
export interface Assessment {
  readonly priority: 'P1' | 'P2' | 'P3' | 'P4';
  readonly reasons: readonly string[];
}

/** Priority from severity, raised for a reverse shell to a public address; every reason stated. */
export function assess(finding: Finding, classification: InScope, network: NetworkReport | undefined, sections: readonly SectionReport[]): Assessment {
  let priority = severityPriority[finding.severity];
  const reasons = [`finding severity ${finding.severity} (${classification.family.replace(/_/g, ' ')})`];
  if (classification.kind === 'update') reasons.push(`update: ${classification.reason}; no log queries run`);
  if (network?.dstScope === 'public') {
    if (priority !== 'P1') priority = 'P1';
    reasons.push(`reverse-shell destination ${network.dstIp} is a public address`);
  } else if (network?.dstScope !== undefined) {
    reasons.push(`reverse-shell destination ${network.dstIp} is ${network.dstScope}`);
  }
  const unread = sections.filter((s) => s.status === 'error').map((s) => s.name);
  if (unread.length > 0) reasons.push(`evidence incomplete: ${unread.join(', ')} could not be read`);
  return { priority, reasons };
}
