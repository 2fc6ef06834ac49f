/** One deadline for a group of calls: an AbortSignal that fires when it passes, and a race against it. */
import { setMaxListeners } from 'node:events';
import { TriageError } from '../errors';

/** The deadline passed. A later attempt may finish in time, so it is retryable. */
export class DeadlineExceeded extends TriageError {
  readonly retryable = true;
}

/** A deadline started now: its signal aborts with DeadlineExceeded; `clear` stops the timer. */
export function startDeadline(deadlineMs: number): { readonly signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  // One deadline serves every read of a finding, each listening for it while it waits.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(`deadline of ${deadlineMs} ms exceeded`)), deadlineMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** `work`, or the signal's reason if it aborts first (for calls that cannot be cancelled themselves). */
export function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
