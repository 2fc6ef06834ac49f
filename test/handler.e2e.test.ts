/**
 * The ack-or-retry decision, on the real emulator: every delivery ends in exactly one outcome, and
 * nothing that could not be published is acked.
 */
import { parseConfig, parseFunctionConfig } from '../src/config';
import { DedupGuard } from '../src/delivery/dedup';
import { ConfigError } from '../src/errors';
import { DeliveryFailed, type HandlerDeps, handleDelivery } from '../src/handler';
import { ExportedLogSource } from '../src/logs/exported-logs';
import { PubSubPublisher } from '../src/publish/pubsub';
import { pushBody } from './support/deliveries';
import { loadSample, logsDir } from './support/fixtures';
import { type Inbox, emulatorClient, inbox } from './support/pubsub';

const client = emulatorClient();
const publisher = new PubSubPublisher({ project: 'scc-triage-test', timeoutMs: 5_000 });
let output: Inbox;
let rejected: Inbox;

beforeAll(async () => {
  output = await inbox(client, 'handler-output', 'handler-output-sub');
  rejected = await inbox(client, 'handler-rejected', 'handler-rejected-sub');
});
afterAll(async () => {
  await output.close();
  await rejected.close();
  await publisher.close();
  await client.close();
});

function deps(overrides: { env?: Record<string, string>; outputTopic?: string; dedupTtlMs?: number } = {}) {
  const lines: string[] = [];
  const config = parseConfig({ LOG_SOURCE: logsDir, ...overrides.env });
  const value: HandlerDeps = {
    config,
    outputTopic: overrides.outputTopic ?? 'handler-output',
    logs: new ExportedLogSource(logsDir),
    publisher,
    dedup: new DedupGuard(overrides.dedupTtlMs ?? 60_000),
    now: () => new Date(),
    log: (line) => lines.push(line),
  };
  return { deps: value, lines, outcomes: () => lines.map((line) => JSON.parse(line)) };
}

describe('handleDelivery', () => {
  it('publishes and acks (resolves), logging one line', async () => {
    const d = deps();
    const outcome = await handleDelivery(pushBody(loadSample('cloudrun-reverse-shell.json')), d.deps);
    expect(outcome).toMatchObject({ outcome: 'published', kind: 'triage', status: 'complete' });
    expect(d.outcomes()).toEqual([expect.objectContaining({ outcome: 'published', severity: 'INFO', component: 'scc-triage' })]);
    await output.waitForMatch((m) => m.attributes.triageId === outcome.triageId);
  });

  it('publishes updates too, as kind update', async () => {
    const outcome = await handleDelivery(pushBody(loadSample('gke-reverse-shell-inactive.json')), deps().deps);
    expect(outcome).toMatchObject({ outcome: 'published', kind: 'update' });
    const message = await output.waitForMatch((m) => m.attributes.triageId === outcome.triageId);
    expect(message.attributes.kind).toBe('update');
  });

  it('fails (throws, so Pub/Sub redelivers) when the summary cannot be published', async () => {
    const d = deps({ outputTopic: 'projects/scc-triage-test/topics/does-not-exist' });
    await expect(handleDelivery(pushBody(loadSample('gke-reverse-shell.json')), d.deps)).rejects.toBeInstanceOf(DeliveryFailed);
    expect(d.outcomes()).toEqual([expect.objectContaining({ outcome: 'failed', severity: 'ERROR', reason: expect.stringContaining('does-not-exist') })]);
  });

  it('a failed publish is not remembered: the redelivery publishes', async () => {
    const d = deps({ outputTopic: 'projects/scc-triage-test/topics/does-not-exist' });
    const body = pushBody(loadSample('gke-multi-process-remote-command-exec.json'));
    await expect(handleDelivery(body, d.deps)).rejects.toBeInstanceOf(DeliveryFailed);
    const retried = await handleDelivery(body, { ...d.deps, outputTopic: 'handler-output' });
    expect(retried.outcome).toBe('published');
  });

  it('rejects invalid input without a rejected topic: acked, logged, nothing published', async () => {
    const d = deps();
    const outcome = await handleDelivery({ message: { data: 'bm90IGpzb24=', messageId: 'm-1' } }, d.deps);
    expect(outcome).toMatchObject({ outcome: 'rejected', messageId: 'm-1', reason: expect.stringContaining('message.data: base64 data does not decode to JSON') });
    expect(outcome.publishedMessageId).toBeUndefined();
  });

  it('rejects to the rejected topic when configured, and fails if that publish fails', async () => {
    const ok = deps({ env: { REJECTED_TOPIC: 'handler-rejected' } });
    const outcome = await handleDelivery({ message: { data: '', messageId: 'm-2' } }, ok.deps);
    expect(outcome).toMatchObject({ outcome: 'rejected', publishedMessageId: expect.any(String) });
    await rejected.waitForMatch((m) => m.attributes.sourceMessageId === 'm-2');
    const broken = deps({ env: { REJECTED_TOPIC: 'no-such-rejected-topic' } });
    await expect(handleDelivery({ message: { data: '', messageId: 'm-3' } }, broken.deps)).rejects.toBeInstanceOf(DeliveryFailed);
  });

  // The emulator refuses a malformed topic name with INVALID_ARGUMENT, the code real Pub/Sub gives
  // a message it will never take (a reserved attribute key, a size limit): a permanent error.
  it('a summary Pub/Sub refuses for good is rejected with a copy on the rejected topic, acked', async () => {
    const d = deps({ env: { REJECTED_TOPIC: 'handler-rejected' }, outputTopic: 'x!' });
    const body = pushBody(loadSample('gke-remote-command-exec.json'), { messageId: 'refused-1' });
    const outcome = await handleDelivery(body, d.deps);
    expect(outcome).toMatchObject({
      outcome: 'rejected',
      findingName: expect.stringContaining('/findings/'),
      reason: expect.stringContaining('INVALID_ARGUMENT'),
      publishedMessageId: expect.any(String),
    });
    expect(d.outcomes()).toEqual([expect.objectContaining({ outcome: 'rejected', severity: 'WARNING' })]);
    const copy = await rejected.waitForMatch((m) => m.attributes.sourceMessageId === 'refused-1');
    expect(copy.json()).toMatchObject({ kind: 'rejected', payload: { data: body.message.data } });
  });

  it('without a rejected topic the same permanent error fails, so dead-lettering keeps the finding', async () => {
    const d = deps({ outputTopic: 'x!' });
    await expect(handleDelivery(pushBody(loadSample('gke-remote-command-exec.json')), d.deps)).rejects.toBeInstanceOf(DeliveryFailed);
    expect(d.outcomes()).toEqual([expect.objectContaining({ outcome: 'failed', findingName: expect.stringContaining('/findings/'), reason: expect.stringContaining('no REJECTED_TOPIC') })]);
  });

  it('skips out-of-scope findings and duplicates, with reasons', async () => {
    const d = deps();
    expect(await handleDelivery(pushBody(loadSample('out-of-scope-iam-anomalous-grant.json')), d.deps)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('Event Threat Detection'),
    });
    const body = pushBody(loadSample('gke-hostile-strings-malicious-python.json'));
    expect((await handleDelivery(body, d.deps)).outcome).toBe('published');
    expect(await handleDelivery(body, d.deps)).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^duplicate: triageId [0-9a-f]{32} already published at /) });
  });

  it('republishes after the dedup TTL', async () => {
    const d = deps({ dedupTtlMs: 50 });
    const body = pushBody(loadSample('cloudrun-job-remote-command-exec.json'));
    expect((await handleDelivery(body, d.deps)).outcome).toBe('published');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await handleDelivery(body, d.deps)).outcome).toBe('published');
  });
});

describe('parseFunctionConfig, which the function runs at start-up', () => {
  it.each([
    [{}, 'OUTPUT_TOPIC'],
    [{ OUTPUT_TOPIC: 'out', DEADLINE: 'soon' }, 'DEADLINE'],
    [{ OUTPUT_TOPIC: 'out', LOGGING_EMULATOR_HOST: 'no-port' }, 'LOGGING_EMULATOR_HOST'],
  ])('fails fast on %j, naming %s', (env, variable) => {
    expect(() => parseFunctionConfig(env)).toThrow(ConfigError);
    expect(() => parseFunctionConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});
