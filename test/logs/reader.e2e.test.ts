/**
 * The reader through the real @google-cloud/logging client over gRPC, against the local
 * LoggingServiceV2: detection-centred paging on a chatty pod, coalesced reads split back exactly,
 * the read budget under an enforced quota, hostile indicators, and coverage in every status.
 */
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { type Config, defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { CloudLoggingSource } from '../../src/logs/cloud-logging';
import { LogReader } from '../../src/logs/reader';
import { ReadBudget } from '../../src/logs/read-budget';
import { parseQuery } from '../../src/query/parser';
import type { Summary } from '../../src/summary/schema';
import { expectedSections, fixturesDir, loadSample, logsDir } from '../support/fixtures';
import { type LoggingServer, startLoggingServer } from '../support/logging-server';

const now = () => new Date('2026-01-01T00:00:00Z');
const chattyDir = join(fixturesDir, 'chatty');
const sourceFor = (server: LoggingServer) => new CloudLoggingSource({ project: 'scc-triage-test', emulatorHost: `${server.host}:${server.port}`, backoffStartMs: 10 });
const readerFor = (server: LoggingServer, budget = new ReadBudget(60), batchWindowMs = 20) => new LogReader(sourceFor(server), { pageSize: 1000, batchWindowMs, budget, exhaustedBackoffMs: 50 });

async function summaryOf(sample: Record<string, unknown>, reader: LogReader, config: Config = defaultConfig): Promise<Summary> {
  const result = await triage(sample, { logs: reader.source, reader, now }, config);
  if (result.kind === 'skipped') throw new Error('unexpected skip');
  return result.summary;
}

/** The gke-reverse-shell sample moved to another pod (and detection time), so findings differ. */
function onPod(pod: string, eventTime = '2025-03-04T14:22:31.418Z') {
  const sample = loadSample('gke-reverse-shell.json');
  sample.finding.name = `${sample.finding.name}-${pod}`;
  sample.finding.eventTime = eventTime;
  sample.finding.sourceProperties.Pod_Name = pod;
  sample.finding.kubernetes.pods[0].name = pod;
  return sample;
}

describe('detection-centred paging on a chatty pod (3 lines/s, evidence at detection)', () => {
  let server: LoggingServer;
  beforeAll(async () => {
    server = await startLoggingServer(chattyDir);
  });
  afterAll(() => server.stop());

  it('the lines at detection reach the excerpts and the highlights; coverage says what was read', async () => {
    const summary = await summaryOf(loadSample('gke-reverse-shell.json'), readerFor(server));
    const pod = summary.logs.find((s) => s.name === 'pod_logs')!;
    expect(pod.entries.slice(0, 3).map((e) => [e.insertId, e.offset])).toEqual([
      ['evidence-curl', '-1s'],
      ['evidence-connect', '+2s'],
      ['evidence-trace', '+4s'],
    ]);
    expect(pod.entries.slice(0, 2).every((e) => e.indicator)).toBe(true);
    expect(summary.highlights.filter((h) => h.kind === 'indicator_in_logs').map((h) => h.insertId)).toEqual(expect.arrayContaining(['evidence-curl', 'evidence-connect']));
    expect(pod.status).toBe('truncated');
    expect(pod.coverage).toMatchObject({ complete: false, to: pod.window.end });
    expect(pod.coverage!.from! > pod.window.start).toBe(true);
    expect(pod.matched).toBeGreaterThan(1000);
    expect(pod.reason).toContain('SECTION_MAX_PAGES');
  });

  it('asks for the page before detection newest first and the page after it oldest first', async () => {
    server.requests.length = 0;
    await summaryOf(loadSample('gke-reverse-shell.json'), readerFor(server));
    const [desc, asc] = (['timestamp desc', 'timestamp asc'] as const).map((order) => server.requests.find((r) => r.orderBy === order)!);
    // The first calls: every section of the finding, each from detection outward.
    expect(desc!.filter).toContain('AND timestamp<="2025-03-04T14:22:31.418Z"');
    expect(asc!.filter).toContain('AND timestamp>="2025-03-04T14:22:31.418000001Z"');
    expect(asc!.filter).not.toContain('timestamp<="2025-03-04T14:22:31.418Z"');
  });

  it('the indicator query finds the evidence however chatty, even with one page per direction', async () => {
    const summary = await summaryOf(loadSample('gke-reverse-shell.json'), readerFor(server), { ...defaultConfig, sectionMaxEntries: 10, sectionMaxPages: 1 });
    const pod = summary.logs.find((s) => s.name === 'pod_logs')!;
    expect(
      pod.entries
        .filter((e) => e.indicator)
        .map((e) => e.insertId)
        .sort(),
    ).toEqual(['evidence-connect', 'evidence-curl']);
    expect(pod.coverage!.complete).toBe(false);
  });
});

describe('coalesced reads over the golden corpus', () => {
  let server: LoggingServer;
  beforeAll(async () => {
    server = await startLoggingServer(logsDir);
  });
  afterAll(() => server.stop());

  it('concurrent findings share calls, and each section still gets exactly its golden entries', async () => {
    const reader = readerFor(server);
    server.requests.length = 0;
    const names = ['gke-reverse-shell.json', 'gke-malicious-python.json', 'gke-remote-command-exec.json', 'gke-multi-process-remote-command-exec.json'];
    const summaries = await Promise.all(names.map((name) => summaryOf(loadSample(name), reader)));
    const sectionsRead = summaries.flatMap((s) => s.logs).filter((s) => s.status !== 'skipped').length;
    // Unshared, each section would make at least two calls (one per direction).
    expect(server.requests.length).toBeLessThan(sectionsRead);
    expect(server.requests.some((r) => r.filter.includes(' OR (') || r.filter.startsWith('('))).toBe(true);
    for (const [index, name] of names.entries()) {
      for (const section of summaries[index]!.logs) {
        const golden = expectedSections[name]?.[section.name];
        if (golden === undefined) continue;
        expect([name, section.name, section.entries.map((e) => e.insertId).sort()]).toEqual([name, section.name, [...golden]]);
        expect(section.coverage).toEqual({ from: section.window.start, to: section.window.end, complete: true });
      }
    }
  });

  it('coverage and matched in every status: ok, empty, error and skipped', async () => {
    const reader = readerFor(server);
    const ok = await summaryOf(loadSample('gke-reverse-shell.json'), reader);
    expect(ok.logs.map((s) => [s.name, s.status, s.matched > 0, s.coverage?.complete])).toEqual([
      ['pod_logs', 'ok', true, true],
      ['cluster_audit', 'ok', true, true],
      ['node_logs', 'ok', true, true],
      ['identity_activity', 'skipped', false, undefined],
      ['indicator_sweep', 'empty', false, true],
    ]);
    const quiet = await summaryOf(onPod('checkout-api-6d8f9c7b5-zzzzz'), reader);
    expect(quiet.logs.find((s) => s.name === 'pod_logs')).toMatchObject({ status: 'empty', matched: 0, coverage: { complete: true } });
    for (let i = 0; i < 20; i++) server.inject({ kind: 'error', code: grpc.status.PERMISSION_DENIED, details: 'denied' }, 'run.googleapis.com');
    const denied = await summaryOf(loadSample('cloudrun-malicious-python.json'), reader);
    server.clearFaults();
    expect(denied.logs.find((s) => s.name === 'run_audit')).toMatchObject({ status: 'error', retryable: false, matched: 0, coverage: { complete: false } });
    const hostile = await summaryOf(loadSample('gke-hostile-strings-malicious-python.json'), reader);
    const skipped = hostile.logs.filter((s) => s.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    for (const section of skipped) {
      expect(section).toMatchObject({ matched: 0 });
      expect(section.coverage).toBeUndefined();
    }
  });

  it('hostile indicator strings stay quoted data: every filter parses, selection stays golden', async () => {
    const sample = loadSample('gke-reverse-shell.json');
    const evil = '/tmp/x") OR resource.type:* OR ("\\';
    sample.finding.processes[0].binary.path = evil;
    sample.finding.processes[0].script = { path: '/tmp/\u001b[2J" OR "' };
    server.requests.length = 0;
    const summary = await summaryOf(sample, readerFor(server));
    for (const request of server.requests) expect(() => parseQuery(request.filter)).not.toThrow();
    const indicatorCalls = server.requests.filter((r) => r.filter.includes('x\\") OR resource.type:* OR (\\"\\\\'));
    expect(indicatorCalls.length).toBeGreaterThan(0);
    for (const section of summary.logs) {
      expect(section.entries.map((e) => e.insertId).sort()).toEqual([...(expectedSections['gke-reverse-shell.json']![section.name] ?? [])]);
    }
  });
});

describe('the read budget under an enforced quota', () => {
  const quota = { quotaPerWindow: 6, quotaWindowMs: 1_500 };
  const burst = (count: number) => Array.from({ length: count }, (_, i) => onPod(`checkout-api-6d8f9c7b5-b${String(i).padStart(4, '0')}`, `2025-03-04T14:22:${String(10 + i).padStart(2, '0')}.000Z`));

  it('a budget matching the quota is never refused: sections wait for tokens instead of failing', async () => {
    const server = await startLoggingServer(logsDir, quota);
    try {
      // A 20 % margin (300 ms here) covers the send-to-arrival skew of a loaded test machine.
      const reader = readerFor(server, new ReadBudget(quota.quotaPerWindow, quota.quotaWindowMs, undefined, 0.2), 5);
      const summaries = [];
      // Arrivals spread out, as Pub/Sub delivers a burst: each batch coalesces what is waiting.
      for (const sample of burst(12)) {
        summaries.push(summaryOf(sample, reader, { ...defaultConfig, deadlineMs: 20_000 }));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      const done = await Promise.all(summaries);
      expect(server.refused()).toBe(0);
      expect(done.flatMap((s) => s.logs).filter((s) => s.status === 'error')).toEqual([]);
      expect(reader.stats.calls).toBeGreaterThan(quota.quotaPerWindow);
    } finally {
      await server.stop();
    }
  });

  it('RESOURCE_EXHAUSTED (another caller spends the same quota) shrinks the budget; reads retry inside the deadline', async () => {
    const server = await startLoggingServer(logsDir, quota);
    try {
      // Records the limit right after each refusal: it grows back within a second, so read it then.
      const budget = new (class extends ReadBudget {
        readonly limitsAfterRefusal: number[] = [];
        override exhausted(): void {
          super.exhausted();
          this.limitsAfterRefusal.push(this.limit());
        }
      })(50, quota.quotaWindowMs);
      const reader = readerFor(server, budget, 5);
      const summaries = [];
      for (const sample of burst(10)) {
        summaries.push(summaryOf(sample, reader, { ...defaultConfig, deadlineMs: 20_000 }));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      const done = await Promise.all(summaries);
      expect(server.refused()).toBeGreaterThan(0);
      expect(reader.stats.exhausted).toBe(server.refused());
      expect(budget.limitsAfterRefusal.length).toBe(server.refused());
      expect(Math.min(...budget.limitsAfterRefusal)).toBeLessThanOrEqual(25);
      expect(done.flatMap((s) => s.logs).filter((s) => s.status === 'error')).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
