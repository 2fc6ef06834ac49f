/** Helpers for tests on the emulator: topics, subscriptions, and waiting for messages. */
import { PubSub, type Message, type Subscription } from '@google-cloud/pubsub';

/** A client on the emulator of this test run. */
export function emulatorClient(host = process.env.PUBSUB_EMULATOR_HOST): PubSub {
  if (host === undefined) throw new Error('PUBSUB_EMULATOR_HOST is not set: the jest global setup starts the emulator');
  return new PubSub({ projectId: 'scc-triage-test', apiEndpoint: host, emulatorMode: true });
}

/** A received message, decoded. */
export interface Received {
  readonly id: string;
  readonly data: string;
  readonly attributes: Record<string, string>;
  readonly json: () => any;
}

/** A subscription that collects everything it receives. */
export interface Inbox {
  /** Every distinct message received (a redelivery by the emulator of the same message id counts once). */
  readonly messages: Received[];
  /** Waits until at least `count` messages arrived, or fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  /** Waits for a message that matches, or fails after `timeoutMs`. */
  waitForMatch(predicate: (message: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Waits `ms` and returns what arrived meanwhile (to show that nothing did). */
  quietFor(ms: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** Creates `topic` (if needed) and a fresh subscription on it that collects messages. */
export async function inbox(client: PubSub, topicName: string, subscriptionName: string): Promise<Inbox> {
  const topic = client.topic(topicName);
  const [exists] = await topic.exists();
  if (!exists) await topic.create();
  const [subscription]: [Subscription, ...unknown[]] = await topic.createSubscription(subscriptionName);
  const messages: Received[] = [];
  subscription.on('message', (message: Message) => {
    message.ack();
    if (messages.some((seen) => seen.id === message.id)) return;
    const data = message.data.toString('utf8');
    messages.push({ id: message.id, data, attributes: { ...message.attributes }, json: () => JSON.parse(data) });
  });
  const waitForMatch = async (predicate: (message: Received) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no matching message on ${topicName} within ${timeoutMs} ms (${messages.length} received)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const waitFor = async (count: number, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} messages on ${topicName}, got ${messages.length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return messages;
  };
  const quietFor = async (ms: number) => {
    const before = messages.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return messages.slice(before);
  };
  return { messages, waitFor, waitForMatch, quietFor, close: () => subscription.close() };
}
