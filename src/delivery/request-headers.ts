/**
 * The trace headers of the HTTP request that carried the current delivery. Functions Framework
 * hands a CloudEvent function the event alone (with `traceparent`, but never
 * `X-Cloud-Trace-Context`), so the headers are taken where Node starts each request, from the
 * `http.server.request.start` diagnostics channel, into the request's async context.
 */
import { subscribe } from 'node:diagnostics_channel';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { TraceHeaders } from './trace';

const current = new AsyncLocalStorage<TraceHeaders>();
let listening = false;

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** Starts taking the headers of every request this process serves; idempotent. */
export function listenForTraceHeaders(): void {
  if (listening) return;
  listening = true;
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    // enterWith, not run: the channel only observes; the request's own callbacks continue in this context.
    current.enterWith({ traceparent: header(request, 'traceparent'), cloudTraceContext: header(request, 'x-cloud-trace-context') });
  });
}

/** The trace headers of the request being handled, if any. */
export function currentTraceHeaders(): TraceHeaders | undefined {
  return current.getStore();
}
