/**
 * Start-up of the deployed source (package.json's `main`, the bundle scripts/bundle.js writes), in
 * a fresh Node process as Cloud Run functions starts it: what start-up checks and loads, and what
 * the first delivery loads.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const main = join(root, (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main);
const chatUrl = 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t';

/**
 * Runs `script` after requiring the deployed entry under `env`. `loaded()` in the script lists the
 * modules loaded so far, as `ours:FILE` (dist/deploy/) or the package they belong to.
 */
function start(env: Record<string, string>, script = '') {
  const prelude = `
    const loaded = () => [...new Set(Object.keys(require.cache).map((path) => {
      const ours = /[\\\\/]dist[\\\\/]deploy[\\\\/]([^\\\\/]+)$/.exec(path);
      if (ours) return 'ours:' + ours[1];
      const dep = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(path);
      if (!dep) return path;
      const name = dep[1].replace(/\\\\/g, '/');
      // The error mapping reads gRPC's status numbers from grpc-js's constants file: all of grpc-js that may load.
      return name === '@grpc/grpc-js' && /constants\\.js$/.test(path) ? name + ':constants.js' : name;
    }))];
    require(${JSON.stringify(main)});
    const { getFunction } = require('@google-cloud/functions-framework/testing');
  `;
  const result = spawnSync(process.execPath, ['-e', prelude + script], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none', ...env } });
  return { ...result, lines: result.stdout.trim().split('\n') };
}

const googleClients = /^(@google-cloud\/(pubsub|logging|security-center)|@grpc\/grpc-js|google-gax|protobufjs)$/;
const ours = (modules: string[]) => modules.filter((name) => name.startsWith('ours:')).sort();

describe('start-up of the deployed function', () => {
  it.each([
    ['triageFinding', { OUTPUT_TOPIC: 'out' }],
    ['postSummary', { FUNCTION_TARGET: 'postSummary', CHAT_WEBHOOK_URL: chatUrl }],
  ])('%s: loads only the start-up file, and no Google client, before its first delivery', (_target, env) => {
    const { status, stderr, lines } = start(env, `console.log(JSON.stringify(loaded()));`);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const modules = JSON.parse(lines[0]!) as string[];
    expect(ours(modules)).toEqual(['ours:index.js']);
    expect(modules.filter((name) => googleClients.test(name))).toEqual([]);
  });

  it.each([
    [{}, 'OUTPUT_TOPIC: required'],
    [{ OUTPUT_TOPIC: 'out', DEADLINE: 'soon' }, 'DEADLINE: expected a duration'],
    [{ FUNCTION_TARGET: 'postSummary' }, 'CHAT_WEBHOOK_URL or SLACK_WEBHOOK_URL: required'],
    [{ FUNCTION_TARGET: 'postSummary', CHAT_WEBHOOK_URL: chatUrl, MIN_PRIORITY: 'P9' }, 'MIN_PRIORITY'],
  ])('fails at start-up on %j, naming the variable', (env, message) => {
    const { status, stderr } = start(env);
    expect(status).not.toBe(0);
    expect(stderr).toContain(message);
  });
});

describe('the first delivery', () => {
  const outOfScope = JSON.stringify({
    finding: {
      name: 'organizations/1/sources/2/findings/f',
      resourceName: '//cloudresourcemanager.googleapis.com/projects/1',
      state: 'ACTIVE',
      category: 'Persistence: IAM Anomalous Grant',
      eventTime: '2025-01-01T00:00:00Z',
      parentDisplayName: 'Event Threat Detection',
    },
  });

  it('of the triage loads its module; a rejected or skipped delivery loads no Google client', () => {
    const { status, stderr, lines } = start(
      { OUTPUT_TOPIC: 'out', LOG_SOURCE: 'cloud' },
      `
      const handle = getFunction('triageFinding');
      (async () => {
        await handle({ data: { message: { data: 'not base64 ***' } } });
        await handle({ data: { message: { data: Buffer.from(${JSON.stringify(outOfScope)}).toString('base64') } } });
        console.log(JSON.stringify(loaded()));
      })();
    `,
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines.slice(0, 2).map((line) => JSON.parse(line).outcome)).toEqual(['rejected', 'skipped']);
    const modules = JSON.parse(lines[2]!) as string[];
    expect(ours(modules)).toEqual(['ours:function.js', 'ours:index.js']);
    // protobufjs alone (audit entries are decoded with it) is no client.
    expect(modules.filter((name) => googleClients.test(name) && name !== 'protobufjs')).toEqual([]);
  });

  it('of the subscriber loads its module, and nothing of the triage', () => {
    const { status, stderr, lines } = start(
      { FUNCTION_TARGET: 'postSummary', CHAT_WEBHOOK_URL: chatUrl },
      `
      const handle = getFunction('postSummary');
      (async () => {
        await handle({ data: { message: { data: Buffer.from('{"not":"a summary"}').toString('base64') } } });
        console.log(JSON.stringify(loaded()));
      })();
    `,
    );
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(lines[0]!).outcome).toBe('rejected');
    const modules = JSON.parse(lines[1]!) as string[];
    expect(ours(modules)).toEqual(['ours:index.js', 'ours:subscriber.js']);
    expect(modules.filter((name) => googleClients.test(name))).toEqual([]);
  });
});
