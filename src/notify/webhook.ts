/**
 * One POST of a JSON body to an incoming webhook, with Node's own `fetch`: both platforms take a
 * plain JSON POST, so no client library earns its weight. The call is bounded by a timeout, and
 * its answer is classified the way Pub/Sub should treat it: 2xx posted; 408, 429, 5xx, a timeout
 * or a network error retryable (the delivery fails and is redelivered); any other answer a
 * permanent rejection (a bad payload, a revoked or archived webhook: a retry cannot fix it).
 */
import { TriageError, describeError } from '../errors';
import { oneLine } from '../lib/sanitize';
import { type Target, maskedUrl, redactUrls, targetNames } from './targets';
import { isRetryableStatus } from '../lib/http-status';

/** A webhook call that did not post. Its message names the target and status, never the URL. */
export class WebhookError extends TriageError {
  constructor(
    readonly target: Target,
    message: string,
    readonly retryable: boolean,
    /** The HTTP status, when the webhook answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${targetNames[target]} webhook: ${message}`, options);
  }
}

/** What a webhook call needs. */
export interface WebhookRequest {
  readonly target: Target;
  readonly url: URL;
  readonly body: unknown;
  readonly timeoutMs: number;
}

/** Posts a request and resolves with the HTTP status; rejects with a {@link WebhookError}. */
export type Poster = (request: WebhookRequest) => Promise<number>;

function networkError(target: Target, error: unknown, timeoutMs: number): WebhookError {
  // Read by shape, not instanceof: fetch's errors may come from another realm (a test VM).
  const { name, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return new WebhookError(target, `no answer within ${timeoutMs} ms`, true, undefined, { cause: error });
  // fetch's own message is "fetch failed"; its cause says why (ECONNREFUSED, ENOTFOUND, a TLS error).
  const code = (typeof cause === 'object' && cause !== null ? cause : {}) as { code?: unknown };
  const why = typeof code.code === 'string' ? code.code : oneLine(describeError(cause ?? error), 120);
  return new WebhookError(target, `network error: ${why}`, true, undefined, { cause: error });
}

/** The real poster: one `fetch`, no redirects followed (a webhook that redirects is misconfigured). */
export const postWebhook: Poster = async (request) => {
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw networkError(request.target, error, request.timeoutMs);
  }
  if (response.status >= 200 && response.status < 300) return response.status;
  const retryAfter = response.headers.get('retry-after');
  const detail = `${redactUrls(text, [request.url], 200)}${retryAfter === null ? '' : ` (retry-after ${oneLine(retryAfter, 20)})`}`;
  throw new WebhookError(request.target, `HTTP ${response.status} from ${maskedUrl(request.url.href)}: ${detail}`, isRetryableStatus(response.status), response.status);
};
