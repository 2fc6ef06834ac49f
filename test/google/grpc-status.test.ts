/** The one gRPC status → UpstreamError mapping of the log, related-finding and publish adapters. */
import * as grpc from '@grpc/grpc-js';
import { UpstreamError } from '../../src/errors';
import { grpcCodeOf, status, transientStatuses, upstreamError } from '../../src/google/grpc-status';

const grpcError = (code: number | undefined, details = 'boom') => Object.assign(new Error(`${code} ${details}`), code === undefined ? {} : { code, details });

describe('upstreamError', () => {
  it('uses the package root status (the constants module is the same enum)', () => {
    expect(status).toEqual(grpc.status);
  });

  it.each<[string, number | undefined, boolean, boolean]>([
    ['no status (a dropped connection)', undefined, true, true],
    ['DEADLINE_EXCEEDED', grpc.status.DEADLINE_EXCEEDED, true, true],
    ['RESOURCE_EXHAUSTED', grpc.status.RESOURCE_EXHAUSTED, true, true],
    ['ABORTED', grpc.status.ABORTED, true, true],
    ['INTERNAL', grpc.status.INTERNAL, true, true],
    ['UNAVAILABLE', grpc.status.UNAVAILABLE, true, true],
    ['INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT, false, false],
    ['NOT_FOUND', grpc.status.NOT_FOUND, false, true],
    ['PERMISSION_DENIED', grpc.status.PERMISSION_DENIED, false, true],
    ['UNAUTHENTICATED', grpc.status.UNAUTHENTICATED, false, true],
    ['FAILED_PRECONDITION', grpc.status.FAILED_PRECONDITION, false, true],
    ['UNIMPLEMENTED', grpc.status.UNIMPLEMENTED, false, true],
  ])('%s: retryable %s as a read, %s as a publish', (_, code, read, publish) => {
    const asRead = upstreamError(grpcError(code), { service: 'logging' });
    const asPublish = upstreamError(grpcError(code), { service: 'pubsub', doing: 'publish to t failed', retry: 'unlessRefused' });
    expect([asRead.retryable, asPublish.retryable]).toEqual([read, publish]);
    expect(asRead.code).toBe(code);
    expect(asPublish.message).toMatch(/^pubsub: publish to t failed: /);
    expect(transientStatuses.has(code ?? -1) || code === undefined).toBe(read);
  });

  it('says what to do where the adapter knows, keeping the cause', () => {
    const cause = grpcError(grpc.status.PERMISSION_DENIED);
    const error = upstreamError(cause, { service: 'securitycenter', advice: { [grpc.status.PERMISSION_DENIED]: 'grant roles/securitycenter.findingsViewer' } });
    expect(error).toMatchObject({ message: 'securitycenter: grant roles/securitycenter.findingsViewer', retryable: false, code: 7, cause });
  });

  it('passes an UpstreamError through, and reads only numeric codes', () => {
    const mapped = new UpstreamError('logging', 'already', true);
    expect(upstreamError(mapped, { service: 'x' })).toBe(mapped);
    expect(grpcCodeOf({ code: 'ECONNRESET' })).toBeUndefined();
    expect(grpcCodeOf(undefined)).toBeUndefined();
  });
});
