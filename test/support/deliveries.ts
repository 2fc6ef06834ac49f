/** Building deliveries the way Pub/Sub and Eventarc send them. */

/** A Pub/Sub push body around a notification. */
export function pushBody(notification: unknown, options: { messageId?: string; attributes?: Record<string, string> } = {}) {
  return {
    message: {
      data: Buffer.from(JSON.stringify(notification)).toString('base64'),
      messageId: options.messageId ?? String(Math.floor(Math.random() * 1e12)),
      publishTime: '2025-03-04T14:22:40.000Z',
      attributes: options.attributes ?? {},
    },
    subscription: 'projects/scc-triage-test/subscriptions/eventarc-sub',
  };
}

/** POSTs a messagePublished CloudEvent in binary mode (ce-* headers, push body as data). */
export function postBinary(url: string, body: ReturnType<typeof pushBody>, headers: Record<string, string> = {}): Promise<Response> {
  return postBinaryText(url, body.message.messageId, JSON.stringify(body), body.message.publishTime, headers);
}

/** The same, with a push body already written as JSON text (one too deep for JSON.stringify). */
export function postBinaryText(url: string, messageId: string, body: string, time = '2025-03-04T14:22:40.000Z', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-type': 'google.cloud.pubsub.topic.v1.messagePublished',
      'ce-source': '//pubsub.googleapis.com/projects/scc-triage-test/topics/scc-findings',
      'ce-id': messageId,
      'ce-time': time,
      ...headers,
    },
    body,
  });
}

/** POSTs the same CloudEvent in structured mode. */
export function postStructured(url: string, body: ReturnType<typeof pushBody>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({
      specversion: '1.0',
      type: 'google.cloud.pubsub.topic.v1.messagePublished',
      source: '//pubsub.googleapis.com/projects/scc-triage-test/topics/scc-findings',
      id: body.message.messageId,
      time: body.message.publishTime,
      datacontenttype: 'application/json',
      data: body,
    }),
  });
}

/** POSTs a raw Pub/Sub push body (no CloudEvent headers); the framework converts it. */
export function postRawPush(url: string, body: ReturnType<typeof pushBody>): Promise<Response> {
  return fetch(`${url}projects/scc-triage-test/topics/scc-findings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** POSTs a legacy background event; the framework converts it. */
export function postLegacy(url: string, body: ReturnType<typeof pushBody>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      context: {
        eventId: body.message.messageId,
        timestamp: body.message.publishTime,
        eventType: 'google.pubsub.topic.publish',
        resource: { service: 'pubsub.googleapis.com', name: 'projects/scc-triage-test/topics/scc-findings', type: 'type.googleapis.com/google.pubsub.v1.PubsubMessage' },
      },
      data: { '@type': 'type.googleapis.com/google.pubsub.v1.PubsubMessage', data: body.message.data, attributes: body.message.attributes },
    }),
  });
}
