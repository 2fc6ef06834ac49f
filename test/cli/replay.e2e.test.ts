/**
 * `scc-triage replay`: the notification goes back on the input topic, marked for reanalysis, from
 * a file or by its finding's name: fetched from Security Command Center (the real client against
 * the local SCC API) or from a folder of notifications. The real Pub/Sub emulator receives it.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { defaultConfig } from '../../src/config';
import { planTriage } from '../../src/engine';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { emulatorClient, inbox } from '../support/pubsub';
import { freePort } from '../support/pubsub-emulator';
import { loadSample, samplesDir } from '../support/fixtures';
import { type SecurityCenterServer, startSecurityCenterServer } from '../support/security-center-server';

function io(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const value: CliIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), readStdin: async () => '', isTty: false, stderrIsTty: false, env };
  return { value, out };
}

/** A JSON value as proto3 JSON writes it: fields at their default (false, empty) left out. */
const proto3 = (value: any): any =>
  Array.isArray(value)
    ? value.map(proto3)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === false || v === '' || (Array.isArray(v) && v.length === 0) ? [] : [[k, proto3(v)]])))
      : value;

const topicName = 'replay-input';
const topic = `projects/scc-triage-test/topics/${topicName}`;

describe('scc-triage replay', () => {
  it.each(['gke-reverse-shell.json', 'pubsub-envelope-gke-reverse-shell.json'])('publishes %s (bare or enveloped) with reanalyze=true', async (name) => {
    const client = emulatorClient();
    const box = await inbox(client, topicName, `replay-${name.replace(/\W/g, '-')}`);
    try {
      const cli = io();
      const code = await main(['replay', join(samplesDir, name), '--topic', topic, '--format', 'json'], cli.value);
      expect(cli.out.stderr).toBe('');
      expect(code).toBe(0);
      const { messageId } = JSON.parse(cli.out.stdout);
      const message = await box.waitForMatch((m) => m.id === messageId);
      expect(message.attributes.reanalyze).toBe('true');
      expect(message.json()).toEqual(loadSample('gke-reverse-shell.json'));
    } finally {
      await box.close();
      await client.close();
    }
  });

  it.each([
    [['replay', join(samplesDir, 'gke-reverse-shell.json')], 'replay needs --topic'],
    [['replay', join(samplesDir, 'gke-reverse-shell.json'), '--topic', 'just-a-topic'], 'replay needs --topic projects/P/topics/T'],
  ])('exits 2 on %j', async (args, message) => {
    const cli = io();
    expect(await main(args, cli.value)).toBe(2);
    expect(cli.out.stderr).toContain(message);
  });

  it('refuses to replay an invalid notification', async () => {
    const cli = io();
    expect(await main(['replay', join(samplesDir, '..', 'expected-sections.json'), '--topic', 'projects/p/topics/t'], cli.value)).toBe(2);
  });
});

describe('scc-triage replay by finding name', () => {
  const served = mkdtempSync(join(tmpdir(), 'scc-triage-scc-'));
  for (const name of ['gke-multi-process-remote-command-exec.json', 'cloudrun-malicious-python.json']) copyFileSync(join(samplesDir, name), join(served, name));
  let server: SecurityCenterServer;
  beforeAll(async () => {
    server = await startSecurityCenterServer(served);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(served, { recursive: true, force: true });
  });
  const scc = () => ({ SECURITY_CENTER_EMULATOR_HOST: `${server.host}:${server.port}` });

  /** Runs replay and returns what it printed, with the message that reached the topic when it exited 0. */
  async function replay(args: string[], env: Record<string, string>, subscription: string) {
    const client = emulatorClient();
    const box = await inbox(client, topicName, subscription);
    try {
      const cli = io(env);
      const code = await main(['replay', ...args, '--topic', topic, '--format', 'json'], cli.value);
      const message = code === 0 ? await box.waitForMatch((m) => m.id === JSON.parse(cli.out.stdout).messageId) : undefined;
      return { code, ...cli.out, message, later: code === 0 ? [] : await box.quietFor(500) };
    } finally {
      await box.close();
      await client.close();
    }
  }

  it.each([
    ['a v1 name, from SCC', 'gke-multi-process-remote-command-exec.json', (name: string) => name],
    ['a v2 name, from SCC', 'cloudrun-malicious-python.json', (name: string) => name],
    ['a v1 name given in its v2 form, from SCC', 'gke-multi-process-remote-command-exec.json', (name: string) => name.replace('/findings/', '/locations/global/findings/')],
  ])('%s: the finding as SCC holds it, published with reanalyze=true, planned as its notification is', async (_what, sample, form) => {
    const notification = loadSample(sample);
    const name = form(notification.finding.name);
    server.requests.length = 0;
    const run = await replay([name], scc(), `by-name-${sample.replace(/\W/g, '-')}-${name.length}`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ replayed: notification.finding.name, topic });
    const scope = name.split('/findings/')[0]!.replace(/\/locations\/global$/, '');
    expect(server.requests).toEqual([
      { parent: `${scope}/locations/global`, filter: `name="${notification.finding.name.replace(/\/sources\/(\d+)\/findings\//, '/sources/$1/locations/global/findings/')}"`, pageSize: 10 },
    ]);
    expect(run.message!.attributes.reanalyze).toBe('true');
    const published = run.message!.json();
    expect(published.finding).toMatchObject({ name: notification.finding.name, eventTime: notification.finding.eventTime, processes: proto3(notification.finding.processes) });
    const [replayed, original] = [planTriage(published, defaultConfig), planTriage(notification, defaultConfig)];
    expect(replayed.classification).toEqual(original.classification);
    expect(replayed.sections.map((s) => [s.name, s.status === 'planned' ? s.filter : s.reason])).toEqual(original.sections.map((s) => [s.name, s.status === 'planned' ? s.filter : s.reason]));
  });

  it('--findings DIR: the newest notification of the finding there, published as the file holds it', async () => {
    const name = loadSample('gke-reverse-shell.json').finding.name;
    const run = await replay([name, '--findings', samplesDir], {}, 'by-name-offline');
    expect(run.code).toBe(0);
    expect(run.message!.attributes.reanalyze).toBe('true');
    expect(run.message!.json()).toEqual(loadSample('gke-reverse-shell-inactive.json'));
  });

  it.each([
    ['SCC holds no such finding: exit 2', () => scc(), undefined, 2, /^scc-triage: no finding organizations\/123456789012\/sources\/1\/findings\/absent in Security Command Center\n$/],
    [
      'SCC refuses (PERMISSION_DENIED): exit 1 with the role to grant',
      () => scc(),
      grpc.status.PERMISSION_DENIED,
      1,
      /^scc-triage: securitycenter: PERMISSION_DENIED .*roles\/securitycenter\.findingsViewer/,
    ],
  ])('%s, one line, nothing published', async (_what, env, fault, code, message) => {
    if (fault !== undefined) server.failNext(fault, 'The caller does not have permission');
    const run = await replay(['organizations/123456789012/sources/1/findings/absent'], env(), `by-name-fail-${code}`);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.later).toEqual([]);
  });

  it('SCC unreachable: exit 1 (a retry can help) within the deadline, one line', async () => {
    const closed = await freePort();
    const started = Date.now();
    const run = await replay(['organizations/123456789012/sources/1/findings/absent'], { SECURITY_CENTER_EMULATOR_HOST: `127.0.0.1:${closed}`, DEADLINE: '2s' }, 'by-name-unreachable');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^scc-triage: securitycenter: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
