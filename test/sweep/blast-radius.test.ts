import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blastRadiusOf } from '../../src/sweep/blast-radius';
import { fixturesDir, sampleWorkload } from '../support/fixtures';

const workload = sampleWorkload('gke-reverse-shell.json', 'gke');
const traffic = readFileSync(join(fixturesDir, 'identity', 'traffic.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('blastRadiusOf', () => {
  it('names the other workloads that talked to the address, the own pod last; a firewall or DNS entry counts for the pod its address belongs to', () => {
    const { peers } = blastRadiusOf(traffic, { ips: ['203.0.113.45'], hosts: ['c2.badcdn.example'] }, workload);
    expect(peers.map((p) => [p.kind, p.name, p.sources, p.events, p.first, p.last, p.self])).toEqual(
      [
        ['pod', 'ledger/ledger-worker-5f7c9d8b6-zx4kp', ['vpc_flows', 'firewall'], 2, '2025-03-04T14:30:02Z', '2025-03-04T14:31:00Z', false],
        ['pod', 'payments/checkout-api-6d8f9c7b5-q2w8x', ['vpc_flows', 'dns_queries'], 2, '2025-03-04T14:22:29Z', '2025-03-04T14:22:35Z', true],
        ['vm', 'batch-runner-1', ['vpc_flows'], 1, '2025-03-04T13:58:10Z', '2025-03-04T13:58:10Z', false],
      ].sort((a, b) => Number(a[6]) - Number(b[6]) || Number(b[3]) - Number(a[3])),
    );
  });

  it('matches an address however the entry spells it', () => {
    const flow = { logName: 'projects/p/logs/compute.googleapis.com%2Fvpc_flows', timestamp: '2025-03-04T14:30:00Z', jsonPayload: { connection: { src_ip: '10.0.0.9', dest_ip: '2001:DB8:0:0::1' } } };
    expect(blastRadiusOf([flow], { ips: ['2001:db8::1'], hosts: [] }, workload).peers.map((p) => [p.kind, p.name])).toEqual([['address', '10.0.0.9']]);
  });

  it('keeps who talked to the destination however many decoys talked to planted indicators, the own pod outside the cap', () => {
    const flow = (pod: string, ip: string, dest: string, at: string) => ({
      logName: 'projects/p/logs/compute.googleapis.com%2Fvpc_flows',
      timestamp: at,
      jsonPayload: { connection: { src_ip: ip, dest_ip: dest }, src_gke_details: { pod: { pod_name: pod, pod_namespace: pod === 'checkout-api-6d8f9c7b5-q2w8x' ? 'payments' : 'decoys' } } },
    });
    const decoys = Array.from({ length: 25 }, (_, i) => [1, 2, 3].map((n) => flow(`decoy-${i}`, `10.9.${i}.1`, '8.8.8.8', `2025-03-04T14:2${n}:00Z`))).flat();
    const radius = blastRadiusOf(
      [...decoys, flow('pivot', '10.1.1.1', '203.0.113.45', '2025-03-04T14:25:00Z'), flow('checkout-api-6d8f9c7b5-q2w8x', '10.44.2.17', '203.0.113.45', '2025-03-04T14:22:35Z')],
      { ips: ['203.0.113.45', '8.8.8.8'], hosts: [] },
      workload,
    );
    expect(radius.peers[0]!.name).toBe('decoys/pivot');
    expect(radius.peers.at(-1)).toMatchObject({ name: 'payments/checkout-api-6d8f9c7b5-q2w8x', self: true });
    expect(radius.peers).toHaveLength(21);
    expect(radius.omitted).toBe(6);
  });

  const podFlow = (pod: string, ip: string, at: string) => ({
    logName: 'projects/p/logs/compute.googleapis.com%2Fvpc_flows',
    timestamp: at,
    jsonPayload: { connection: { src_ip: ip, dest_ip: '203.0.113.45' }, src_gke_details: { pod: { pod_name: pod, pod_namespace: 'ledger' } } },
  });
  const firewall = (ip: string, at: string, vm?: string) => ({
    logName: 'projects/p/logs/compute.googleapis.com%2Ffirewall',
    timestamp: at,
    jsonPayload: { connection: { src_ip: ip, dest_ip: '203.0.113.45' }, ...(vm === undefined ? {} : { instance: { vm_name: vm } }) },
  });
  const dns = (ip: string, at: string, vmInstanceName?: string) => ({
    logName: 'projects/p/logs/dns.googleapis.com%2Fdns_queries',
    timestamp: at,
    jsonPayload: { queryName: 'c2.badcdn.example.', sourceIP: ip, ...(vmInstanceName === undefined ? {} : { vmInstanceName }) },
  });
  const names = (entries: readonly Record<string, unknown>[]) => blastRadiusOf(entries, { ips: ['203.0.113.45'], hosts: ['c2.badcdn.example'] }, workload).peers.map((p) => [p.kind, p.name, p.events]);

  it.each([
    [
      'within minutes of the flow, the pod that had the address',
      [podFlow('worker-a', '10.44.5.5', '2025-03-04T14:30:00Z'), firewall('10.44.5.5', '2025-03-04T14:33:00Z')],
      [['pod', 'ledger/worker-a', 2]],
    ],
    [
      'long after it, not that pod: pod IPs are reused',
      [podFlow('worker-a', '10.44.5.5', '2025-03-04T14:00:00Z'), firewall('10.44.5.5', '2025-03-04T14:30:00Z')],
      [
        ['pod', 'ledger/worker-a', 1],
        ['address', '10.44.5.5', 1],
      ],
    ],
    [
      'the nearest in time, when two pods had the address',
      [podFlow('worker-a', '10.44.5.5', '2025-03-04T14:20:00Z'), podFlow('worker-b', '10.44.5.5', '2025-03-04T14:29:00Z'), firewall('10.44.5.5', '2025-03-04T14:28:00Z')],
      [
        ['pod', 'ledger/worker-b', 2],
        ['pod', 'ledger/worker-a', 1],
      ],
    ],
    ["else the VM a firewall entry names (a pod's node)", [firewall('10.44.5.5', '2025-03-04T14:30:00Z', 'gke-node-1')], [['vm', 'gke-node-1', 1]]],
    ["else the VM a DNS entry names, without its project's prefix", [dns('10.44.5.6', '2025-03-04T14:30:00Z', '408150112233.gke-node-2')], [['vm', 'gke-node-2', 1]]],
  ])('a firewall or DNS entry counts for %s', (_case, entries, peers) => {
    expect(names(entries)).toEqual(peers);
  });

  it("counts a firewall entry of the finding's own address for its own pod when no flow names it (flow logs are sampled)", () => {
    const radius = blastRadiusOf([firewall('10.44.2.17', '2025-03-04T14:22:40Z', 'gke-node-1')], { ips: ['203.0.113.45'], hosts: [] }, workload, '10.44.2.17');
    expect(radius.peers.map((p) => [p.kind, p.name, p.self])).toEqual([['pod', 'payments/checkout-api-6d8f9c7b5-q2w8x', true]]);
  });

  it('is empty when nothing names an indicator', () => {
    expect(blastRadiusOf(traffic, { ips: ['192.0.2.1'], hosts: ['nothing.example'] }, workload)).toEqual({ peers: [], omitted: 0 });
  });
});
