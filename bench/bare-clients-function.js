// The cold-start bench's floor: a bare function that does the least the triage's first delivery
// must, with Google's own clients: on its first event it loads @google-cloud/logging and
// @google-cloud/pubsub, reads one page of entries (one round trip) and publishes one message. No
// function that reads Cloud Logging and publishes with these clients can answer its first
// delivery sooner. Settings as the function takes them: LOGGING_EMULATOR_HOST, OUTPUT_TOPIC.
const functions = require('@google-cloud/functions-framework');

let clients;

function load() {
  const { Logging } = require('@google-cloud/logging');
  const { PubSub } = require('@google-cloud/pubsub');
  const grpc = require('@grpc/grpc-js');
  const [host, port] = process.env.LOGGING_EMULATOR_HOST.split(':');
  const projectId = process.env.GOOGLE_CLOUD_PROJECT;
  const logging = new Logging({ projectId, apiEndpoint: host, port: Number(port), sslCreds: grpc.credentials.createInsecure() });
  const topic = new PubSub({ projectId }).topic(process.env.OUTPUT_TOPIC, { batching: { maxMessages: 1, maxMilliseconds: 0 } });
  return { logging, topic };
}

functions.cloudEvent('bareClients', async () => {
  clients ??= load();
  await clients.logging.getEntries({ resourceNames: [`projects/${process.env.GOOGLE_CLOUD_PROJECT}`], filter: 'severity>=DEFAULT', pageSize: 1, autoPaginate: false });
  await clients.topic.publishMessage({ data: Buffer.from('{}') });
  console.log(JSON.stringify({ component: 'bare-clients', outcome: 'published' }));
});
