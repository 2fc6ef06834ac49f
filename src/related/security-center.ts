/**
 * The cloud FindingSource: `@google-cloud/security-center` v2 ListFindings under the finding's
 * organization (or folder, or project), filtered by resource name and event time, then by pod.
 * Needs `securitycenter.findings.list` (roles/securitycenter.findingsViewer).
 */
import type * as SecurityCenterModule from '@google-cloud/security-center';
import { status, upstreamError } from '../google/grpc-status';
import { isRelated, toRelated } from './match';
import { quote } from '../query/builder';
import { sharedClient } from '../google/clients';
import { protoTimestampToIso, protoValueToJson } from '../google/proto-json';
import type { FindingSource, RelatedFinding, RelatedQuery } from './port';
import { remainingMs } from '../lib/deadline';

type Client = InstanceType<typeof SecurityCenterModule.v2.SecurityCenterClient>;

/** How the client is built. */
export interface SecurityCenterSettings {
  readonly project: string | undefined;
  /** `host:port` of a local, insecure SCC API (tests), or undefined for the real service. */
  readonly emulatorHost: string | undefined;
  /** The most findings read (one page). */
  readonly pageSize?: number;
}

/** The instance's Security Command Center client. */
function clientFor(settings: SecurityCenterSettings): Client {
  return sharedClient('securitycenter', settings.project, settings.emulatorHost, (options) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { v2 } = require('@google-cloud/security-center') as typeof SecurityCenterModule;
    return new v2.SecurityCenterClient(options as ConstructorParameters<typeof v2.SecurityCenterClient>[0]);
  });
}

/** `resource_name="…" AND event_time >= "…" AND event_time <= "…"`, values escaped. */
export function findingsFilter(query: RelatedQuery): string {
  return `resource_name=${quote(query.resourceName)} AND event_time >= ${quote(query.window.start)} AND event_time <= ${quote(query.window.end)}`;
}

type Json = Record<string, unknown>;

/** The v2 Finding proto object, in the notification's JSON shape (what `isRelated` reads). */
function toFindingJson(finding: Json) {
  const props = (finding.sourceProperties ?? {}) as Json;
  return {
    name: String(finding.name ?? ''),
    resourceName: String(finding.resourceName ?? ''),
    category: String(finding.category ?? ''),
    severity: String(finding.severity ?? 'SEVERITY_UNSPECIFIED') as never,
    state: String(finding.state ?? 'STATE_UNSPECIFIED') as never,
    eventTime: protoTimestampToIso(finding.eventTime) ?? '',
    sourceProperties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, protoValueToJson(v)])),
    kubernetes: finding.kubernetes as never,
  };
}

/** Lists related findings from Security Command Center. */
export class SecurityCenterFindingSource implements FindingSource {
  readonly name = 'security-center';

  constructor(private readonly settings: SecurityCenterSettings) {}

  async list(query: RelatedQuery, signal: AbortSignal): Promise<RelatedFinding[]> {
    const client = clientFor(this.settings);
    const request = { parent: `${query.scope}/sources/-/locations/global`, filter: findingsFilter(query), pageSize: this.settings.pageSize ?? 200 };
    try {
      signal.throwIfAborted();
      // Bounded by what is left of the deadline, with no retries of the client's own, so no call outlives the triage
      // (this client's google-gax 5 takes no signal).
      const [results] = await client.listFindings(request, { autoPaginate: false, timeout: remainingMs(signal, 60_000), retry: null });
      return (results as Json[])
        .map((result) => toFindingJson((result.finding ?? {}) as Json))
        .filter((finding) => isRelated(finding, query))
        .map((finding) => toRelated(finding));
    } catch (error) {
      throw upstreamError(error, {
        service: 'securitycenter',
        advice: { [status.PERMISSION_DENIED]: `PERMISSION_DENIED listing findings under ${query.scope}: grant securitycenter.findings.list (roles/securitycenter.findingsViewer) there` },
      });
    }
  }
}
