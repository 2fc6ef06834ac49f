/**
 * The one place a Google client's gRPC error becomes an {@link UpstreamError}: its status code kept,
 * retryability from one set, and a message that says what to do where there is something to do
 * (a role to grant, credentials to provide). The log, related-finding and publish adapters all map
 * through here.
 */
// The constants module alone: the package root loads the whole gRPC stack (about 45 ms at start-up,
// for every CLI run), this about 2 ms. @grpc/grpc-js is pinned exactly, and a test checks that this
// is the root's `status`.
import { Status as status } from '@grpc/grpc-js/build/src/constants';
import { UpstreamError, describeError } from '../errors';

export { status };

/**
 * Statuses a later attempt of the same call can succeed on: the service was busy, slow, out of
 * quota for now, or lost the call. An error without a status (a dropped connection, our own
 * timeout) is treated the same. Everything else is about the request or the caller.
 */
export const transientStatuses: ReadonlySet<number> = new Set([status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED, status.ABORTED, status.INTERNAL, status.UNAVAILABLE]);

/** The gRPC status code of an error from a Google client, if it carries one. */
export function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Whether a retry of the call can help, by {@link transientStatuses}. */
export const isTransient = (code: number | undefined): boolean => code === undefined || transientStatuses.has(code);

/** How one adapter names its failures. */
export interface UpstreamContext {
  /** The dependency, as in `logging`, `securitycenter`, `pubsub`. */
  readonly service: string;
  /** What was being done, put before the client's message: `publish to T failed`. */
  readonly doing?: string;
  /** What to say for a status instead of the client's message (the role to grant for PERMISSION_DENIED). */
  readonly advice?: Partial<Record<number, string>>;
  /**
   * `transient` (the default): retryable by {@link transientStatuses}. `unlessRefused`: retryable
   * unless the request itself was refused (INVALID_ARGUMENT), for a publish whose message must not
   * be acked while an operator can still fix a missing topic or permission.
   */
  readonly retry?: 'transient' | 'unlessRefused';
}

/** The error as an UpstreamError; one already mapped passes through. */
export function upstreamError(error: unknown, context: UpstreamContext): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const code = grpcCodeOf(error);
  const advice = code === undefined ? undefined : context.advice?.[code];
  const message = advice ?? (context.doing === undefined ? describeError(error) : `${context.doing}: ${describeError(error)}`);
  const retryable = context.retry === 'unlessRefused' ? code !== status.INVALID_ARGUMENT : isTransient(code);
  return new UpstreamError(context.service, message, retryable, { cause: error, ...(code === undefined ? {} : { code }) });
}
