/** The webhook poster on its own: how each answer is classified, and that an answer quoting the URL is masked. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRetryableStatus } from '../../src/lib/http-status';
import { WebhookError, postWebhook } from '../../src/notify/webhook';

let server: Server;
let base: string;
// Answers with the status in the path, and quotes the request URL in the body as a careless server might.
beforeAll(async () => {
  server = createServer((request, response) => {
    const status = Number(/\/status\/(\d+)\//.exec(request.url ?? '')?.[1] ?? 200);
    if (status === 302) return void response.writeHead(302, { location: 'https://elsewhere.example/' }).end();
    response.writeHead(status).end(`you called ${request.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (status: number) => postWebhook({ target: 'slack', url: new URL(`${base}/status/${status}/SecretWebhookToken?token=AnotherSecret99`), body: { text: 'x' }, timeoutMs: 2_000 });

describe('postWebhook', () => {
  it.each([200, 204])('%i is posted', async (status) => {
    await expect(post(status)).resolves.toBe(status);
  });

  it.each([
    [400, false],
    [403, false],
    [404, false],
    [410, false],
    [302, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('%i: retryable %s, and the error never quotes the URL', async (status, retryable) => {
    const error = await post(status).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toMatchObject({ retryable, status, target: 'slack' });
    expect((error as Error).message).toContain(`HTTP ${status}`);
    expect((error as Error).message).not.toMatch(/SecretWebhookToken|AnotherSecret99/);
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});
