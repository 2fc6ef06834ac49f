/**
 * Hostile deliveries end to end, with real parts: the Functions Framework server, the function,
 * the local Logging server over gRPC and the Pub/Sub emulator. A poison message is rejected once,
 * acked, and its copy lands on the rejected topic within Pub/Sub's limits; a finding shaped to wedge
 * the instance (every untrimmed field huge, a category of spaces that once froze classification,
 * megabytes of arguments) does not stop it from answering a normal delivery sent at the same time.
 * No timer asserts speed: a wedged instance would never answer, and the test timeout would fail it.
 */
import { limitViolation } from '../../src/publish/attributes';
import { summarySchema } from '../../src/summary/schema';
import { plantedSecrets } from '../hostile/secrets';
import { wedgeFinding as wedge } from '../support/hostile-findings';
import { postBinary, postBinaryText, pushBody } from '../support/deliveries';
import { loadSample } from '../support/fixtures';
import { type FunctionStack, startFunctionStack } from '../support/function-stack';

const maxMessageBytes = 131_072;
let stack: FunctionStack;
let fn: FunctionStack['fn'];
let output: FunctionStack['output'];
let rejected: FunctionStack['rejected'];

beforeAll(async () => {
  stack = await startFunctionStack('e2e-hostile', { FINDING_SOURCE: 'none', MAX_MESSAGE_BYTES: String(maxMessageBytes), DEADLINE: '10s' });
  ({ fn, output, rejected } = stack);
}, 60_000);

afterAll(() => stack?.stop());

const outcomesFor = (messageId: string) => fn.outcomes().filter((o) => o.messageId === messageId);
/** A push body as text: a body nested this deep cannot go through JSON.stringify, which recurses. */
const deepBody = (messageId: string, depth: number) =>
  `{"message":{"data":"e30=","messageId":"${messageId}","publishTime":"2025-03-04T14:22:40.000Z","attributes":{"k":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}},"subscription":"projects/scc-triage-test/subscriptions/eventarc-sub"}`;

describe('hostile deliveries through the Functions Framework', () => {
  const asText = (body: ReturnType<typeof pushBody>) => JSON.stringify(body);
  it.each<[string, string, () => string]>([
    ['deeply nested attributes', 'poison-deep', () => deepBody('poison-deep', 50_000)],
    [
      'a 3 MB body that is not JSON',
      'poison-bytes',
      () => asText({ ...pushBody({}), message: { ...pushBody({}).message, messageId: 'poison-bytes', data: Buffer.from(`{"finding": "${'界'.repeat(1_000_000)}`).toString('base64') } }),
    ],
    [
      'an invalid finding carrying secrets',
      'poison-state',
      () => asText(pushBody({ ...loadSample('gke-reverse-shell.json'), finding: { ...loadSample('gke-reverse-shell.json').finding, state: 'password=S3cr3t-state' } }, { messageId: 'poison-state' })),
    ],
  ])(
    '%s: rejected once, acked, one copy on REJECTED_TOPIC within limits',
    async (_, messageId, build) => {
      const response = await postBinaryText(fn.url, messageId, build());
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      const copy = await rejected.waitForMatch((m) => m.attributes.sourceMessageId === messageId, 30_000);
      expect(limitViolation({ data: Buffer.from(copy.data), attributes: copy.attributes })).toBeUndefined();
      expect(copy.json()).toMatchObject({ kind: 'rejected', messageId });
      expect(copy.data).not.toContain('S3cr3t-s');
      // Acked: no redelivery, so nothing more arrives and one outcome line is written.
      await rejected.quietFor(500);
      expect(rejected.messages.filter((m) => m.attributes.sourceMessageId === messageId)).toHaveLength(1);
      expect(outcomesFor(messageId)).toEqual([expect.objectContaining({ outcome: 'rejected', messageId })]);
    },
    60_000,
  );

  it('a wedge-shaped finding does not stop the instance from answering a normal delivery sent with it', async () => {
    const normal = loadSample('cloudrun-reverse-shell.json');
    const [wedged, answered] = await Promise.all([
      postBinary(fn.url, pushBody(wedge(loadSample('gke-reverse-shell.json')), { messageId: 'wedge-1' })),
      postBinary(fn.url, pushBody(normal, { messageId: 'normal-1' })),
    ]);
    expect(answered.status).toBe(204);
    const summary = summarySchema.parse((await output.waitForMatch((m) => m.json().notification.messageId === 'normal-1', 30_000)).json());
    expect(summary.finding.name).toBe(normal.finding.name);
    // The wedge itself ends too: triaged, bounded, masked, published once.
    expect(wedged.status).toBe(204);
    const published = await output.waitForMatch((m) => m.json().notification.messageId === 'wedge-1', 30_000);
    expect(Buffer.byteLength(published.data)).toBeLessThanOrEqual(maxMessageBytes);
    for (const p of plantedSecrets) expect(published.data).not.toContain(p.secret.slice(p.keep ?? 0, (p.keep ?? 0) + 8));
    expect(outcomesFor('wedge-1')).toEqual([expect.objectContaining({ outcome: 'published' })]);
  }, 90_000);
});
