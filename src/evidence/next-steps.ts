/**
 * Next steps: what the playbook asks a responder to do, filled from the finding, by platform
 * (`next-steps-gke.ts`, `next-steps-cloud-run.ts`). Rendered, never run (see `step.ts`).
 */
import type { NextStep } from './step';
import type { SectionResult } from '../logs/executor';
import type { Finding } from '../notification/schema';
import type { Workload } from '../notification/workload';
import { virusTotalUrl } from './indicators';
import { gkeSteps } from './next-steps-gke';
import { cloudRunSteps } from './next-steps-cloud-run';

/** Owners from `finding.contacts` (`{security: {contacts: [{email}]}}`). */
function contactSteps(finding: Finding): NextStep[] {
  const owners = Object.entries(finding.contacts ?? {}).flatMap(([role, value]) => {
    const contacts = (value as { contacts?: { email?: unknown }[] } | undefined)?.contacts ?? [];
    return contacts
      .map((c) => c.email)
      .filter((e): e is string => typeof e === 'string')
      .map((email) => `${email} (${role})`);
  });
  return [{ title: owners.length > 0 ? `Contact the owner: ${owners.slice(0, 5).join(', ')}` : 'Contact the workload owner (the finding names no contacts)' }];
}

/** The platform's own steps; every platform has its case, or this does not compile. */
function platformSteps(finding: Finding, w: Workload, sections: readonly SectionResult[]): NextStep[] {
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

/** Every step for the finding. */
export function nextStepsOf(finding: Finding, w: Workload, sections: readonly SectionResult[], hashes: readonly string[]): NextStep[] {
  const platform = platformSteps(finding, w, sections);
  const lookups = hashes.slice(0, 5).map((hash) => ({ title: `Check ${hash.slice(0, 12)}… on VirusTotal: ${virusTotalUrl(hash)}` }));
  return [...platform, ...lookups, ...contactSteps(finding)];
}
