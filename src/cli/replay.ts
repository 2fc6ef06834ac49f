/**
 * `replay`: a notification back on a topic, marked for a fresh triage: from a file, or by its
 * finding's name, fetched from Security Command Center or from a folder of notifications. Loads
 * the Google clients only to fetch and to publish.
 */
import { stat } from 'node:fs/promises';
import { decodeNotification } from '../notification/decode';
import { reanalyzeAttribute, unwrapDelivery } from '../notification/envelope';
import { PubSubPublisher } from '../publish/pubsub';
import { LocalFindingLookup } from '../related/local-lookup';
import { type FindingLookup, type FindingName, parseFindingName } from '../related/lookup';
import { SecurityCenterFindingLookup } from '../related/security-center-lookup';
import { type CommandArgs, printJson, singleInput } from './args';
import { NotFoundError, UsageError, exitCodes, openNamed, readInput, writeLine } from './io';

const fullTopic = /^projects\/[^/\s]+\/topics\/[^/\s]+$/;

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * `replay <file|finding name> --topic projects/P/topics/T [--findings PATH]`: publishes the
 * notification again with reanalyze=true. A name is fetched only when no file has that path.
 */
export async function replayCommand(args: CommandArgs): Promise<number> {
  const target = singleInput(args);
  const topic = args.topic;
  if (topic === undefined || !fullTopic.test(topic)) throw new UsageError('replay needs --topic projects/P/topics/T');
  const name = target === '-' ? undefined : parseFindingName(target);
  const input = name !== undefined && !(await isFile(target)) ? await fetchByName(name, args) : await readFileInput(target, args);
  // The same decoder as the function's: what it would reject is not published.
  const { notification } = decodeNotification(input);
  const { payload, meta } = unwrapDelivery(input);
  const publisher = new PubSubPublisher({ project: topic.split('/')[1], timeoutMs: args.config.publishTimeoutMs });
  try {
    const messageId = await publisher.publish(topic, { data: Buffer.from(JSON.stringify(payload)), attributes: { ...meta.attributes, [reanalyzeAttribute]: 'true' } });
    const result = { replayed: notification.finding.name, topic, messageId };
    if (args.format === 'json') printJson(args.io, result);
    else writeLine(args.io.stdout, `replayed ${result.replayed} to ${result.topic} as message ${messageId}`);
    return exitCodes.handled;
  } finally {
    await publisher.close();
  }
}

function readFileInput(file: string, args: CommandArgs): Promise<unknown> {
  if (args.findings !== undefined) throw new UsageError(`--findings looks a finding up by its name; ${JSON.stringify(file)} is read as a file`);
  return readInput(file, args.io);
}

/**
 * The finding's newest notification: from the folder `--findings` names, else from SCC.
 * @throws NotFoundError when the source holds no such finding; UpstreamError when SCC cannot answer.
 */
async function fetchByName(name: FindingName, args: CommandArgs): Promise<unknown> {
  const lookup = await lookupFor(args);
  try {
    const found = await lookup.fetch(name);
    if (found === undefined) throw new NotFoundError(`no finding ${name.given} in ${args.findings ?? 'Security Command Center'}`);
    return found;
  } finally {
    await lookup.close();
  }
}

async function lookupFor(args: CommandArgs): Promise<FindingLookup> {
  if (args.findings === undefined) {
    return new SecurityCenterFindingLookup({ project: args.config.project, emulatorHost: args.config.securityCenterEmulatorHost, timeoutMs: args.config.deadlineMs });
  }
  const local = new LocalFindingLookup(args.findings);
  await openNamed('--findings', () => local.open());
  return local;
}
