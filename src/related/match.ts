/** Which findings are related: same resource, same pod for GKE, inside the window, not the finding itself. */
import type { Finding } from '../notification/schema';
import { text } from '../notification/workload';
import { timestampNanos } from '../lib/time';
import { consoleUrlOf } from '../lib/console-url';
import type { RelatedFinding, RelatedQuery } from './port';

/** The pod and namespace a finding names. */
export function podOfFinding(finding: Pick<Finding, 'sourceProperties' | 'kubernetes'>): { namespace?: string; pod?: string } {
  const pod = text(finding.sourceProperties?.Pod_Name) ?? finding.kubernetes?.pods?.[0]?.name;
  const namespace = text(finding.sourceProperties?.Pod_Namespace) ?? finding.kubernetes?.pods?.[0]?.ns;
  return { ...(pod === undefined ? {} : { pod }), ...(namespace === undefined ? {} : { namespace }) };
}

/**
 * A finding name without its location: SCC's v2 API names a finding `…/sources/S/locations/L/findings/F`
 * where a v1 notification named it `…/sources/S/findings/F`, and both are the same finding.
 */
export function findingKey(name: string): string {
  return name.replace(/^((?:organizations|folders|projects)\/[^/]+\/sources\/[^/]+)\/locations\/[^/]+(\/findings\/[^/]+)$/, '$1$2');
}

/** True when `finding` is related to the query. */
export function isRelated(finding: Pick<Finding, 'name' | 'resourceName' | 'eventTime' | 'sourceProperties' | 'kubernetes'>, query: RelatedQuery): boolean {
  if (findingKey(finding.name) === findingKey(query.findingName) || finding.resourceName !== query.resourceName) return false;
  const time = timestampNanos(finding.eventTime);
  const start = timestampNanos(query.window.start);
  const end = timestampNanos(query.window.end);
  if (time === undefined || start === undefined || end === undefined || time < start || time > end) return false;
  if (query.pod === undefined) return true;
  const { pod, namespace } = podOfFinding(finding);
  return pod === query.pod && (namespace === undefined || query.namespace === undefined || namespace === query.namespace);
}

/** The report form of a related finding. */
export function toRelated(finding: Pick<Finding, 'name' | 'category' | 'severity' | 'state' | 'eventTime' | 'sourceProperties' | 'kubernetes'>): RelatedFinding {
  const { pod } = podOfFinding(finding);
  return {
    name: finding.name,
    category: finding.category.slice(0, 256),
    severity: finding.severity,
    state: finding.state,
    eventTime: finding.eventTime,
    ...(pod === undefined ? {} : { pod: pod.slice(0, 256) }),
    consoleUrl: consoleUrlOf(finding.name),
  };
}

/** The SCC scope (organization, folder or project) that a finding name sits under. */
export function scopeOf(findingName: string): string | undefined {
  return /^((?:organizations|folders|projects)\/[^/]+)\//.exec(findingName)?.[1];
}
