/**
 * Poison messages are rejected once, with a copy on the rejected topic that fits Pub/Sub's limits
 * by bytes: a huge payload, a reason and path in multi-byte text, an undecodable body.
 */
import { parseConfig } from '../../src/config';
import { DedupGuard } from '../../src/dedup';
import { type HandlerDeps, handleDelivery } from '../../src/handler';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { limitViolation, pubsubLimits } from '../../src/publish/attributes';
import { PubSubPublisher } from '../../src/publish/pubsub';
import { rejectedCopy } from '../../src/publish/rejected-copy';
import { logsDir } from '../support/fixtures';
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

  it('a 7 MB undecodable body is rejected once, acked, and its bounded copy lands on the rejected topic', async () => {
    const lines: string[] = [];
    const deps: HandlerDeps = {
      config: parseConfig({ LOG_SOURCE: logsDir, REJECTED_TOPIC: 'hostile-rejected' }),
      outputTopic: 'unused-output',
      logs: new ExportedLogSource(logsDir),
      publisher,
      dedup: new DedupGuard(60_000),
      now: () => new Date(),
      log: (line) => lines.push(line),
    };
    const data = Buffer.from(`{"finding": "${'界'.repeat(2_300_000)}`).toString('base64');
    const outcome = await handleDelivery({ message: { data, messageId: 'poison-1', attributes: { k: 'v' } } }, deps);
    expect(outcome).toMatchObject({ outcome: 'rejected', publishedMessageId: expect.any(String) });
    expect(lines).toHaveLength(1);
    const copy = await rejected.waitForMatch((m) => m.attributes.sourceMessageId === 'poison-1');
    expect(copy.attributes.kind).toBe('rejected');
    expect(copy.json()).toMatchObject({ kind: 'rejected', payload: { attributes: { k: 'v' } } });
    expect(Buffer.byteLength(JSON.stringify(copy.json()))).toBeLessThanOrEqual(pubsubLimits.dataBytes);
  }, 60_000);
});
