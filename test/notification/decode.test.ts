import fc from 'fast-check';
import { InvalidNotificationError } from '../../src/errors';
import { decodeNotification } from '../../src/notification/decode';
import { parseJsonText } from '../../src/notification/envelope';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir, loadSample, sampleNames } from '../support/fixtures';

const bare = loadSample('gke-reverse-shell.json');
const push = loadSample('pubsub-envelope-gke-reverse-shell.json');
const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
const cloudEvent = {
  specversion: '1.0',
  type: 'google.cloud.pubsub.topic.v1.messagePublished',
  source: '//pubsub.googleapis.com/projects/p/topics/scc',
  id: '42',
  data: { message: { data: base64(bare), messageId: '42', publishTime: '2025-03-04T14:22:40Z', attributes: { reanalyze: 'true' } }, subscription: 's' },
};

describe('decodeNotification accepts every shape', () => {
  it.each([
    ['bare NotificationMessage', bare, 'bare', undefined],
    ['Pub/Sub push body', push, 'push', push.message.messageId],
    ['messagePublished CloudEvent', cloudEvent, 'cloudevent', '42'],
  ])('%s', (_name, input, shape, messageId) => {
    const { notification, meta } = decodeNotification(input);
    expect(notification.finding.name).toBe(bare.finding.name);
    expect(meta.shape).toBe(shape);
    expect(meta.messageId).toBe(messageId);
  });

  it('keeps delivery attributes', () => {
    expect(decodeNotification(cloudEvent).meta.attributes).toEqual({ reanalyze: 'true' });
  });

  it.each(sampleNames)('validates sample %s', (name) => {
    expect(() => decodeNotification(loadSample(name))).not.toThrow();
  });

  it('keeps unknown fields and normalises int64 and ports', () => {
    const sample = loadSample('gke-reverse-shell.json');
    sample.finding.brandNewField = { x: 1 };
    sample.finding.processes[0].pid = 48213;
    const { notification } = decodeNotification(sample);
    expect((notification.finding as Record<string, unknown>).brandNewField).toEqual({ x: 1 });
    expect(notification.finding.processes?.[0]?.pid).toBe('48213');
  });
});

const mutate = (edit: (n: Record<string, any>) => void) => {
  const copy = loadSample('gke-reverse-shell.json');
  edit(copy);
  return copy;
};

describe('decodeNotification rejects bad input, naming the field and the reason', () => {
  it.each([
    ['{}', {}, '', 'not a notification'],
    ['an array', [], '', 'expected a JSON object'],
    ['a string', 'hello', '', 'expected a JSON object'],
    ['null', null, '', 'got null'],
    ['missing finding', { notificationConfigName: 'x' }, 'finding', 'required'],
    [
      'event time not a timestamp',
      mutate((n) => {
        n.finding.eventTime = 'yesterday';
      }),
      'finding.eventTime',
      'RFC 3339',
    ],
    [
      'event time a number',
      mutate((n) => {
        n.finding.eventTime = 1741098151;
      }),
      'finding.eventTime',
      'expected string, got a number',
    ],
    [
      'unknown state',
      mutate((n) => {
        n.finding.state = 'SLEEPING';
      }),
      'finding.state',
      'expected one of ACTIVE|INACTIVE|STATE_UNSPECIFIED',
    ],
    [
      'state missing (zod 4 reports it as invalid_value)',
      mutate((n) => {
        delete n.finding.state;
      }),
      'finding.state',
      'required: one of ACTIVE|INACTIVE|STATE_UNSPECIFIED',
    ],
    [
      'a used field wrong next to a lenient one: the used field is named first',
      mutate((n) => {
        n.finding.createTime = 'xyz';
        n.finding.eventTime = 'xyz';
      }),
      'finding.eventTime',
      'RFC 3339',
    ],
    [
      'sourceProperties a non-empty list (read by the triage: not normalised)',
      mutate((n) => {
        n.finding.sourceProperties = [1];
      }),
      'finding.sourceProperties',
      'expected record',
    ],
    [
      'pid not an integer',
      mutate((n) => {
        n.finding.processes[0].pid = 'abc';
      }),
      'finding.processes.0.pid',
      'integer',
    ],
    [
      'args not strings',
      mutate((n) => {
        n.finding.processes[0].args = [1, 2];
      }),
      'finding.processes.0.args.0',
      'expected string',
    ],
    [
      'empty resource name',
      mutate((n) => {
        n.finding.resourceName = '';
      }),
      'finding.resourceName',
      'must not be empty',
    ],
    ['push data not base64', { message: { data: 'not base64!!' } }, 'message.data', 'not base64'],
    ['push data base64 of text', { message: { data: Buffer.from('hello').toString('base64') } }, 'message.data', 'does not decode to JSON'],
    ['push data empty', { message: { data: '' } }, 'message.data', 'empty'],
    ['push data missing', { message: {} }, 'message.data', 'expected a base64 string'],
    ['CloudEvent message not an object', { data: { message: 'x' } }, 'data.message', 'expected an object'],
    ['attribute not a string', { message: { data: base64(bare), attributes: { a: 1 } } }, 'message.attributes.a', 'expected a string'],
    ['envelope around an invalid notification', { message: { data: base64({ finding: {} }) } }, 'finding.name', 'required'],
  ])('%s', (_name, input, path, reason) => {
    let caught: unknown;
    try {
      decodeNotification(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidNotificationError);
    const error = caught as InvalidNotificationError;
    expect(error.path).toBe(path);
    expect(error.message).toContain(reason);
    expect(error.retryable).toBe(false);
  });

  it.each([
    ['empty text', ''],
    ['not JSON', '{"finding": '],
  ])('parseJsonText: %s', (_name, text) => {
    expect(() => parseJsonText(text)).toThrow(InvalidNotificationError);
  });
});

describe('the decoder never throws anything but InvalidNotificationError', () => {
  const check = (input: unknown) => {
    try {
      decodeNotification(input);
    } catch (error) {
      if (!(error instanceof InvalidNotificationError)) throw error;
    }
  };

  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 500 });
  });

  it('on any value at all, including inside envelopes', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string(), (value, data) => {
        check(value);
        check({ message: { data, attributes: value } });
        check({ data: { message: value } });
        check({ finding: value, resource: value });
      }),
      { numRuns: 500 },
    );
  });

  it('on samples with a random field replaced by a random value', () => {
    const paths = ['finding', 'finding.processes', 'finding.kubernetes.pods', 'finding.sourceProperties', 'resource', 'finding.mitreAttack', 'finding.containers'];
    fc.assert(
      fc.property(fc.constantFrom(...sampleNames), fc.constantFrom(...paths), fc.anything(), (name, path, value) => {
        const sample = loadSample(name);
        const target = sample.finding ?? sample;
        const keys = path.split('.');
        let node: Record<string, any> = keys[0] === 'finding' ? { finding: target } : sample;
        for (const key of keys.slice(0, -1)) node = node?.[key] ?? {};
        node[keys.at(-1)!] = value;
        check(sample);
      }),
      { numRuns: 300 },
    );
  });
});

describe('strict on what the triage uses, lenient on the rest', () => {
  // test/fixtures/real-shapes: Google SecOps' published sample findings (`sourceProperties: []`, contacts as key/value pairs) and XSOAR's (`createTime: "xyz"`).
  const exported = JSON.parse(readFileSync(join(fixturesDir, 'real-shapes', 'cloudrun-malicious-python-secops-export.json'), 'utf8'));

  it("accepts an exporter's shapes, says what it normalised or set aside, and keeps the rest", () => {
    const { notification, warnings } = decodeNotification(exported);
    expect(warnings).toEqual([
      'finding.sourceProperties: an empty list, read as no properties',
      'finding.contacts: a list of key/value pairs, read as a map',
      'finding.createTime: ignored (expected an RFC 3339 timestamp such as 2025-03-04T14:22:31.418Z)',
    ]);
    expect(notification.finding.contacts).toEqual({
      security: { contacts: [{ email: 'secops@acme.example' }, { email: 'oncall@acme.example' }] },
      technical: { contacts: [{ email: 'billing-team@acme.example' }] },
    });
    expect(notification.finding.createTime).toBeUndefined();
    expect(notification.finding.sourceProperties).toEqual({});
    expect(notification.finding.securityMarks).toEqual(exported.finding.securityMarks);
  });

  it.each([
    ['muteUpdateTime', 42, 'finding.muteUpdateTime: ignored (expected string, got a number)'],
    ['mitreAttack', 'T1059', 'finding.mitreAttack: ignored (expected object, got a string)'],
    ['description', { text: 'x' }, 'finding.description: ignored (expected string, got an object)'],
  ])('a malformed %s is set aside with a warning', (field, value, warning) => {
    const input = loadSample('gke-reverse-shell.json');
    input.finding[field] = value;
    const { notification, warnings } = decodeNotification(input);
    expect(warnings).toEqual([warning]);
    expect(notification.finding[field as keyof typeof notification.finding]).toBeUndefined();
  });

  it("a container's malformed createTime inside the pod list is set aside, the pod kept", () => {
    const input = loadSample('gke-reverse-shell.json');
    input.finding.kubernetes.pods[0].containers[0].createTime = 7;
    const { notification, warnings } = decodeNotification(input);
    expect(warnings).toEqual(['finding.kubernetes.pods.0.containers.0.createTime: ignored (expected string, got a number)']);
    expect(notification.finding.kubernetes?.pods?.[0]?.name).toBe(input.finding.kubernetes.pods[0].name);
  });

  it('a valid notification has no warnings', () => {
    expect(decodeNotification(bare).warnings).toEqual([]);
  });

  it("never changes the caller's object", () => {
    const input = JSON.parse(JSON.stringify(exported));
    decodeNotification(input);
    expect(input).toEqual(exported);
  });
});
