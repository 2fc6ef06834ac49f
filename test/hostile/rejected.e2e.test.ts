/**
 * Poison messages are rejected once, with a copy on the rejected topic that fits Pub/Sub's limits
 * by bytes: a huge payload, a reason and path in multi-byte text, an undecodable body, and values
 * nested deeper than any recursive walk could follow.
 */
import { plantedSecrets } from './secrets';
import { parseConfig } from '../../src/config';
import { DedupGuard } from '../../src/delivery/dedup';
import { type HandlerDeps, handleDelivery } from '../../src/handler';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { limitViolation, pubsubLimits } from '../../src/publish/attributes';
import { PubSubPublisher } from '../../src/publish/pubsub';
import { rejectedCopy } from '../../src/publish/rejected-copy';
import { loadSample, logsDir } from '../support/fixtures';
import { type Inbox, emulatorClient, inbox } from '../support/pubsub';

describe('rejectedCopy', () => {
  it.each([
    ['a 7.8 MB payload', 'x'.repeat(7_800_000), 'invalid notification'],
    ['a CJK reason and path', 'small', '界'.repeat(5_000)],
    ['a payload of quotes and backslashes (JSON grows it)', '"\\'.repeat(4_000_000), 'r'],
  ])('%s fits every limit', (_label, data, reason) => {
    const copy = rejectedCopy({ reason, path: `finding.${'名'.repeat(2_000)}`, fields: [{ path: 'finding', reason }], messageId: 'm-1', payload: { data, attributes: { a: 'b' } } });
    expect(limitViolation(copy)).toBeUndefined();
    expect(copy.data.length).toBeLessThanOrEqual(pubsubLimits.dataBytes);
    for (const value of Object.values(copy.attributes)) expect(Buffer.byteLength(value)).toBeLessThanOrEqual(pubsubLimits.valueBytes);
  });

  it('keeps a small payload whole and marks a cut one', () => {
    const small = JSON.parse(rejectedCopy({ reason: 'r', path: '', fields: [], messageId: undefined, payload: { data: 'abc' } }).data.toString());
    expect(small.payload).toEqual({ data: 'abc' });
    const big = JSON.parse(rejectedCopy({ reason: 'r', path: '', fields: [], messageId: undefined, payload: { data: 'y'.repeat(11_000_000) } }).data.toString());
    expect(big.payload).toBeUndefined();
    expect(big.payloadTruncated).toMatchObject({ bytes: expect.any(Number), keptBytes: expect.any(Number) });
    expect(Buffer.from(big.payloadHeadBase64, 'base64').toString().startsWith('{"data":"yyy')).toBe(true);
  });
});

/** A value nested `depth` levels deep, built without recursion. */
function nested(depth: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const deepArrayJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('a poison delivery through the handler and the emulator', () => {
  const client = emulatorClient();
  const publisher = new PubSubPublisher({ project: 'scc-triage-test', timeoutMs: 10_000 });
  let rejected: Inbox;
  beforeAll(async () => {
    rejected = await inbox(client, 'hostile-rejected', 'hostile-rejected-sub');
  });
  afterAll(async () => {
    await rejected.close();
    await publisher.close();
    await client.close();
  });

  const handlerDeps = (lines: string[]): HandlerDeps => ({
    config: parseConfig({ LOG_SOURCE: logsDir, REJECTED_TOPIC: 'hostile-rejected' }),
    outputTopic: 'unused-output',
    logs: new ExportedLogSource(logsDir),
    publisher,
    dedup: new DedupGuard(60_000),
    now: () => new Date(),
    log: (line) => lines.push(line),
  });

  const depth = 100_000;
  const finding = () => loadSample('gke-reverse-shell.json');
  const withFinding = (patch: (notification: Record<string, any>) => void) => {
    const notification = finding();
    patch(notification);
    return notification;
  };
  // Each shape is built lazily: the deep values are large, and only one lives at a time.
  it.each<[string, string, () => unknown]>([
    ['nested attributes', 'message.attributes', () => ({ message: { data: base64('{}'), messageId: 'deep-1', attributes: { k: nested(depth) } } })],
    ['a nested array as the data', 'expected object', () => ({ message: { data: base64(deepArrayJson(depth)), messageId: 'deep-2' } })],
    [
      // Beside an empty finding: the name is a field the triage can do without, the finding's fields are not.
      'a nested notificationConfigName',
      'finding.name: required',
      () => ({ message: { data: base64(JSON.stringify({ notificationConfigName: deepArrayJson(depth), finding: {} }).replace(/"(\[+\]+)"/, '$1')), messageId: 'deep-3' } }),
    ],
    ['a nested message', 'message', () => ({ message: nested(depth), messageId: 'deep-4' })],
    [
      'a nested finding.state',
      'finding.state',
      () => ({ message: { data: base64(JSON.stringify(withFinding((n) => (n.finding.state = 'STATE'))).replace('"STATE"', deepArrayJson(depth))), messageId: 'deep-5' } }),
    ],
    ['a bare payload too deep to encode', '', () => nested(depth)],
  ])(
    '%s is rejected once with a field error and a bounded copy, never a stack overflow',
    async (_label, field, delivery) => {
      const lines: string[] = [];
      const outcome = await handleDelivery(delivery(), handlerDeps(lines));
      expect(outcome).toMatchObject({ outcome: 'rejected', publishedMessageId: expect.any(String) });
      if (field !== '') expect(outcome.reason).toContain(field);
      expect(lines).toHaveLength(1);
      const copy = await rejected.waitForMatch((m) => m.id === (outcome as { publishedMessageId: string }).publishedMessageId);
      expect(limitViolation({ data: Buffer.from(JSON.stringify(copy.json())), attributes: copy.attributes })).toBeUndefined();
      expect(copy.json()).toMatchObject({ kind: 'rejected', reason: outcome.reason });
    },
    60_000,
  );

  it('a valid finding with deep unknown fields is still triaged and published', async () => {
    const lines: string[] = [];
    const notification = withFinding((n) => (n.finding.sourceProperties.extra = 'EXTRA'));
    const data = base64(JSON.stringify(notification).replace('"EXTRA"', deepArrayJson(depth)));
    const deps = { ...handlerDeps(lines), outputTopic: 'hostile-output' };
    await client
      .topic('hostile-output')
      .create()
      .catch(() => undefined);
    const outcome = await handleDelivery({ message: { data, messageId: 'deep-ok' } }, deps);
    expect(outcome).toMatchObject({ outcome: 'published', findingName: notification.finding.name });
  }, 60_000);

  it('a valid finding with a nested notificationConfigName (a field it does not need) is triaged, the field set aside with a warning', async () => {
    const lines: string[] = [];
    const notification = withFinding((n) => (n.notificationConfigName = 'DEEP'));
    const data = base64(JSON.stringify(notification).replace('"DEEP"', deepArrayJson(depth)));
    const deps = { ...handlerDeps(lines), outputTopic: 'hostile-output' };
    await client
      .topic('hostile-output')
      .create()
      .catch(() => undefined);
    const outcome = await handleDelivery({ message: { data, messageId: 'deep-config' } }, deps);
    expect(outcome).toMatchObject({ outcome: 'published', findingName: notification.finding.name });
  }, 60_000);

  it('a 7 MB undecodable body is rejected once, acked, and its bounded copy lands on the rejected topic', async () => {
    const lines: string[] = [];
    const deps = handlerDeps(lines);
    const data = Buffer.from(`{"finding": "${'界'.repeat(2_300_000)}`).toString('base64');
    const outcome = await handleDelivery({ message: { data, messageId: 'poison-1', attributes: { k: 'v' } } }, deps);
    expect(outcome).toMatchObject({ outcome: 'rejected', publishedMessageId: expect.any(String) });
    expect(lines).toHaveLength(1);
    const copy = await rejected.waitForMatch((m) => m.attributes.sourceMessageId === 'poison-1');
    expect(copy.attributes.kind).toBe('rejected');
    expect(copy.json()).toMatchObject({ kind: 'rejected', payload: { attributes: { k: 'v' } } });
    expect(Buffer.byteLength(JSON.stringify(copy.json()))).toBeLessThanOrEqual(pubsubLimits.dataBytes);
  }, 60_000);

  it('the copy of an invalid finding masks every planted secret, in the data, the attributes and the reason', async () => {
    const lines: string[] = [];
    const notification = withFinding((n) => {
      n.finding.state = 'password=S3cr3t-state';
      n.finding.processes = plantedSecrets.map((p, i) => ({
        pid: String(i),
        ...(p.argv ? { args: p.argv } : {}),
        ...(p.text ? { script: { contents: p.text } } : {}),
        ...(p.env ? { envVariables: [{ name: p.env.name, val: p.env.value }] } : {}),
      }));
    });
    const attributes = { note: 'token ghp_S3cr3tAttr0123456789012345678901234567' };
    const outcome = await handleDelivery({ message: { data: base64(JSON.stringify(notification)), messageId: 'secret-1', attributes } }, handlerDeps(lines));
    expect(outcome).toMatchObject({ outcome: 'rejected', publishedMessageId: expect.any(String) });
    const copy = await rejected.waitForMatch((m) => m.id === (outcome as { publishedMessageId: string }).publishedMessageId);
    const body = copy.json() as { payloadMasked: boolean; payload: { data: string; attributes: Record<string, string> }; reason: string };
    expect(body.payloadMasked).toBe(true);
    const replay = JSON.parse(Buffer.from(body.payload.data, 'base64').toString('utf8'));
    // Still the delivery it was, ready to replay once fixed; only the secrets are gone.
    expect(replay.finding.name).toBe(notification.finding.name);
    expect(replay.finding.processes).toHaveLength(plantedSecrets.length);
    const everything = `${JSON.stringify(replay)} ${JSON.stringify(body)} ${lines.join(' ')}`;
    for (const { secret, keep } of [
      ...plantedSecrets.map((p) => ({ secret: p.secret, keep: p.keep ?? 0 })),
      { secret: 'S3cr3t-state', keep: 0 },
      { secret: 'ghp_S3cr3tAttr0123456789012345678901234567', keep: 4 },
    ]) {
      expect(everything).not.toContain(secret.slice(keep, keep + 8));
    }
  }, 60_000);

  it('a copy with nothing to mask keeps the original bytes, and MASK_SECRETS=false keeps them always', async () => {
    const data = base64(JSON.stringify(withFinding((n) => (n.finding.state = 'BOGUS'))));
    for (const [messageId, mask] of [
      ['plain-1', 'true'],
      ['unmasked-1', 'false'],
    ] as const) {
      const deps = { ...handlerDeps([]), config: parseConfig({ LOG_SOURCE: logsDir, REJECTED_TOPIC: 'hostile-rejected', MASK_SECRETS: mask }) };
      const outcome = await handleDelivery({ message: { data, messageId } }, deps);
      const copy = await rejected.waitForMatch((m) => m.id === (outcome as { publishedMessageId: string }).publishedMessageId);
      expect(copy.json()).toMatchObject({ payload: { data } });
      expect(copy.json()).not.toHaveProperty('payloadMasked');
    }
  }, 60_000);
});
