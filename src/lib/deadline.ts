/** One deadline for a group of calls: an AbortSignal that fires when it passes, and a race against it. */
import { setMaxListeners } from 'node:events';
import { TriageError } from '../errors';

/** The deadline passed. A later attempt may finish in time, so it is retryable. */
export class DeadlineExceeded extends TriageError {
  readonly retryable = true;
}

/** When each deadline's signal fires (epoch ms), so a call can bound its own timeout by what is left. */
const deadlines = new WeakMap<AbortSignal, number>();

/**
 * Milliseconds left before the signal's deadline (at least 1, so a timeout stays a timeout), or
 * `fallbackMs` for a signal no deadline made. Google's clients get this as their call timeout: their
 * own default (60 s and retries) would keep a call, and the process, alive long after the deadline.
 */
export function remainingMs(signal: AbortSignal, fallbackMs: number): number {
  const at = deadlines.get(signal);
  return at === undefined ? fallbackMs : Math.max(1, at - Date.now());
}

/**
 * Gives `signal` the latest deadline of `sources`, when each has one: a signal that aborts once
 * all of them have (a call shared by several readers) lasts as long as the last of them.
 */
export function inheritDeadline(signal: AbortSignal, sources: readonly AbortSignal[]): void {
  const ats = sources.map((source) => deadlines.get(source)).filter((at) => at !== undefined);
  if (ats.length > 0 && ats.length === sources.length) deadlines.set(signal, Math.max(...ats));
}

/** A deadline started now: its signal aborts with DeadlineExceeded; `clear` stops the timer. */
export function startDeadline(deadlineMs: number): { readonly signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  deadlines.set(controller.signal, Date.now() + deadlineMs);
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
