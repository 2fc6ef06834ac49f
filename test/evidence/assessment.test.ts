import { defaultConfig } from '../../src/config';
import { assess, type AssessmentInput } from '../../src/evidence/assessment';
import type { Highlight } from '../../src/evidence/highlight';
import { classify, type InScope } from '../../src/notification/classify';
import { decodeNotification } from '../../src/notification/decode';
import type { SectionReport } from '../../src/logs/section-report';
import { loadSample } from '../support/fixtures';

const { finding } = decodeNotification(loadSample('gke-reverse-shell.json')).notification;
const rce = decodeNotification(loadSample('cloudrun-job-remote-command-exec.json')).notification;
const classification = classify(decodeNotification(loadSample('gke-reverse-shell.json')).notification) as InScope;
const base: AssessmentInput = { finding, classification, network: undefined, sections: [], highlights: [], judgement: defaultConfig };
const window = { start: 's', end: 'e' };
const highlight = (kind: Highlight['kind'], offset: string, at: string, principal = 'alice@acme.example', principalKind: Highlight['principalKind'] = 'human'): Highlight => ({
  at,
  offset,
  kind,
  summary: kind,
  principal,
  principalKind,
  section: 'cluster_audit',
});

describe('assess', () => {
  it.each([
    ['severity alone', {}, 'P1', ['finding severity CRITICAL: reverse shell (P1)']],
    [
      'a public destination makes any reverse shell P1',
      { finding: { ...finding, severity: 'MEDIUM' as const }, network: { dstIp: '203.0.113.45', dstPort: 4444, dstScope: 'public' as const } },
      'P1',
      ['is a public address'],
    ],
    ['a private destination is said, not escalated', { finding: { ...finding, severity: 'MEDIUM' as const }, network: { dstIp: '10.0.0.5', dstScope: 'private' as const } }, 'P3', ['is private']],
    [
      'loopback is said, not escalated',
      { finding: { ...finding, severity: 'MEDIUM' as const }, network: { dstIp: '127.0.0.1', dstScope: 'loopback' as const } },
      'P3',
      ['is loopback: likely local tooling'],
    ],
    ['link-local raises one step', { finding: { ...finding, severity: 'MEDIUM' as const }, network: { dstIp: '169.254.169.254', dstScope: 'link-local' as const } }, 'P2', ['metadata-server range']],
    [
      'a human exec shortly before: possible admin activity, never lowered',
      { highlights: [highlight('kubectl_exec', '-17m19s', '2025-03-04T14:05:12.118Z')] },
      'P1',
      ['interactive session by alice@acme.example 17m19s before detection (within the 1h of SHORTLY_BEFORE_EXEC): possibly admin activity'],
    ],
    [
      'an exec by a service account is not called admin activity',
      { highlights: [highlight('kubectl_exec', '-17m19s', '2025-03-04T14:05:12.118Z', 'ci@p.iam.gserviceaccount.com', 'service_account')] },
      'P1',
      [],
    ],
    ['an exec two hours before is not "shortly before"', { highlights: [highlight('kubectl_exec', '-2h', '2025-03-04T12:22:31.418Z')] }, 'P1', []],
    [
      'a partial read is said',
      { sections: [{ name: 'node_logs', status: 'error' } as SectionReport, { name: 'pod_logs', status: 'skipped' } as SectionReport] },
      'P1',
      ['evidence incomplete: node_logs could not be read; pod_logs skipped'],
    ],
    [
      'related HIGH findings raise',
      {
        finding: rce.finding,
        related: { status: 'ok' as const, window, findings: [{ name: 'x', category: 'Execution: Netcat', severity: 'HIGH', state: 'ACTIVE', eventTime: 't', consoleUrl: 'u' }] },
      },
      'P2',
      ['1 other finding(s) on the same workload'],
    ],
  ])('%s', (_name, overrides, priority, reasons) => {
    const result = assess({ ...base, ...overrides } as AssessmentInput);
    expect(result.priority).toBe(priority);
    expect(result.reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(result.reasons.join('\n')).toContain(reason);
    if (reasons.length === 0) expect(result.reasons).toHaveLength(1);
  });

  it('an unusual deploy shortly before raises one step, a routine CI deploy does not', () => {
    const input = { ...base, finding: rce.finding };
    const human = assess({ ...input, highlights: [highlight('cloud_run_deploy', '-45m9s', '2025-03-08T01:15:32Z', 'eve@acme.example')] });
    expect(human.priority).toBe('P2');
    expect(human.reasons.join('\n')).toContain('deploy by eve@acme.example (human) 45m9s before detection (within the 2h of SHORTLY_BEFORE_DEPLOY)');
    const ci = (at: string) => highlight('cloud_run_deploy', '-1h', at, 'ci@acme.iam.gserviceaccount.com', 'service_account');
    const routine = assess({ ...input, highlights: [ci('2025-03-08T01:00:00Z'), ci('2025-03-07T23:00:00Z')] });
    expect(routine.priority).toBe('P3');
  });

  it('a closure update is P4 whatever the severity, says what changed, and no rule raises it', () => {
    const result = assess({
      ...base,
      network: { dstIp: '203.0.113.45', dstScope: 'public' },
      classification: { ...classification, kind: 'update', reason: 'finding muted' },
      closure: 'finding muted (Muted by alice@acme.example)',
    });
    expect(result.priority).toBe('P4');
    expect(result.reasons[0]).toBe('closure update: finding muted (Muted by alice@acme.example); no log queries run, no priority raised (P4)');
    expect(result.reasons.join(' ')).not.toMatch(/public address/);
  });
});

describe('changes before detection, judged against configured thresholds', () => {
  const input = { ...base, finding: rce.finding }; // detection 2025-03-08T02:00:41.118Z, MEDIUM (P3)
  const iam = (at: string, principal: string, extra: Partial<Highlight> = {}) => ({
    ...highlight('cloud_run_iam_change', '-', at, principal, principal.includes('gserviceaccount') ? 'service_account' : 'human'),
    ...extra,
  });
  const judged = (highlights: Highlight[], judgement = defaultConfig) => assess({ ...input, highlights, judgement });

  it.each([
    [
      'an IAM change 7h40m before is context, not a raise',
      [iam('2025-03-07T18:20:41Z', 'eve@acme.example')],
      'P3',
      'IAM change by eve@acme.example (human) 7h40m before detection (outside the 2h of SHORTLY_BEFORE_IAM): context, not a priority raise',
    ],
    [
      'an IAM change 20m before raises one step',
      [iam('2025-03-08T01:40:41Z', 'eve@acme.example')],
      'P2',
      'IAM change by eve@acme.example (human) 20m before detection (within the 2h of SHORTLY_BEFORE_IAM): an unusual change shortly before a runtime threat',
    ],
    [
      'a human from a consumer domain is a top reason, at any distance',
      [iam('2025-03-07T18:20:41Z', 'mallory@gmail.com')],
      'P2',
      'a human outside the organisation: gmail.com is a consumer mail domain',
    ],
    ['a grant to allUsers is a top reason', [iam('2025-03-08T01:50:41Z', 'ci@acme.iam.gserviceaccount.com', { publicMembers: ['allUsers'] })], 'P2', 'it lets allUsers in'],
  ])('%s', (_name, highlights, priority, reason) => {
    const result = judged(highlights);
    expect(result.priority).toBe(priority);
    expect(result.reasons.join('\n')).toContain(reason);
  });

  it('a top reason stands right after the severity', () => {
    const result = judged([
      highlight('cloud_run_deploy', '-', '2025-03-08T01:40:41Z', 'eve@acme.example'),
      iam('2025-03-08T01:50:41Z', 'mallory@gmail.com', { publicMembers: ['allUsers', 'allAuthenticatedUsers'] }),
    ]);
    expect(result.reasons[1]).toBe(
      'IAM change by mallory@gmail.com (human) 10m before detection (within the 2h of SHORTLY_BEFORE_IAM): a human outside the organisation: gmail.com is a consumer mail domain; it lets allUsers and allAuthenticatedUsers in',
    );
  });

  it("ORG_DOMAINS (else the contacts' domains) decides who is outside", () => {
    const partner = [iam('2025-03-07T18:20:41Z', 'contractor@partner.example')];
    expect(judged(partner).reasons.join('\n')).toContain('context, not a priority raise');
    const withOrg = judged(partner, { ...defaultConfig, orgDomains: ['acme.example'] });
    expect(withOrg.reasons[1]).toContain("partner.example is not one of the organisation's domains (acme.example)");
    const fromContacts = assess({ ...input, finding: { ...rce.finding, contacts: { security: { contacts: [{ email: 'sec@acme.example' }] } } }, highlights: partner });
    expect(fromContacts.reasons[1]).toContain("not one of the organisation's domains (acme.example)");
    expect(judged([iam('2025-03-07T18:20:41Z', 'eve@eu.acme.example')], { ...defaultConfig, orgDomains: ['acme.example'] }).reasons.join('\n')).not.toContain('outside the organisation');
  });

  it.each([
    ['SHORTLY_BEFORE_IAM', { iam: 9 * 3_600_000 }, 'P2'],
    ['SHORTLY_BEFORE_IAM', { iam: 60_000 }, 'P3'],
  ])('%s is configurable', (_name, thresholds, priority) => {
    const result = judged([iam('2025-03-07T18:20:41Z', 'eve@acme.example')], { ...defaultConfig, shortlyBeforeMs: { ...defaultConfig.shortlyBeforeMs, ...thresholds } });
    expect(result.priority).toBe(priority);
  });

  it('a session near a possible exploit request is not called admin activity', () => {
    const result = judged([
      { ...highlight('kubectl_exec', '-10m', '2025-03-08T01:50:41Z'), section: 'cluster_audit' },
      { ...highlight('possible_initial_access', '-1m', '2025-03-08T01:59:41Z'), section: 'run_logs' },
    ]);
    expect(result.reasons.join('\n')).toContain('with a possible exploit request near detection: do not read it as admin activity');
    expect(result.reasons.join('\n')).not.toContain('possibly admin activity');
  });

  it('a possible exploit request near detection raises a step and says where it came in', () => {
    const exploit = {
      ...highlight('possible_initial_access', '-14s', '2025-03-08T02:00:27Z'),
      summary: 'possible initial access: request GET /render?cmd=id (cmd parameter)',
      section: 'run_logs' as const,
    };
    const result = judged([exploit]);
    expect(result.priority).toBe('P2');
    expect(result.reasons).toContain('possible initial access request GET /render?cmd=id (cmd parameter) -14s from detection: the likely way in, from outside');
  });

  it('a command line that reaches the metadata server raises a step, as a credential-theft signal', () => {
    const indicators = {
      sha256: [],
      ips: [{ ip: '169.254.169.254', scope: 'link-local' as const, metadataServer: true as const }],
      hosts: [{ host: 'metadata.google.internal', metadataServer: true as const }],
      urls: [],
      attack: [],
      links: [],
    };
    const result = assess({ ...input, indicators });
    expect(result.priority).toBe('P2');
    expect(result.reasons).toContain(
      "the command line reaches the metadata server (169.254.169.254, metadata.google.internal): a credential-theft signal; treat the workload's service account as exposed",
    );
  });
});

describe('assess: the identity used from a public address that is not the destination', () => {
  const low = { ...base, finding: { ...finding, severity: 'LOW' as const } };
  const activity = { callsBefore: 0, callsAfter: 1, afterDetection: [], foreignCallers: [{ ip: '198.51.100.23', calls: 1, first: 'a', last: 'b', isDestination: false }] };
  const own = 'invoice-runtime@acme-billing-prod.iam.gserviceaccount.com';
  const computeDefault = '552233445566-compute@developer.gserviceaccount.com';
  it.each([
    ["a Cloud Run account from the deploy entry: its own account calls from Google's network", 'cloud_run_deploy', own, 'P1'],
    ['a Cloud Run account from the Admin API: the same', 'cloud_run_api', own, 'P1'],
    ['the Compute Engine default from the Admin API: shared, so hedged', 'cloud_run_api', computeDefault, 'P2'],
    ["a GKE node pool's account: nodes call from their external addresses, so hedged", 'gke_node_pool', 'gke-nodes@acme-payments-prod.iam.gserviceaccount.com', 'P2'],
  ] as const)('%s', (_case, source, email, priority) => {
    const identity = { status: 'found' as const, source, principal: email, serviceAccountEmail: email, activity };
    expect(assess({ ...low, identity }).priority).toBe(priority);
  });
});
