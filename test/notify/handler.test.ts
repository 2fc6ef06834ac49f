/**
 * The subscriber's handler against the local webhook server, with the real poster (Node's fetch):
 * what is posted, what is acked, what is retried, and the one structured line of each delivery.
 */
import { DedupGuard } from '../../src/delivery/dedup';
import { parseNotifyConfig } from '../../src/notify/config';
import { NotifyFailed, type NotifyDeps, handleSummaryDelivery } from '../../src/notify/handler';
import { postWebhook } from '../../src/notify/webhook';
import type { Summary } from '../../src/summary/schema';
import { pushBody } from '../support/deliveries';
import { freePort } from '../support/pubsub-emulator';
import { summaryOf } from '../support/summaries';
import { type WebhookServer, startWebhookServer } from '../support/webhook-server';

let server: WebhookServer;
let p1: Summary;
let p2: Summary;
let closure: Summary;

beforeAll(async () => {
  server = await startWebhookServer();
  [p1, p2, closure] = (await Promise.all(['gke-reverse-shell.json', 'cloudrun-job-remote-command-exec.json', 'gke-reverse-shell-inactive.json'].map(summaryOf))) as [Summary, Summary, Summary];
});
afterAll(async () => server.stop());

/** A handler on both webhooks of the local server; `lines` collects its log lines. */
function subject(env: Record<string, string> = {}) {
  const lines: Record<string, any>[] = [];
  const config = parseNotifyConfig({ CHAT_WEBHOOK_URL: server.url('chat'), SLACK_WEBHOOK_URL: server.url('slack'), WEBHOOK_EMULATOR_HOST: server.host, ...env });
  const deps: NotifyDeps = { config, post: postWebhook, dedup: new DedupGuard(config.dedupTtlMs), now: () => new Date(), log: (line) => lines.push(JSON.parse(line)) };
  return { deps, lines, deliver: (summary: unknown, messageId = `m-${Math.random()}`) => handleSummaryDelivery({ data: pushBody(summary, { messageId }) }, deps) };
}

const postsSince = (before: number) => server.received.slice(before);

describe('the subscriber handler', () => {
  it('posts a P1 summary to both webhooks: valid payloads, threaded in Chat, one INFO line', async () => {
    const { deliver, lines } = subject();
    const before = server.received.length;
    const outcome = await deliver(p1, 'm-p1');
    expect(outcome).toMatchObject({
      outcome: 'posted',
      triageId: p1.triageId,
      priority: 'P1',
      messageId: 'm-p1',
      targets: { chat: { result: 'posted', status: 200 }, slack: { result: 'posted', status: 200 } },
    });
    const posts = postsSince(before);
    expect(posts.map((p) => [p.target, p.status, p.problems])).toEqual(
      expect.arrayContaining([
        ['chat', 200, []],
        ['slack', 200, []],
      ]),
    );
    expect(posts.find((p) => p.target === 'chat')!.query).toMatchObject({
      threadKey: expect.stringMatching(/^scc-triage-[0-9a-f]{32}$/),
      messageReplyOption: 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD',
      key: 'test-key-123456',
    });
    expect(lines).toEqual([expect.objectContaining({ severity: 'INFO', component: 'scc-triage-notify', outcome: 'posted', findingName: p1.finding.name })]);
  });

  it('a closure lands in the first alert’s Chat thread', async () => {
    const { deliver } = subject();
    const before = server.received.length;
    await deliver(p1);
    await deliver(closure);
    const keys = postsSince(before)
      .filter((p) => p.target === 'chat')
      .map((p) => p.query.threadKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('a 5xx fails the delivery (Pub/Sub redelivers); the redelivery posts only where it is missing', async () => {
    const { deliver, lines } = subject();
    server.answerNext('slack', 500);
    const before = server.received.length;
    await expect(deliver(p1, 'm-retry')).rejects.toBeInstanceOf(NotifyFailed);
    expect(lines[0]).toMatchObject({ severity: 'WARNING', outcome: 'failed', targets: { chat: { result: 'posted' }, slack: { result: 'failed', status: 500 } } });
    expect(lines[0]!.reason).toContain('HTTP 500');
    const again = await deliver(p1, 'm-retry');
    expect(again).toMatchObject({ outcome: 'posted', targets: { chat: { result: 'duplicate' }, slack: { result: 'posted' } } });
    expect(postsSince(before).map((p) => `${p.target} ${p.status}`)).toEqual(expect.arrayContaining(['chat 200', 'slack 500', 'slack 200']));
    expect(postsSince(before).filter((p) => p.target === 'chat')).toHaveLength(1);
  });

  it.each([408, 429, 503])('HTTP %i is retried', async (status) => {
    const { deliver, lines } = subject({ SLACK_WEBHOOK_URL: '' });
    server.answerNext('chat', status);
    await expect(deliver(p1)).rejects.toBeInstanceOf(NotifyFailed);
    expect(lines[0]).toMatchObject({ outcome: 'failed', targets: { chat: { result: 'failed', status } } });
  });

  it.each([400, 403, 404, 410])('HTTP %i is permanent: acked, one ERROR line an alert policy can catch', async (status) => {
    const { deliver, lines } = subject({ CHAT_WEBHOOK_URL: '' });
    server.answerNext('slack', status);
    await expect(deliver(p1)).resolves.toMatchObject({ outcome: 'rejected', targets: { slack: { result: 'rejected', status } } });
    expect(lines).toEqual([expect.objectContaining({ severity: 'ERROR', outcome: 'rejected' })]);
  });

  it('a webhook that does not answer within WEBHOOK_TIMEOUT fails the delivery', async () => {
    const { deliver, lines } = subject({ SLACK_WEBHOOK_URL: '', WEBHOOK_TIMEOUT: '300ms' });
    server.answerNext('chat', 'hang');
    const started = Date.now();
    await expect(deliver(p1)).rejects.toBeInstanceOf(NotifyFailed);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines[0]!.reason).toContain('no answer within 300 ms');
  });

  it('a network error fails the delivery', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await freePort();
    const closed = server.url('chat').replace(/:\d+\//, `:${port}/`);
    const { deliver, lines } = subject({ SLACK_WEBHOOK_URL: '', CHAT_WEBHOOK_URL: closed, WEBHOOK_EMULATOR_HOST: `127.0.0.1:${port}` });
    await expect(deliver(p1)).rejects.toBeInstanceOf(NotifyFailed);
    expect(lines[0]!.reason).toMatch(/network error: E[A-Z]+/);
  });

  it('below MIN_PRIORITY: skipped, acked, logged, nothing posted; closures are always posted', async () => {
    const { deliver, lines } = subject({ MIN_PRIORITY: 'P1' });
    const before = server.received.length;
    await expect(deliver(p2)).resolves.toMatchObject({ outcome: 'skipped', priority: 'P2' });
    expect(postsSince(before)).toEqual([]);
    expect(lines[0]).toMatchObject({ severity: 'INFO', outcome: 'skipped', reason: 'priority P2 is below MIN_PRIORITY P1' });
    await expect(deliver(closure)).resolves.toMatchObject({ outcome: 'posted', kind: 'update' });
  });

  it.each([
    ['not base64', { data: { message: { data: '!!!', messageId: 'm-bad' } } }, 'data.message.data: not base64'],
    ['not JSON', { data: { message: { data: Buffer.from('{nope').toString('base64'), messageId: 'm-bad' } } }, 'does not decode to JSON'],
    ['a newer schemaVersion', 'v2', 'schemaVersion: 2: this subscriber reads schemaVersion 1'],
    ['no schemaVersion', 'none', 'schemaVersion: missing'],
    ['no headline', 'headline', 'headline:'],
    ['an unknown priority', 'priority', 'assessment.priority:'],
  ])('a bad summary (%s) is acked with one ERROR line naming the field; nothing posted', async (_name, input, reason) => {
    const { deps, lines } = subject();
    const mutate: Record<string, (s: any) => unknown> = {
      v2: (s) => ({ ...s, schemaVersion: 2 }),
      none: ({ schemaVersion: _v, ...s }) => s,
      headline: ({ headline: _h, ...s }) => s,
      priority: (s) => ({ ...s, assessment: { ...s.assessment, priority: 'P0' } }),
    };
    const event = typeof input === 'string' ? { data: pushBody(mutate[input]!(p1), { messageId: 'm-bad' }) } : input;
    const before = server.received.length;
    await expect(handleSummaryDelivery(event, deps)).resolves.toMatchObject({ outcome: 'rejected', messageId: 'm-bad' });
    expect(postsSince(before)).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ severity: 'ERROR', outcome: 'rejected', reason: expect.stringContaining(reason) })]);
  });

  it('no log line ever carries a webhook secret', async () => {
    const { deliver, lines } = subject();
    server.answerNext('chat', 500);
    server.answerNext('slack', 400);
    await expect(deliver(p1)).rejects.toBeInstanceOf(NotifyFailed);
    const text = JSON.stringify(lines);
    for (const secret of ['test-key-123456', 'test-token-abcdef', 'secretTokenXyz123456', 'AAAAtest', 'T0TEST']) expect(text).not.toContain(secret);
  });
});
