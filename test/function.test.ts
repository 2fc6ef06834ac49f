/** Cold start and lazy loading, on the compiled function in a fresh Node process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

function runInFreshProcess(script: string) {
  const result = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none' } });
  return { ...result, lines: result.stdout.trim().split('\n') };
}

describe('the function instance', () => {
  it('never loads the Google clients for a rejected or skipped delivery', () => {
    const { lines, status, stderr } = runInFreshProcess(`
      const { createFunctionHandler } = require('./dist/function.js');
      const handle = createFunctionHandler({ OUTPUT_TOPIC: 'out', LOG_SOURCE: 'cloud' });
      const loaded = () => Object.keys(require.cache).filter((k) => /@google-cloud[\\\\/](pubsub|logging)[\\\\/]/.test(k)).length;
      const out = JSON.stringify({ finding: { name: 'n', resourceName: '//cloudresourcemanager.googleapis.com/projects/1', state: 'ACTIVE', category: 'Persistence: IAM Anomalous Grant', eventTime: '2025-01-01T00:00:00Z', parentDisplayName: 'Event Threat Detection' } });
      (async () => {
        await handle({ data: { message: { data: 'not base64 ***' } } });
        await handle({ data: { message: { data: Buffer.from(out).toString('base64') } } });
        console.log('loaded=' + loaded());
      })();
    `);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines.map((line) => (line.startsWith('{') ? JSON.parse(line).outcome : line))).toEqual(['rejected', 'skipped', 'loaded=0']);
  });

  it('fails at cold start, naming the variable, when OUTPUT_TOPIC is missing', () => {
    const result = runInFreshProcess(`require('./dist/function.js').createFunctionHandler({})`);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('OUTPUT_TOPIC: required');
  });
});
