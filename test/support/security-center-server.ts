/**
 * A local gRPC stand-in for the Security Command Center v2 API: `ListFindings` answered from a
 * folder of notifications, filtered the way SCC does for the filters scc-triage sends (related
 * findings by resource and time; one finding by name, in its v2 form). Faults can be queued, as
 * for the logging server.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { timestampNanos } from '../../src/lib/time';
import { loadProtoRoot, toProtoMessage } from './proto-message';

const root = join(__dirname, '..', '..', 'node_modules');

/** A ListFindings request as the server saw it. */
export interface SeenFindingsRequest {
  readonly parent: string;
  readonly filter: string;
  readonly pageSize: number;
}

/** A running stand-in. */
export interface SecurityCenterServer {
  readonly host: string;
  readonly port: number;
  readonly requests: SeenFindingsRequest[];
  failNext(code: grpc.status, details: string): void;
  stop(): Promise<void>;
}

const protos = loadProtoRoot('@google-cloud/security-center');
const findingType = protos.lookupType('google.cloud.securitycenter.v2.Finding');
const resourceType = protos.lookupType('google.cloud.securitycenter.v2.ListFindingsResponse.ListFindingsResult.Resource');

/** A finding name in its v2 form (`locations/global` when the name gives no location), as the v2 API matches `name`. */
const v2Name = (name: string) => name.replace(/^([^/]+\/[^/]+\/sources\/[^/]+)\/findings\//, '$1/locations/global/findings/');

const relatedFilter = /^resource_name="((?:[^"\\]|\\.)*)" AND event_time >= "([^"]+)" AND event_time <= "([^"]+)"$/;
const nameFilter = /^name="((?:[^"\\]|\\.)*)"$/;
const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

type Notification = { finding: Record<string, any>; resource?: Record<string, any> };

/** The notifications a filter selects under `parent`, or undefined for a filter the stand-in does not know. */
function select(notifications: readonly Notification[], parent: string, filter: string): Notification[] | undefined {
  const byName = nameFilter.exec(filter);
  if (byName !== null) {
    const name = unescape(byName[1]!);
    // Under the finding's own source and location, or under all sources (`-`) of that location.
    const own = name.slice(0, name.lastIndexOf('/findings/'));
    const underParent = parent === own || parent === own.replace(/\/sources\/[^/]+\//, '/sources/-/');
    return notifications.filter(({ finding }) => v2Name(finding.name) === name && underParent);
  }
  const match = relatedFilter.exec(filter);
  if (match === null) return undefined;
  const [, resourceName, start, end] = match;
  return notifications.filter(({ finding: f }) => {
    const t = timestampNanos(f.eventTime)!;
    return f.resourceName === unescape(resourceName!) && t >= timestampNanos(start!)! && t <= timestampNanos(end!)! && parent.startsWith(f.name.split('/sources/')[0]);
  });
}

/** Starts the stand-in on a free loopback port, serving the notifications under `folder`. */
export async function startSecurityCenterServer(folder: string): Promise<SecurityCenterServer> {
  // Bare notifications only (an envelope in the folder is passed over).
  const notifications = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Notification)
    .filter((notification) => notification.finding !== undefined);
  const definition = protoLoader.loadSync('google/cloud/securitycenter/v2/securitycenter_service.proto', {
    includeDirs: [join(root, '@google-cloud/security-center/build/protos'), join(root, 'google-gax/build/protos')],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const service = (grpc.loadPackageDefinition(definition) as any).google.cloud.securitycenter.v2.SecurityCenter.service as grpc.ServiceDefinition;
  const requests: SeenFindingsRequest[] = [];
  const faults: grpc.ServiceError[] = [];
  const server = new grpc.Server();
  server.addService(service, {
    listFindings: (call: grpc.ServerUnaryCall<SeenFindingsRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const { parent, filter, pageSize } = call.request;
      requests.push({ parent, filter, pageSize });
      const fault = faults.shift();
      if (fault !== undefined) return callback(fault, null);
      const selected = select(notifications, parent, filter);
      if (selected === undefined)
        return callback(Object.assign(new Error('unsupported filter'), { code: grpc.status.INVALID_ARGUMENT, details: `unsupported filter: ${filter}` }) as grpc.ServiceError, null);
      const listFindingsResults = selected.map(({ finding, resource }) => ({ finding: toProtoMessage(findingType, finding), resource: toProtoMessage(resourceType, resource ?? {}) }));
      callback(null, { listFindingsResults, nextPageToken: '', totalSize: selected.length });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    host: '127.0.0.1',
    port,
    requests,
    failNext: (code, details) => faults.push(Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() }) as grpc.ServiceError),
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
