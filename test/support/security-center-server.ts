/**
 * A local gRPC stand-in for the Security Command Center v2 API: `ListFindings` answered from a
 * folder of notifications, filtered the way SCC does for the filters scc-triage sends. Faults can
 * be queued, as for the logging server.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { timestampNanos } from '../../src/lib/time';
import { jsonToProtoFields } from '../../src/google/proto-json';

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

function toTimestamp(text: string) {
  const nanos = timestampNanos(text) ?? 0n;
  return { seconds: String(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) };
}

/** A notification's finding as the v2 Finding message. */
function toProtoFinding(finding: Record<string, any>) {
  return {
    name: finding.name,
    resourceName: finding.resourceName,
    category: finding.category,
    state: finding.state,
    severity: finding.severity,
    findingClass: finding.findingClass ?? 'THREAT',
    eventTime: toTimestamp(finding.eventTime),
    createTime: toTimestamp(finding.createTime ?? finding.eventTime),
    sourceProperties: jsonToProtoFields(finding.sourceProperties ?? {}),
    kubernetes:
      finding.kubernetes === undefined
        ? null
        : {
            pods: (finding.kubernetes.pods ?? []).map((pod: Record<string, any>) => ({ ns: pod.ns, name: pod.name })),
            nodes: (finding.kubernetes.nodes ?? []).map((node: Record<string, any>) => ({ name: node.name })),
          },
    parentDisplayName: finding.parentDisplayName ?? '',
  };
}

const filterPattern = /^resource_name="((?:[^"\\]|\\.)*)" AND event_time >= "([^"]+)" AND event_time <= "([^"]+)"$/;

/** Starts the stand-in on a free loopback port, serving the notifications under `folder`. */
export async function startSecurityCenterServer(folder: string): Promise<SecurityCenterServer> {
  const findings = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')).finding as Record<string, any>);
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
      const match = filterPattern.exec(filter);
      if (match === null) return callback(Object.assign(new Error('unsupported filter'), { code: grpc.status.INVALID_ARGUMENT, details: `unsupported filter: ${filter}` }) as grpc.ServiceError, null);
      const [, resourceName, start, end] = match;
      const selected = findings.filter((f) => {
        const t = timestampNanos(f.eventTime)!;
        return f.resourceName === resourceName!.replace(/\\(.)/g, '$1') && t >= timestampNanos(start!)! && t <= timestampNanos(end!)! && parent.startsWith(f.name.split('/sources/')[0]);
      });
      callback(null, { listFindingsResults: selected.map((f) => ({ finding: toProtoFinding(f) })), nextPageToken: '', totalSize: selected.length });
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
