/** `replay`: a notification back on a topic, marked for a fresh triage. Loads the Pub/Sub client only to publish. */
import { decodeNotification } from '../notification/decode';
import { reanalyzeAttribute, unwrapDelivery } from '../notification/envelope';
import { PubSubPublisher } from '../publish/pubsub';
import { type CommandArgs, printJson, singleInput } from './args';
import { UsageError, exitCodes, readInput, writeLine } from './io';

const fullTopic = /^projects\/[^/\s]+\/topics\/[^/\s]+$/;

/** `replay <file> --topic projects/P/topics/T`: publishes the notification again, marked for reanalysis. */
export async function replayCommand(args: CommandArgs): Promise<number> {
  const file = singleInput(args);
  if (args.topic === undefined || !fullTopic.test(args.topic)) throw new UsageError('replay needs --topic projects/P/topics/T');
  const input = await readInput(file, args.io);
  const { notification } = decodeNotification(input);
  const { payload, meta } = unwrapDelivery(input);
  const publisher = new PubSubPublisher({ project: args.topic.split('/')[1], timeoutMs: args.config.publishTimeoutMs });
  try {
    const messageId = await publisher.publish(args.topic, {
      data: Buffer.from(JSON.stringify(payload)),
      attributes: { ...meta.attributes, [reanalyzeAttribute]: 'true' },
    });
    const result = { replayed: notification.finding.name, topic: args.topic, messageId };
    if (args.format === 'json') printJson(args.io, result);
    else writeLine(args.io.stdout, `replayed ${result.replayed} to ${result.topic} as message ${messageId}`);
    return exitCodes.handled;
  } finally {
    await publisher.close();
  }
}
