/**
 * Nothing is lost: with the emulator down, a delivery gets a 5xx (so Pub/Sub redelivers); once the
 * emulator is back, the redelivery is published. Also: the function on exported logs publishes
 * exactly what the CLI prints.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadSample, logsDir, samplesDir } from '../support/fixtures';
import { postBinary, pushBody } from '../support/deliveries';
import { type FunctionServer, startFunction } from '../support/functions-server';
import { type RunningEmulator, startEmulator } from '../support/pubsub-emulator';
import { emulatorClient, inbox } from '../support/pubsub';
import { type TcpProxy, startTcpProxy } from '../support/tcp-proxy';

describe('with the emulator stopped', () => {
  let emulator: RunningEmulator;
  let fn: FunctionServer;

  beforeAll(async () => {
    emulator = await startEmulator();
    fn = await startFunction({
      OUTPUT_TOPIC: 'projects/scc-triage-test/topics/redelivery-output',
      PUBSUB_EMULATOR_HOST: `${emulator.host}:${emulator.port}`,
      LOG_SOURCE: logsDir,
      PUBLISH_TIMEOUT: '2s',
    });
  });

  afterAll(async () => {
    await fn?.stop();
    await emulator?.stop();
  });

  it('answers 5xx, and the redelivery after a restart is published', async () => {
    const host = `${emulator.host}:${emulator.port}`;
    const body = pushBody(loadSample('gke-reverse-shell.json'), { messageId: 'm-redelivered' });
    await emulator.stop();
    const failed = await postBinary(fn.url, body);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(fn.outcomes().at(-1)).toMatchObject({ outcome: 'failed', severity: 'ERROR', messageId: 'm-redelivered' });

    emulator = await startEmulator(emulator.port);
    const client = emulatorClient(host);
    const box = await inbox(client, 'redelivery-output', 'redelivery-output-sub');
    try {
      // Pub/Sub redelivers with backoff until the delivery is acked; so does this loop, boundedly.
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 10 && statuses.at(-1) !== 204; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
        statuses.push((await postBinary(fn.url, body)).status);
      }
      expect(statuses.at(-1)).toBe(204);
      expect(statuses.every((status) => status === 204 || status >= 500)).toBe(true);
      const [message] = await box.waitFor(1, 15_000);
      expect(message!.json().notification.messageId).toBe('m-redelivered');
      expect(fn.outcomes().at(-1)).toMatchObject({ outcome: 'published', messageId: 'm-redelivered' });
      expect(await box.quietFor(500)).toEqual([]);
      expect(box.messages).toHaveLength(1);
    } finally {
      await box.close();
      await client.close();
    }
  });
});

describe('a publish that times out and lands late', () => {
  let proxy: TcpProxy;
  let fn: FunctionServer;

  beforeAll(async () => {
    proxy = await startTcpProxy(process.env.PUBSUB_EMULATOR_HOST!);
    fn = await startFunction({
      OUTPUT_TOPIC: 'projects/scc-triage-test/topics/late-output',
      PUBSUB_EMULATOR_HOST: proxy.host,
      LOG_SOURCE: logsDir,
      PUBLISH_TIMEOUT: '2s',
    });
  });

  afterAll(async () => {
    await fn?.stop();
    await proxy?.stop();
  });

  // Both orders: the late publish lands before the redelivery arrives, or while it waits.
  it.each([
    ['after it landed', 'm-late-landed', true],
    ['while it is under way', 'm-late-under-way', false],
  ])('is not published a second time by the redelivery it caused, %s', async (_, messageId, waitForLanding) => {
    const client = emulatorClient();
    const box = await inbox(client, 'late-output', `late-output-${messageId}`);
    try {
      const body = pushBody(loadSample('gke-reverse-shell.json'), { messageId, attributes: { reanalyze: 'true' } });
      proxy.hold();
      expect((await postBinary(fn.url, body)).status).toBeGreaterThanOrEqual(500);
      expect(fn.outcomes().at(-1)).toMatchObject({ outcome: 'failed', messageId });
      // The held publish now reaches the emulator: the summary is out, although its delivery failed.
      proxy.release();
      if (waitForLanding) await box.waitFor(1, 15_000);
      expect((await postBinary(fn.url, body)).status).toBe(204);
      const [message] = await box.waitFor(1, 15_000);
      expect(message!.json().notification.messageId).toBe(messageId);
      expect(fn.outcomes().at(-1)).toMatchObject({ outcome: 'published', messageId, publishedMessageId: message!.id });
      expect(await box.quietFor(1_000)).toEqual([]);
      expect(box.messages).toHaveLength(1);
    } finally {
      await box.close();
      await client.close();
    }
  });
});

describe('npm start on exported logs', () => {
  let fn: FunctionServer;
  const client = () => emulatorClient();

  beforeAll(async () => {
    fn = await startFunction({ OUTPUT_TOPIC: 'parity-output', GOOGLE_CLOUD_PROJECT: 'scc-triage-test', PUBSUB_EMULATOR_HOST: process.env.PUBSUB_EMULATOR_HOST!, LOG_SOURCE: logsDir });
  });
  afterAll(() => fn?.stop());

  it.each(['gke-reverse-shell.json', 'cloudrun-malicious-python.json', 'gke-reverse-shell-inactive.json'])('publishes what the CLI prints for %s', async (name) => {
    const pubsub = client();
    const box = await inbox(pubsub, 'parity-output', `parity-${name.replace(/\W/g, '-')}`);
    try {
      const response = await postBinary(fn.url, pushBody(loadSample(name)));
      expect(response.status).toBe(204);
      const [message] = await box.waitFor(1);
      const cli = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'scc-triage.js'), 'triage', join(samplesDir, name), '--logs', logsDir, '--format', 'json'], { encoding: 'utf8' });
      expect(cli.status).toBe(0);
      const strip = (summary: Record<string, any>) => ({ ...summary, triagedAt: undefined, notification: { ...summary.notification, messageId: undefined, publishTime: undefined } });
      expect(strip(message!.json())).toEqual(strip(JSON.parse(cli.stdout)));
    } finally {
      await box.close();
      await pubsub.close();
    }
  });
});
