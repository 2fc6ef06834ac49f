/** Trace fields for the log lines: W3C traceparent first, X-Cloud-Trace-Context second, only with a project. */
import { traceFields } from '../../src/delivery/trace';

const trace = 'logging.googleapis.com/trace';
const span = 'logging.googleapis.com/spanId';
const sampled = 'logging.googleapis.com/trace_sampled';
const id = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('traceFields', () => {
  it.each<[string, Parameters<typeof traceFields>[0], Record<string, unknown>]>([
    ['a sampled traceparent', { traceparent: `00-${id}-00f067aa0ba902b7-01` }, { [trace]: `projects/p1/traces/${id}`, [span]: '00f067aa0ba902b7', [sampled]: true }],
    ['an unsampled traceparent', { traceparent: `00-${id}-00f067aa0ba902b7-00` }, { [trace]: `projects/p1/traces/${id}`, [span]: '00f067aa0ba902b7', [sampled]: false }],
    ['X-Cloud-Trace-Context, its decimal span in hex', { cloudTraceContext: `${id.toUpperCase()}/12345;o=1` }, { [trace]: `projects/p1/traces/${id}`, [span]: '0000000000003039', [sampled]: true }],
    ['X-Cloud-Trace-Context without options', { cloudTraceContext: `${id}/18446744073709551615` }, { [trace]: `projects/p1/traces/${id}`, [span]: 'ffffffffffffffff' }],
    ['traceparent over X-Cloud-Trace-Context', { traceparent: `00-${id}-00f067aa0ba902b7-01`, cloudTraceContext: `${'a'.repeat(32)}/1;o=1` }, { [trace]: `projects/p1/traces/${id}` }],
    ['a bad traceparent, then X-Cloud-Trace-Context', { traceparent: 'garbage', cloudTraceContext: `${id}/1` }, { [span]: '0000000000000001' }],
  ])('%s', (_, headers, expected) => {
    expect(traceFields(headers, 'p1')).toMatchObject(expected);
  });

  it.each<[string, Parameters<typeof traceFields>[0]]>([
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
    ['an all-zero span id', { traceparent: `00-${id}-${'0'.repeat(16)}-01` }],
    ['version ff', { traceparent: `ff-${id}-00f067aa0ba902b7-01` }],
    ['upper-case traceparent hex', { traceparent: `00-${id.toUpperCase()}-00F067AA0BA902B7-01` }],
    ['a span over 64 bits', { cloudTraceContext: `${id}/18446744073709551616` }],
    ['span 0', { cloudTraceContext: `${id}/0;o=1` }],
    ['a value that tries to add a field', { cloudTraceContext: `${id}/1;o=1","severity":"DEBUG` }],
    ['no headers', {}],
  ])('gives no trace for %s', (_, headers) => {
    expect(traceFields(headers, 'p1')).toEqual({});
  });

  it('gives no trace without a project', () => {
    expect(traceFields({ traceparent: `00-${id}-00f067aa0ba902b7-01` }, undefined)).toEqual({});
  });
});
