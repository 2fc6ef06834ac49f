import fc from 'fast-check';
import { and, equals, equalsAny, escapeString, logId, not, or, path, render } from '../../src/query/builder';
import { evaluate } from '../../src/query/evaluator';
import { encodeMatrixValue, explorerUrl } from '../../src/query/explorer';
import { parseQuery } from '../../src/query/parser';

describe('escapeString', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['\\"', '\\\\\\"'],
    ['line1\nline2\r\n', 'line1\\nline2\\r\\n'],
    ['tab\there', 'tab\\there'],
    ['bell\u0007', 'bell\\u0007'],
  ])('%j → %j', (input, expected) => {
    expect(escapeString(input)).toBe(expected);
  });
});

describe('render', () => {
  it('parenthesises OR inside AND, because OR binds tighter than AND only by accident of the grammar', () => {
    const filter = and(equals(path('resource.type'), 'k8s_node'), or(equals(path('a.b'), 'x'), not(equals(path('labels.c'), 'y'))));
    expect(render(filter)).toBe('resource.type="k8s_node"\nAND (a.b="x" OR NOT labels.c="y")');
  });

  it('renders value lists, quoted path segments and log_id()', () => {
    const filter = and(equalsAny(path('protoPayload.methodName'), ['a', 'b']), equals(path('labels', 'compute.googleapis.com/resource_name'), 'vm'), logId('cloudaudit.googleapis.com/activity'));
    expect(render(filter)).toBe('protoPayload.methodName=("a" OR "b")\nAND labels."compute.googleapis.com/resource_name"="vm"\nAND log_id("cloudaudit.googleapis.com/activity")');
  });

  it('round-trips any value: parsing the rendered filter gives back exactly that value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 20 }), (value, other) => {
        const filter = and(equals(path('resource.labels.pod_name'), value), equals(path('labels', `k/${other}`), other));
        expect(parseQuery(render(filter))).toEqual(filter);
      }),
      { numRuns: 500 },
    );
  });

  it('a hostile value matches only entries holding exactly that value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const filter = parseQuery(render(and(equals(path('resource.type'), 'k8s_container'), equals(path('resource.labels.pod_name'), value))));
        const same = { resource: { type: 'k8s_container', labels: { pod_name: value } } };
        const other = { resource: { type: 'gce_instance', labels: { pod_name: value } } };
        expect(evaluate(filter, same)).toBe(true);
        expect(evaluate(filter, other)).toBe(false);
      }),
    );
  });
});

describe('explorerUrl', () => {
  it('encodes the query, the time range and the cursor as matrix parameters', () => {
    const url = explorerUrl({
      query: 'resource.type="k8s_container"\nAND x=("a" OR "b");',
      start: '2025-03-04T13:52:31.418Z',
      end: '2025-03-04T14:37:31.418Z',
      cursor: '2025-03-04T14:22:31.418Z',
      projectId: 'acme-payments-prod',
    });
    expect(url).toBe(
      'https://console.cloud.google.com/logs/query;query=resource.type%3D%22k8s_container%22%0AAND%20x%3D%28%22a%22%20OR%20%22b%22%29%3B;timeRange=2025-03-04T13%3A52%3A31.418Z%2F2025-03-04T14%3A37%3A31.418Z;cursorTimestamp=2025-03-04T14%3A22%3A31.418Z?project=acme-payments-prod',
    );
  });

  it('never leaves a ; or a raw quote in the query parameter', () => {
    fc.assert(
      fc.property(fc.string(), (query) => {
        expect(encodeMatrixValue(query)).not.toMatch(/[;"() \n?#]/);
      }),
    );
  });
});
