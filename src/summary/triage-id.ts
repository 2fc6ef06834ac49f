/** The deterministic triage id: the same finding state always gets the same id. */
import { createHash } from 'node:crypto';
import type { Finding } from '../notification/schema';

/** Hash of finding name, event time, state and mute: stable across redeliveries and reanalysis. */
export function triageIdOf(finding: Pick<Finding, 'name' | 'eventTime' | 'state' | 'mute'>): string {
  const key = [finding.name, finding.eventTime, finding.state, finding.mute].join('\n');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
