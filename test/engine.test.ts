import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config';
import { triage } from '../src/engine';
import { ExportedLogSource } from '../src/logs/exported-logs';
import { summarySchema } from '../src/summary/schema';
import { expectedSections, fixturesDir, loadSample, logsDir, sampleNames } from './support/fixtures';

const now = new Date('2026-01-01T00:00:00Z');
const run = (name: string, config = defaultConfig) => triage(loadSample(name), { logs: new ExportedLogSource(logsDir), now: () => now }, config);

describe('golden: every section selects exactly its entries from a corpus full of decoys', () => {
  it.each(Object.keys(expectedSections))('%s', async (name) => {
    const result = await run(name);
    if (result.kind === 'skipped') throw new Error('expected a summary');
    const expected = expectedSections[name]!;
    for (const section of result.summary.logs) {
      // The follow-up sections: the fixture logs hold no identity's spec and no traffic (test/identity, test/sweep cover them).
      if (section.name === 'identity_activity' || section.name === 'indicator_sweep') {
        expect(['skipped', 'empty']).toContain(section.status);
        continue;
      }
      const want = expected[section.name];
      if (want === undefined) {
        expect(section.status).toBe('skipped');
        continue;
      }
      expect({ name: section.name, ids: section.entries.map((e) => e.insertId).sort(), matched: section.matched }).toEqual({ name: section.name, ids: [...want], matched: want.length });
      expect(section.status).toBe(want.length === 0 ? 'empty' : 'ok');
    }
    expect(result.summary.logs.map((s) => s.name).sort()).toEqual(
      result.summary.classification.platform === 'gke'
        ? ['cluster_audit', 'identity_activity', 'indicator_sweep', 'node_logs', 'pod_logs']
        : ['identity_activity', 'indicator_sweep', 'run_audit', 'run_logs'],
    );
  });
});

describe('summaries', () => {
  it.each(sampleNames)('%s follows the output contract', async (name) => {
    const result = await run(name);
    if (result.kind === 'skipped') {
      expect(name).toBe('out-of-scope-iam-anomalous-grant.json');
      expect(result.reason).toMatch(/Event Threat Detection/);
      return;
    }
    expect(summarySchema.parse(result.summary)).toEqual(result.summary);
    expect(Buffer.byteLength(JSON.stringify(result.summary))).toBeLessThanOrEqual(defaultConfig.maxMessageBytes);
  });

  it('excerpts rank indicator lines first, then ERROR and above, then nearest detection, each with its offset', async () => {
    const result = await run('gke-reverse-shell.json');
    if (result.kind === 'skipped') throw new Error('unexpected');
    const detection = Date.parse(result.summary.finding.eventTime);
    for (const section of result.summary.logs) {
      const keys = section.entries.map((e) => [e.indicator ? 0 : 1, ['ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'].includes(e.severity) ? 0 : 1, Math.abs(Date.parse(e.timestamp) - detection)]);
      const sorted = [...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
      expect(keys).toEqual(sorted);
      for (const e of section.entries) expect(e.offset).toMatch(/^([+-]\d+[dhms](\d+[hms])?|±0s)$/);
    }
    expect(result.summary.logs[0]!.entries.some((e) => e.indicator)).toBe(true);
  });

  it('updates run no queries and say why', async () => {
    for (const name of ['gke-reverse-shell-mute-update.json', 'gke-reverse-shell-inactive.json']) {
      const result = await run(name);
      expect(result.kind).toBe('update');
      if (result.kind !== 'update') continue;
      expect(result.summary.logs).toEqual([]);
      expect(result.summary.classification.reason).toBeDefined();
      expect(result.summary.headline).toMatch(/^\[UPDATE: /);
    }
  });

  it('triageId is deterministic, shared by redeliveries and distinct per finding state', async () => {
    const [a, b, envelope, muted] = await Promise.all(
      ['gke-reverse-shell.json', 'gke-reverse-shell.json', 'pubsub-envelope-gke-reverse-shell.json', 'gke-reverse-shell-mute-update.json'].map((n) => run(n)),
    );
    const id = (r: Awaited<ReturnType<typeof run>> | undefined) => (r === undefined || r.kind === 'skipped' ? '' : r.summary.triageId);
    expect(id(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(a)).toBe(id(b));
    expect(id(a)).toBe(id(envelope));
    expect(id(a)).not.toBe(id(muted));
  });

  it('carries the delivery: message id, publish time, reanalysis', async () => {
    const sample = loadSample('pubsub-envelope-gke-reverse-shell.json');
    sample.message.attributes = { reanalyze: 'true' };
    const result = await triage(sample, { logs: new ExportedLogSource(logsDir), now: () => now }, defaultConfig);
    expect(result.kind !== 'skipped' && result.summary.notification).toEqual({
      configName: 'organizations/123456789012/notificationConfigs/scc-runtime-threats',
      messageId: sample.message.messageId,
      publishTime: sample.message.publishTime,
      reanalysis: true,
    });
  });

  it('reverse shell: network tuple, scope and VirusTotal links', async () => {
    const result = await run('gke-reverse-shell.json');
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(result.summary.network).toEqual({ dstIp: '203.0.113.45', dstPort: 4444, srcIp: '10.8.3.17', srcPort: 51862, dstScope: 'public' });
    expect(result.summary.indicators.links).toContainEqual({
      label: 'VirusTotal a1b2c3d4e5f6…',
      url: 'https://www.virustotal.com/gui/file/a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    });
    expect(result.summary.status).toBe('complete');
  });

  it('Cloud Run reverse shell: ports given as strings become numbers', async () => {
    const result = await run('cloudrun-reverse-shell.json');
    expect(result.kind !== 'skipped' && typeof result.summary.network?.dstPort).toBe('number');
  });

  it('a log source that fails makes the summary partial, never the finding fail', async () => {
    const result = await triage(loadSample('gke-reverse-shell.json'), { logs: new ExportedLogSource('/nonexistent/exports'), now: () => now }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('unexpected');
    expect(result.summary.status).toBe('partial');
    const [workload, identity] = [result.summary.logs.filter((s) => s.name !== 'identity_activity' && s.name !== 'indicator_sweep'), result.summary.logs.filter((s) => s.name === 'identity_activity')];
    expect(workload.every((s) => s.status === 'error' && s.error?.includes('cannot read'))).toBe(true);
    // With no audit entry read, the identity is unknown, and its section says so.
    expect(identity).toEqual([expect.objectContaining({ status: 'skipped' })]);
    expect(result.summary.assessment.reasons.join(' ')).toContain('evidence incomplete');
  });
});

describe('what the triage worked around is said, and only missing logs make it partial', () => {
  const exported = () => JSON.parse(readFileSync(join(fixturesDir, 'real-shapes', 'cloudrun-malicious-python-secops-export.json'), 'utf8'));

  it('an exporter-shaped finding is triaged, with its warnings, its contacts read, and complete', async () => {
    const result = await triage(exported(), { logs: new ExportedLogSource(logsDir), now: () => now }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('expected a summary');
    expect(result.summary.status).toBe('complete');
    expect(result.summary.warnings?.map((w) => w.source)).toEqual(['notification', 'notification', 'notification']);
    expect(result.summary.nextSteps.map((s) => s.title)).toContain('Contact the owner: secops@acme.example (security), oncall@acme.example (security), billing-team@acme.example (technical)');
    expect(summarySchema.parse(result.summary)).toEqual(result.summary);
  });

  it('a log file that could not be read is named, and the summary is partial', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scc-triage-engine-'));
    cpSync(logsDir, folder, { recursive: true });
    writeFileSync(join(folder, 'truncated-export.json'), '[{"insertId": ');
    const result = await triage(loadSample('gke-reverse-shell.json'), { logs: new ExportedLogSource(folder), now: () => now }, defaultConfig);
    if (result.kind === 'skipped') throw new Error('expected a summary');
    expect(result.summary.status).toBe('partial');
    expect(result.summary.warnings).toEqual([{ source: 'logs', message: expect.stringMatching(/truncated-export\.json: /) }]);
    expect(result.summary.logs.filter((s) => s.name !== 'identity_activity' && s.name !== 'indicator_sweep').every((s) => s.status === 'ok')).toBe(true);
  });
});

describe('closure updates', () => {
  it.each([
    ['gke-reverse-shell-mute-update.json', /^closure update: finding muted \(Muted by responder@acme\.example\) at 2025-03-04T15:02:10\.441Z/],
    ['gke-reverse-shell-inactive.json', /^closure update: state changed to INACTIVE/],
  ])('%s: no P1, no containment, says what changed, who and when', async (name, reason) => {
    const result = await run(name);
    if (result.kind !== 'update') throw new Error('expected an update');
    const { summary } = result;
    expect(summary.assessment.priority).toBe('P4');
    expect(summary.assessment.reasons[0]).toMatch(reason);
    expect(summary.nextSteps[0]!.title).toMatch(/^Review the closure: /);
    expect(summary.nextSteps.some((s) => (s.command ?? '').includes('delete pod'))).toBe(false);
    expect(summarySchema.parse(summary)).toEqual(summary);
  });

  it('a mute update names the triageId of the first summary of the same finding', async () => {
    const first = await run('gke-reverse-shell.json');
    const muted = await run('gke-reverse-shell-mute-update.json');
    if (first.kind !== 'triage' || muted.kind !== 'update') throw new Error('unexpected kinds');
    expect(muted.summary.update?.firstTriageIds).toContain(first.summary.triageId);
    expect(muted.summary.update?.change).toBe('finding muted (Muted by responder@acme.example) at 2025-03-04T15:02:10.441Z');
  });
});

describe('judgements on the bundled Cloud Run service logs', () => {
  it('the public grant by a consumer-domain account 9 minutes before detection is the top reason; the change 7h37m before is context', async () => {
    const result = await run('cloudrun-reverse-shell.json');
    if (result.kind !== 'triage') throw new Error('expected a triage');
    const { reasons } = result.summary.assessment;
    expect(reasons[1]).toMatch(
      /^IAM change by ops\.helper@gmail\.com \(human\) 9m10s before detection \(within the 2h of SHORTLY_BEFORE_IAM\): a human outside the organisation: gmail\.com is a consumer mail domain; it lets allUsers in$/,
    );
    expect(reasons).toContain('IAM change by contractor@partner.example (human) 7h37m before detection (outside the 2h of SHORTLY_BEFORE_IAM): context, not a priority raise');
    expect(result.summary.highlights.find((h) => h.insertId === 'cr-aud-iam-public')?.publicMembers).toEqual(['allUsers']);
  });
});
