import fc from 'fast-check';
import { InvalidNotificationError } from '../../src/errors';
import { decodeNotification } from '../../src/notification/decode';
import { parseJsonText } from '../../src/notification/envelope';
import { loadSample, sampleNames } from '../support/fixtures';

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
