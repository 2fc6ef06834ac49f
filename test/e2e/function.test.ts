/**
 * End to end, with real parts: Functions Framework server ← CloudEvent → function → local
 * LoggingServiceV2 (real @google-cloud/logging client over gRPC) → Pub/Sub emulator topic → a test
 * subscription that receives the summary and its attributes.
 */
import * as grpc from '@grpc/grpc-js';
import { summarySchema } from '../../src/summary/schema';
import { expectedSections, loadSample, fixturesDir } from '../support/fixtures';
import { postBinary, postLegacy, postRawPush, postStructured, pushBody } from '../support/deliveries';
import { type FunctionStack, startFunctionStack } from '../support/function-stack';
import { type SecurityCenterServer, startSecurityCenterServer } from '../support/security-center-server';
import { join } from 'node:path';
import type { Inbox } from '../support/pubsub';

let stack: FunctionStack;
let securityCenter: SecurityCenterServer;
let fn: FunctionStack['fn'];
let logging: FunctionStack['logging'];
let output: FunctionStack['output'];
let rejected: FunctionStack['rejected'];

beforeAll(async () => {
  securityCenter = await startSecurityCenterServer(join(fixturesDir, 'related'));
  stack = await startFunctionStack('e2e', { SECURITY_CENTER_EMULATOR_HOST: `${securityCenter.host}:${securityCenter.port}`, DEADLINE: '5s' });
  ({ fn, logging, output, rejected } = stack);
});

afterAll(async () => {
  await stack?.stop();
  await securityCenter?.stop();
});

const findingNamed = (name: string) => (message: { json: () => any }) => message.json().finding?.name === name;
const withTriageId = (box: Inbox, triageId: string) => box.messages.filter((m) => m.attributes.triageId === triageId);

describe('the function, end to end', () => {
  it('binary-mode CloudEvent: publishes the summary with its attributes; sections read through the real client', async () => {
    const response = await postBinary(fn.url, pushBody(loadSample('gke-reverse-shell.json'), { messageId: 'm-binary' }));
    expect(response.status).toBe(204);
    const message = await output.waitForMatch((m) => m.json().notification.messageId === 'm-binary');
    const summary = summarySchema.parse(message.json());
    expect(message.attributes).toEqual({
      schemaVersion: '1',
      kind: 'triage',
      triageId: summary.triageId,
      findingName: summary.finding.name,
      priority: 'P1',
      category: 'Reverse Shell',
      family: 'reverse_shell',
      platform: 'gke',
      severity: 'CRITICAL',
      projectId: 'acme-payments-prod',
      status: 'complete',
      reanalysis: 'false',
    });
    expect(summary.notification.messageId).toBe('m-binary');
    for (const section of summary.logs) {
      // The follow-up sections: the fixture corpus has no pod spec and no traffic (test/identity/identity.e2e.test.ts has).
      if (section.name === 'identity_activity' || section.name === 'indicator_sweep') expect(['skipped', 'empty']).toContain(section.status);
      else expect([section.name, section.entries.map((e) => e.insertId).sort()]).toEqual([section.name, [...expectedSections['gke-reverse-shell.json']![section.name]!]]);
    }
    expect(logging.requests.some((r) => r.filter.includes('k8s_container') && r.resourceNames[0] === 'projects/acme-payments-prod')).toBe(true);
    expect(summary.relatedFindings).toMatchObject({ status: 'ok', source: 'security-center' });
    expect(summary.relatedFindings!.findings).toHaveLength(2);
    // The cluster's spec is read through the real Container client; no create entry names the KSA, so the identity stays unknown.
    expect(stack.workloadApi.requests).toContain('projects/acme-payments-prod/locations/europe-west1/clusters/payments-gke-1');
    expect(summary.identity?.status).toBe('unknown');
  });

  it.each([
    ['structured mode', postStructured],
    ['a raw Pub/Sub push body', postRawPush],
    ['a legacy background event', postLegacy],
  ])('%s arrives and is published', async (_name, post) => {
    const sample = loadSample('cloudrun-job-remote-command-exec.json');
    sample.finding.eventTime = `2025-03-08T02:00:41.${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}Z`;
    const response = await post(fn.url, pushBody(sample));
    expect(response.status).toBe(204);
    const message = await output.waitForMatch((m) => m.json().finding.eventTime === sample.finding.eventTime);
    expect(message.attributes).toMatchObject({ platform: 'cloud_run_job', family: 'remote_command_execution' });
    expect(message.json().workload.job).toBe('nightly-reconcile');
  });

  it('a duplicate delivery is not republished; reanalyze=true is, with the same triageId', async () => {
    const sample = loadSample('gke-malicious-python.json');
    expect((await postBinary(fn.url, pushBody(sample, { messageId: 'm-dup-1' }))).status).toBe(204);
    const first = await output.waitForMatch(findingNamed(sample.finding.name));
    expect((await postBinary(fn.url, pushBody(sample, { messageId: 'm-dup-2' }))).status).toBe(204);
    await output.quietFor(1_000);
    expect(withTriageId(output, first.attributes.triageId!)).toHaveLength(1);
    expect(fn.outcomes().find((o) => o.messageId === 'm-dup-2')).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('duplicate'), triageId: first.attributes.triageId });
    expect((await postBinary(fn.url, pushBody(sample, { attributes: { reanalyze: 'true' } }))).status).toBe(204);
    const again = await output.waitForMatch((m) => m.attributes.triageId === first.attributes.triageId && m.attributes.reanalysis === 'true');
    expect(again.json().notification.reanalysis).toBe(true);
    expect(withTriageId(output, first.attributes.triageId!)).toHaveLength(2);
  });

  it('concurrent duplicates publish once', async () => {
    const sample = loadSample('gke-remote-command-exec.json');
    const responses = await Promise.all([1, 2, 3].map(() => postBinary(fn.url, pushBody(sample))));
    expect(responses.map((r) => r.status)).toEqual([204, 204, 204]);
    const message = await output.waitForMatch(findingNamed(sample.finding.name));
    await output.quietFor(1_000);
    expect(withTriageId(output, message.attributes.triageId!)).toHaveLength(1);
  });

  it('an invalid delivery: 2xx, a structured line naming the problem, the payload on the rejected topic', async () => {
    const body = pushBody({ finding: { name: 'n', resourceName: 'r', state: 'ACTIVE', category: 'Reverse Shell', eventTime: 'yesterday' } }, { messageId: 'm-invalid' });
    const response = await postBinary(fn.url, body);
    expect(response.status).toBe(204);
    const message = await rejected.waitForMatch((m) => m.attributes.sourceMessageId === 'm-invalid');
    expect(message.attributes).toMatchObject({ kind: 'rejected', path: 'finding.eventTime', sourceMessageId: 'm-invalid' });
    expect(message.json()).toMatchObject({ kind: 'rejected', fields: [{ path: 'finding.eventTime' }], payload: { data: body.message.data } });
    const line = fn.outcomes().find((o) => o.messageId === 'm-invalid');
    expect(line).toMatchObject({ severity: 'WARNING', outcome: 'rejected', reason: expect.stringContaining('finding.eventTime: expected an RFC 3339 timestamp') });
  });

  it('an out-of-scope finding is skipped: acked, logged, nothing published', async () => {
    const sample = loadSample('out-of-scope-iam-anomalous-grant.json');
    const response = await postBinary(fn.url, pushBody(sample, { messageId: 'm-out' }));
    expect(response.status).toBe(204);
    expect(fn.outcomes().find((o) => o.messageId === 'm-out')).toMatchObject({ outcome: 'skipped', severity: 'INFO' });
    await output.quietFor(500);
    expect(output.messages.filter(findingNamed(sample.finding.name))).toEqual([]);
  });

  it('a log-query error never blocks publication: the section errors, the summary is partial', async () => {
    // The service account cannot read this project: every read of it is denied.
    for (let i = 0; i < 20; i++) logging.inject({ kind: 'error', code: grpc.status.PERMISSION_DENIED, details: 'denied' }, 'cloud_run_revision');
    const sample = loadSample('cloudrun-malicious-python.json');
    const response = await postBinary(fn.url, pushBody(sample));
    expect(response.status).toBe(204);
    const message = await output.waitForMatch(findingNamed(sample.finding.name));
    expect(message.attributes.status).toBe('partial');
    // The workload's sections err. The identity still comes from the Cloud Run Admin API stand-in,
    // since no deploy entry could be read. The follow-up sections read on what budget the instance
    // has left after the tests before (none, in a full run): read, skipped or cut short, never blocking.
    const logs = message.json().logs as { name: string; status: string }[];
    expect(logs.slice(0, 2).map((s) => [s.name, s.status])).toEqual([
      ['run_logs', 'error'],
      ['run_audit', 'error'],
    ]);
    expect(logs.slice(2).map((s) => s.name)).toEqual(['identity_activity', 'indicator_sweep']);
    for (const section of logs.slice(2)) expect(['empty', 'skipped', 'truncated', 'error']).toContain(section.status);
    expect(message.json().identity).toMatchObject({ status: 'found', source: 'cloud_run_api', fromResource: 'projects/acme-billing-prod/locations/us-central1/services/invoice-api' });
    expect(message.json().logs[0].error).toContain('roles/logging.viewer');
    logging.clearFaults();
  });

  it('every delivery ended in exactly one structured outcome line', () => {
    const outcomes = fn.outcomes();
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    for (const line of outcomes) {
      expect(['published', 'skipped', 'rejected', 'failed']).toContain(line.outcome);
      expect(typeof line.message).toBe('string');
      expect(typeof line.durations.totalMs).toBe('number');
    }
  });
});
