/** The publisher on the real emulator: one failed publish never breaks the others in flight. */
import { PubSubPublisher } from '../../src/publish/pubsub';
import { type Inbox, emulatorClient, inbox } from '../support/pubsub';

const client = emulatorClient();
const publisher = new PubSubPublisher({ project: 'scc-triage-test', timeoutMs: 5_000 });
let output: Inbox;

beforeAll(async () => {
  output = await inbox(client, 'publisher-output', 'publisher-output-sub');
});
afterAll(async () => {
  await output.close();
  await publisher.close();
  await client.close();
});

describe('PubSubPublisher', () => {
  it('a failed publish does not close the client under publishes still in flight', async () => {
    const message = (i: number, size = 10) => ({ data: Buffer.from(`{"i":${i},"pad":"${'p'.repeat(size)}"}`), attributes: { i: String(i) } });
    // Large messages are still in flight when the small failing one comes back.
    const big = Array.from({ length: 6 }, (_, i) => publisher.publish('publisher-output', message(i, 3_000_000)));
    const failed = await publisher.publish('projects/scc-triage-test/topics/no-such-topic', message(99)).catch((e: unknown) => e);
    expect(String(failed)).toContain('no-such-topic');
    const results = await Promise.allSettled(big);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    // And the next publish, on a fresh client, still works.
    await expect(publisher.publish('publisher-output', message(100))).resolves.toEqual(expect.any(String));
  });
});
