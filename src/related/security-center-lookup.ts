/**
 * The cloud FindingLookup: `@google-cloud/security-center` v2 ListFindings under the finding's
 * source and location, filtered by its name (checked, then quoted by the query builder), turned
 * back into the NotificationMessage SCC would have sent: `{finding, resource}` in proto3 JSON.
 * Needs `securitycenter.findings.list` (roles/securitycenter.findingsViewer).
 */
import type * as SecurityCenterModule from '@google-cloud/security-center';
import type * as protobuf from 'protobufjs';
import { clientOptions } from '../google/clients';
import { status, upstreamError } from '../google/grpc-status';
import { protoObjectToJson } from '../google/proto-json';
import { startDeadline, withDeadline } from '../lib/deadline';
import { quote } from '../query/builder';
import { type FindingLookup, type FindingName, namesFinding } from './lookup';

type Client = InstanceType<typeof SecurityCenterModule.v2.SecurityCenterClient>;

/** How the lookup reaches SCC. */
export interface SecurityCenterLookupSettings {
  readonly project: string | undefined;
  /** `host:port` of a local, insecure SCC API (tests), or undefined for the real service. */
  readonly emulatorHost: string | undefined;
  /** The most the lookup may take, retries included. */
  readonly timeoutMs: number;
}

/** `name="…"`: the v2 form, which the v2 API answers to for a finding named in either form. */
export const findingByNameFilter = (name: FindingName): string => `name=${quote(name.v2)}`;

let types: { readonly finding: protobuf.Type; readonly resource: protobuf.Type } | undefined;

/** The v2 Finding and result Resource types, from the client's own protos, loaded on first use. */
function messageTypes(): NonNullable<typeof types> {
  if (types !== undefined) return types;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when a finding is fetched */
  const { Root } = require('protobufjs') as typeof protobuf;
  const root = Root.fromJSON(require('@google-cloud/security-center/build/protos/protos.json') as protobuf.INamespace);
  /* eslint-enable @typescript-eslint/no-require-imports */
  types = {
    finding: root.lookupType('google.cloud.securitycenter.v2.Finding'),
    resource: root.lookupType('google.cloud.securitycenter.v2.ListFindingsResponse.ListFindingsResult.Resource'),
  };
  return types;
}

/** Fetches one finding from Security Command Center, with a client of its own that `close` ends. */
export class SecurityCenterFindingLookup implements FindingLookup {
  readonly name = 'security-center';
  private client: Client | undefined;

  constructor(private readonly settings: SecurityCenterLookupSettings) {}

  private clientFor(): Client {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the client costs ~0.4 s to load
    const { v2 } = require('@google-cloud/security-center') as typeof SecurityCenterModule;
    this.client ??= new v2.SecurityCenterClient(clientOptions(this.settings.project, this.settings.emulatorHost) as ConstructorParameters<typeof v2.SecurityCenterClient>[0]);
    return this.client;
  }

  async fetch(name: FindingName): Promise<unknown> {
    const request = { parent: `${name.scope}/sources/${name.source}/locations/${name.location}`, filter: findingByNameFilter(name), pageSize: 10 };
    const deadline = startDeadline(this.settings.timeoutMs);
    try {
      const options = { autoPaginate: false, timeout: this.settings.timeoutMs, retry: { totalTimeoutMillis: this.settings.timeoutMs } as never };
      const [results] = await withDeadline(this.clientFor().listFindings(request, options), deadline.signal);
      // The filter selects by name already; the check keeps a server's looser match from replaying another finding.
      const found = results.find((result) => namesFinding(result.finding?.name ?? undefined, name));
      if (found === undefined) return undefined;
      const { finding, resource } = messageTypes();
      return { finding: protoObjectToJson(finding, found.finding), resource: protoObjectToJson(resource, found.resource) };
    } catch (error) {
      throw upstreamError(error, {
        service: 'securitycenter',
        advice: { [status.PERMISSION_DENIED]: `PERMISSION_DENIED listing findings under ${request.parent}: grant securitycenter.findings.list (roles/securitycenter.findingsViewer) there` },
      });
    } finally {
      deadline.clear();
    }
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
}
