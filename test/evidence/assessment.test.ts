import { assess, type AssessmentInput } from '../../src/evidence/assessment';
import type { Highlight } from '../../src/evidence/highlight';
import { classify, type InScope } from '../../src/notification/classify';
import { decodeNotification } from '../../src/notification/decode';
import type { SectionReport } from '../../src/logs/section-report';
import { loadSample } from '../support/fixtures';

const { finding } = decodeNotification(loadSample('gke-reverse-shell.json')).notification;
const rce = decodeNotification(loadSample('cloudrun-job-remote-command-exec.json')).notification;
const classification = classify(decodeNotification(loadSample('gke-reverse-shell.json')).notification) as InScope;
const base: AssessmentInput = { finding, classification, network: undefined, sections: [], highlights: [] };
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
      ['interactive session by alice@acme.example 17m19s before detection: possibly admin activity'],
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
    expect(human.reasons.join('\n')).toContain('deploy by eve@acme.example (human) 45m9s before detection');
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
