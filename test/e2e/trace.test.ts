/**
 * One delivery's log lines carry its trace, through the real Functions Framework: from
 * `traceparent` or `X-Cloud-Trace-Context`, never another concurrent delivery's, and only when the
 * project is known.
 */
import { loadSample, logsDir } from '../support/fixtures';
import { postBinary, pushBody } from '../support/deliveries';
import { type FunctionServer, startFunction } from '../support/functions-server';
import { emulatorClient, inbox } from '../support/pubsub';

const traceKey = 'logging.googleapis.com/trace';
const spanKey = 'logging.googleapis.com/spanId';
const traceId = (n: number) => `${String(n).padStart(2, '0')}${'a'.repeat(30)}`;

describe('trace fields on the outcome lines', () => {
  let fn: FunctionServer;
  let unnamed: FunctionServer;

  beforeAll(async () => {
    const env = { OUTPUT_TOPIC: 'projects/scc-triage-test/topics/trace-output', PUBSUB_EMULATOR_HOST: process.env.PUBSUB_EMULATOR_HOST!, LOG_SOURCE: logsDir };
    [fn, unnamed] = await Promise.all([startFunction({ ...env, GOOGLE_CLOUD_PROJECT: 'acme-sec-prod' }), startFunction(env)]);
  });
  afterAll(async () => {
    await Promise.all([fn?.stop(), unnamed?.stop()]);
  });

  it('takes each concurrent delivery its own trace, from either header', async () => {
    const sample = loadSample('out-of-scope-iam-anomalous-grant.json');
    const deliveries = Array.from({ length: 8 }, (_, n) => ({
      messageId: `m-trace-${n}`,
      headers: n % 2 === 0 ? { traceparent: `00-${traceId(n)}-00000000000000${String(n + 10)}-01` } : { 'X-Cloud-Trace-Context': `${traceId(n)}/${n + 100};o=1` },
    }));
    const statuses = await Promise.all(deliveries.map((d) => postBinary(fn.url, pushBody(sample, { messageId: d.messageId }), d.headers).then((r) => r.status)));
    expect(statuses).toEqual(deliveries.map(() => 204));
    for (const [n, d] of deliveries.entries()) {
      const line = fn.outcomes().find((o) => o.messageId === d.messageId);
      expect(line).toMatchObject({ outcome: 'skipped', [traceKey]: `projects/acme-sec-prod/traces/${traceId(n)}`, 'logging.googleapis.com/trace_sampled': true });
      expect(line![spanKey]).toBe(n % 2 === 0 ? `00000000000000${n + 10}` : (n + 100).toString(16).padStart(16, '0'));
    }
  });

  it('carries the trace on a published outcome too', async () => {
    const client = emulatorClient();
    const box = await inbox(client, 'trace-output', 'trace-output-sub');
    try {
      const response = await postBinary(fn.url, pushBody(loadSample('gke-reverse-shell.json'), { messageId: 'm-trace-published' }), { traceparent: `00-${traceId(42)}-00f067aa0ba902b7-00` });
      expect(response.status).toBe(204);
      expect(await box.waitFor(1)).toHaveLength(1);
      const line = fn.outcomes().find((o) => o.messageId === 'm-trace-published');
      expect(line).toMatchObject({ outcome: 'published', [traceKey]: `projects/acme-sec-prod/traces/${traceId(42)}`, [spanKey]: '00f067aa0ba902b7', 'logging.googleapis.com/trace_sampled': false });
    } finally {
      await box.close();
      await client.close();
    }
  });

  it('leaves the trace out when the project is not known, and when there is no header', async () => {
    const sample = loadSample('out-of-scope-iam-anomalous-grant.json');
    await postBinary(unnamed.url, pushBody(sample, { messageId: 'm-no-project' }), { traceparent: `00-${traceId(7)}-00f067aa0ba902b7-01` });
    await postBinary(fn.url, pushBody(sample, { messageId: 'm-no-header' }));
    expect(unnamed.outcomes().find((o) => o.messageId === 'm-no-project')).not.toHaveProperty([traceKey]);
    expect(fn.outcomes().find((o) => o.messageId === 'm-no-header')).not.toHaveProperty([traceKey]);
  });
});
