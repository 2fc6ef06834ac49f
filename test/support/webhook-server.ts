/**
 * A local stand-in for both incoming webhooks, on 127.0.0.1 only: Google Chat's
 * `/v1/spaces/SPACE/messages?key=…&token=…` and Slack's `/services/T…/B…/…`. It checks every body
 * against the documented payload and its limits (`webhook-payloads.ts`) and answers as the real
 * service does: 200 with the message for a valid one, 400 naming the problem otherwise. A test can
 * queue other answers (500, 429, 400, a hang) for the next requests of a target.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatMessageSchema, hostileProblems, slackMessageSchema } from './webhook-payloads';

/** The two webhooks. */
export type WebhookTarget = 'chat' | 'slack';

/** One request the server received. */
export interface ReceivedPost {
  readonly target: WebhookTarget;
  readonly query: Record<string, string>;
  readonly body: any;
  /** Shape and limit problems, and text that could form links or mentions (empty when valid). */
  readonly problems: string[];
  /** The status it was answered with. */
  readonly status: number;
}

/** A queued answer: a status, or `hang` (no answer, to make the caller time out). */
export type Answer = number | 'hang';

/** A running server. */
export interface WebhookServer {
  /** `127.0.0.1:PORT`, for WEBHOOK_EMULATOR_HOST. */
  readonly host: string;
  /** A webhook URL of the documented shape on this server. */
  url(target: WebhookTarget): string;
  readonly received: ReceivedPost[];
  /** The valid posts that were answered 2xx, per target. */
  posted(target: WebhookTarget): ReceivedPost[];
  /** Answers the next requests of `target` with these, in order; then 200 again. */
  answerNext(target: WebhookTarget, ...answers: Answer[]): void;
  stop(): Promise<void>;
}

const targetOf = (path: string): WebhookTarget | undefined =>
  /^\/v1\/spaces\/[A-Za-z0-9_-]+\/messages$/.test(path) ? 'chat' : /^\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+$/.test(path) ? 'slack' : undefined;

function problemsOf(target: WebhookTarget, body: unknown): string[] {
  const parsed = (target === 'chat' ? chatMessageSchema : slackMessageSchema).safeParse(body);
  const shape = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return [...shape, ...hostileProblems(target, body)];
}

const errorBody = (target: WebhookTarget, status: number): string =>
  target === 'slack'
    ? status === 400
      ? 'invalid_payload'
      : status === 410
        ? 'channel_is_archived'
        : 'rollup_error'
    : JSON.stringify({ error: { code: status, message: `status ${status}`, status: 'ERROR' } });

function read(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

/** Starts the server on a free loopback port. */
export async function startWebhookServer(): Promise<WebhookServer> {
  const received: ReceivedPost[] = [];
  const queued: Record<WebhookTarget, Answer[]> = { chat: [], slack: [] };
  const hanging: ServerResponse[] = [];
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const target = targetOf(url.pathname);
    const text = await read(request);
    if (request.method !== 'POST' || target === undefined) return void response.writeHead(404).end('no_service');
    const answer = queued[target].shift() ?? 200;
    if (answer === 'hang') return void hanging.push(response);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const problems = typeof body === 'object' ? problemsOf(target, body) : ['not JSON'];
    const status = answer === 200 && problems.length > 0 ? 400 : answer;
    received.push({ target, query: Object.fromEntries(url.searchParams), body, problems, status });
    if (status === 429) response.setHeader('retry-after', '1');
    const ok = target === 'chat' ? JSON.stringify({ name: 'spaces/AAAA/messages/1', thread: { name: 'spaces/AAAA/threads/1', threadKey: url.searchParams.get('threadKey') } }) : 'ok';
    response
      .writeHead(status, { 'content-type': target === 'chat' ? 'application/json' : 'text/plain' })
      .end(status === 200 ? ok : problems.length > 0 ? problems.join('; ') : errorBody(target, status));
  };
  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: (target) => (target === 'chat' ? `http://${host}/v1/spaces/AAAAtest/messages?key=test-key-123456&token=test-token-abcdef` : `http://${host}/services/T0TEST/B0TEST/secretTokenXyz123456`),
    received,
    posted: (target) => received.filter((post) => post.target === target && post.status >= 200 && post.status < 300),
    answerNext: (target, ...answers) => void queued[target].push(...answers),
    stop: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
