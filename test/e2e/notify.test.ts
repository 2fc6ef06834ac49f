/**
 * The chat subscriber end to end, with real parts: the Functions Framework server running
 * `postSummary` from `dist/` ← a real `messagePublished` CloudEvent (and, last, a real push from
 * the Pub/Sub emulator) → the local webhook server, which checks every body against the documented
 * Google Chat and Slack payloads and their limits. Summaries are the engine's, for the samples.
 */
import type { PubSub } from '@google-cloud/pubsub';
import { summaryAttributes } from '../../src/publish/attributes';
import type { Summary } from '../../src/summary/schema';
import { postBinary, postStructured, pushBody } from '../support/deliveries';
import { type FunctionServer, startFunction } from '../support/functions-server';
import { emulatorClient } from '../support/pubsub';
import { summaryOf } from '../support/summaries';
import { type WebhookServer, startWebhookServer } from '../support/webhook-server';

let server: WebhookServer;
let fn: FunctionServer;
let p1: Summary;
let p2: Summary;
let closure: Summary;
let other: Summary;

beforeAll(async () => {
  server = await startWebhookServer();
  const names = ['gke-reverse-shell.json', 'cloudrun-job-remote-command-exec.json', 'gke-reverse-shell-inactive.json', 'cloudrun-reverse-shell.json'];
  [p1, p2, closure, other] = (await Promise.all(names.map(summaryOf))) as [Summary, Summary, Summary, Summary];
  const env = { CHAT_WEBHOOK_URL: server.url('chat'), SLACK_WEBHOOK_URL: server.url('slack'), WEBHOOK_EMULATOR_HOST: server.host, MIN_PRIORITY: 'P1', WEBHOOK_TIMEOUT: '3s' };
  fn = await startFunction({ ...env, TRIAGE_LOG_PROJECT: 'scc-triage-test' }, 'postSummary');
});

afterAll(async () => {
  await fn?.stop();
  await server?.stop();
});

/** The subscriber's outcome lines, parsed. */
const outcomes = (): Record<string, any>[] =>
  fn
    .lines()
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((line) => line.component === 'scc-triage-notify');
const outcomeOf = (messageId: string) => outcomes().find((o) => o.messageId === messageId);
const since = (before: number) => server.received.slice(before);

describe('the chat subscriber under the Functions Framework', () => {
  it('a P1 summary in a binary-mode CloudEvent: 204, and a valid card and Block Kit message arrive', async () => {
    const before = server.received.length;
    const response = await postBinary(fn.url, pushBody(p1, { messageId: 'n-p1', attributes: summaryAttributes(p1) }));
    expect(response.status).toBe(204);
    const posts = since(before);
    expect(posts.map((p) => [p.target, p.status, p.problems]).sort()).toEqual([
      ['chat', 200, []],
      ['slack', 200, []],
    ]);
    const chat = posts.find((p) => p.target === 'chat')!;
    expect(chat.query.messageReplyOption).toBe('REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD');
    expect(chat.body.cardsV2[0].card.header.title).toBe('🔴 P1 · CRITICAL · reverse shell');
    expect(posts.find((p) => p.target === 'slack')!.body.blocks[0]).toMatchObject({ type: 'header', text: { text: '🔴 P1 · CRITICAL · reverse shell' } });
    expect(outcomeOf('n-p1')).toMatchObject({ severity: 'INFO', outcome: 'posted', triageId: p1.triageId, targets: { chat: { result: 'posted' }, slack: { result: 'posted' } } });
  });

  it('a 500 from a webhook: the framework answers 500 (Pub/Sub redelivers), and the redelivery posts', async () => {
    server.answerNext('chat', 500);
    const body = pushBody(closure, { messageId: 'n-retry' });
    const before = server.received.length;
    expect((await postBinary(fn.url, body)).status).toBe(500);
    expect(outcomeOf('n-retry')).toMatchObject({ severity: 'WARNING', outcome: 'failed', targets: { chat: { result: 'failed', status: 500 }, slack: { result: 'posted' } } });
    expect((await postBinary(fn.url, body)).status).toBe(204);
    expect(since(before).map((p) => `${p.target} ${p.status}`)).toEqual(expect.arrayContaining(['chat 500', 'slack 200', 'chat 200']));
    // Slack had it already: the redelivery did not post it twice.
    expect(since(before).filter((p) => p.target === 'slack')).toHaveLength(1);
    const threaded = since(before).filter((p) => p.target === 'chat' && p.status === 200);
    expect(threaded[0]!.query.threadKey).toBe(server.posted('chat').find((p) => p.body.cardsV2[0].card.header.title.includes('P1'))!.query.threadKey);
  });

  it('a bad summary is acked (2xx) with one logged reason, and nothing is posted', async () => {
    const before = server.received.length;
    const response = await postBinary(fn.url, pushBody({ ...p1, schemaVersion: 2 }, { messageId: 'n-bad' }));
    expect(response.status).toBe(204);
    expect(since(before)).toEqual([]);
    expect(outcomeOf('n-bad')).toMatchObject({ severity: 'ERROR', outcome: 'rejected', reason: expect.stringContaining('schemaVersion') });
  });

  it('below MIN_PRIORITY is skipped: acked, logged, nothing posted', async () => {
    const before = server.received.length;
    const response = await postStructured(fn.url, pushBody(p2, { messageId: 'n-p2' }));
    expect(response.status).toBe(204);
    expect(since(before)).toEqual([]);
    expect(outcomeOf('n-p2')).toMatchObject({ outcome: 'skipped', reason: 'priority P2 is below MIN_PRIORITY P1' });
  });

  it('no line the function wrote carries a webhook secret', () => {
    const text = fn.lines().join('\n');
    for (const secret of ['test-key-123456', 'test-token-abcdef', 'secretTokenXyz123456']) expect(text).not.toContain(secret);
  });
});

describe('through the Pub/Sub emulator', () => {
  let client: PubSub;
  afterAll(async () => client?.close());

  it('a push subscription delivers the summary; a 429 is redelivered by Pub/Sub until it posts', async () => {
    client = emulatorClient();
    const [topic] = await client.createTopic('notify-summaries');
    const endpoint = `${fn.url}projects/scc-triage-test/topics/notify-summaries`;
    await topic.createSubscription('notify-push', { pushConfig: { pushEndpoint: endpoint }, retryPolicy: { minimumBackoff: { seconds: 1 }, maximumBackoff: { seconds: 2 } } });
    server.answerNext('slack', 429);
    const before = server.received.length;
    const messageId = await topic.publishMessage({ data: Buffer.from(JSON.stringify(other)), attributes: summaryAttributes(other) });
    const deadline = Date.now() + 25_000;
    while (!since(before).some((p) => p.target === 'slack' && p.status === 200) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(since(before).map((p) => `${p.target} ${p.status}`)).toEqual(expect.arrayContaining(['slack 429', 'slack 200']));
    expect(
      outcomes()
        .filter((o) => o.messageId === messageId)
        .map((o) => o.outcome),
    ).toEqual(expect.arrayContaining(['failed', 'posted']));
  }, 40_000);
});
