/** Classification: what to do with a notification (kind), which playbook (family), where (platform). */
import { type Family, familyOf, runtimeDetectors } from './categories';
import { type Platform, parseResourceName } from './resource-name';
import type { Notification } from './schema';
import { clip } from '../lib/sanitize';

/** What scc-triage does with a notification. */
export const kinds = ['triage', 'update', 'skipped'] as const;
/** One of {@link kinds}. */
export type Kind = (typeof kinds)[number];

/** The classification of an in-scope notification. */
export interface InScope {
  readonly kind: 'triage' | 'update';
  readonly family: Family;
  readonly platform: Platform;
  /** Why it is an update (absent for triage). */
  readonly reason?: string;
}

/** The classification of an out-of-scope notification. */
export interface Skipped {
  readonly kind: 'skipped';
  readonly reason: string;
}

/** Either classification. */
export type Classification = InScope | Skipped;

/** Classifies a validated notification. The platform comes from `finding.resourceName` only. */
export function classify(notification: Notification): Classification {
  const { finding } = notification;
  const findingClass = finding.findingClass;
  if (findingClass !== undefined && findingClass !== 'THREAT' && findingClass !== 'FINDING_CLASS_UNSPECIFIED') {
    return skipped(`findingClass ${findingClass} is not THREAT`);
  }
  const detector = finding.parentDisplayName;
  if (detector !== undefined && !(runtimeDetectors as readonly string[]).includes(detector)) {
    return skipped(`source ${quoted(detector)} is not Container Threat Detection or Cloud Run Threat Detection`);
  }
  // A new detector of a runtime source still gets the generic playbook.
  const family = familyOf(finding.category) ?? (detector === undefined ? undefined : 'other_runtime_threat');
  if (family === undefined) {
    return skipped(`category ${quoted(finding.category)} is not a container runtime threat`);
  }
  const resource = parseResourceName(finding.resourceName);
  if (resource === undefined) {
    return skipped('resource is neither a GKE cluster nor a Cloud Run service or job');
  }
  const updateReason = updateReasonOf(notification);
  return updateReason === undefined ? { kind: 'triage', family, platform: resource.platform } : { kind: 'update', family, platform: resource.platform, reason: updateReason };
}

function updateReasonOf({ finding }: Notification): string | undefined {
  if (finding.state === 'INACTIVE') return 'state changed to INACTIVE';
  if (finding.mute === 'MUTED') return 'finding muted';
  if (finding.state === 'STATE_UNSPECIFIED') return 'state unspecified';
  return undefined;
}

/** A value from the finding, quoted and cut, so a reason stays one short line whatever the attacker wrote. */
const quoted = (value: string) => JSON.stringify(clip(value, 120));

function skipped(reason: string): Skipped {
  return { kind: 'skipped', reason };
}
