/**
 * A local gRPC stand-in for the two read APIs the identity stage asks: Container v1 `GetCluster`
 * and Cloud Run Admin v2 `GetService`, `GetRevision`, `GetJob`, `GetExecution`. It answers from a
 * map of full resource names to the APIs' REST JSON (the form `--format=json` prints and the
 * local adapter reads), NOT_FOUND for any other name. Faults can be queued, as for the other servers.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { loadProtoRoot, toProtoMessage } from './proto-message';

const root = join(__dirname, '..', '..', 'node_modules');

/** A running stand-in. */
export interface WorkloadApiServer {
  readonly host: string;
  readonly port: number;
  /** The resource names asked for, in order. */
  readonly requests: string[];
  failNext(code: grpc.status, details: string): void;
  stop(): Promise<void>;
}

const containerTypes = loadProtoRoot('@google-cloud/container');
const runTypes = loadProtoRoot('@google-cloud/run');

/** Each served method: its package, proto file, service, and the message type it answers with. */
const methods = [
  {
    pkg: '@google-cloud/container',
    file: 'google/container/v1/cluster_service.proto',
    service: 'google.container.v1.ClusterManager',
    rpc: 'getCluster',
    type: containerTypes.lookupType('google.container.v1.Cluster'),
  },
  { pkg: '@google-cloud/run', file: 'google/cloud/run/v2/service.proto', service: 'google.cloud.run.v2.Services', rpc: 'getService', type: runTypes.lookupType('google.cloud.run.v2.Service') },
  { pkg: '@google-cloud/run', file: 'google/cloud/run/v2/revision.proto', service: 'google.cloud.run.v2.Revisions', rpc: 'getRevision', type: runTypes.lookupType('google.cloud.run.v2.Revision') },
  { pkg: '@google-cloud/run', file: 'google/cloud/run/v2/job.proto', service: 'google.cloud.run.v2.Jobs', rpc: 'getJob', type: runTypes.lookupType('google.cloud.run.v2.Job') },
  { pkg: '@google-cloud/run', file: 'google/cloud/run/v2/execution.proto', service: 'google.cloud.run.v2.Executions', rpc: 'getExecution', type: runTypes.lookupType('google.cloud.run.v2.Execution') },
] as const;

function serviceDefinition(pkg: string, file: string, service: string): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync(file, {
    includeDirs: [join(root, pkg, 'build/protos'), join(root, 'google-gax/build/protos')],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return service.split('.').reduce<any>((node, key) => node[key], grpc.loadPackageDefinition(definition)).service as grpc.ServiceDefinition;
}

const serviceError = (code: grpc.status, details: string) => Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() }) as grpc.ServiceError;

/** Starts the stand-in on a free loopback port, serving `resources` (full resource name → REST JSON), each answer `latencyMs` late (a network's round trip, for the bench). */
export async function startWorkloadApiServer(resources: Readonly<Record<string, Record<string, unknown>>>, latencyMs = 0): Promise<WorkloadApiServer> {
  const requests: string[] = [];
  const faults: grpc.ServiceError[] = [];
  const server = new grpc.Server();
  for (const method of methods) {
    server.addService(serviceDefinition(method.pkg, method.file, method.service), {
      [method.rpc]: (call: grpc.ServerUnaryCall<{ name: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const { name } = call.request;
        requests.push(name);
        const fault = faults.shift();
        if (fault !== undefined) return callback(fault, null);
        const found = Object.hasOwn(resources, name) ? resources[name] : undefined;
        const answer = () => (found === undefined ? callback(serviceError(grpc.status.NOT_FOUND, `${name} not found`), null) : callback(null, toProtoMessage(method.type, found)));
        if (latencyMs > 0) setTimeout(answer, latencyMs);
        else answer();
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    host: '127.0.0.1',
    port,
    requests,
    failNext: (code, details) => faults.push(serviceError(code, details)),
    stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}
