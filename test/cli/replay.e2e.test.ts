/** `scc-triage replay`: the notification goes back on the input topic, marked for reanalysis. */
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import { emulatorClient, inbox } from '../support/pubsub';
import { loadSample, samplesDir } from '../support/fixtures';

function io() {
  const out = { stdout: '', stderr: '' };
  const value: CliIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), readStdin: async () => '', isTty: false, stderrIsTty: false, env: {} };
  return { value, out };
}

describe('scc-triage replay', () => {
  it.each(['gke-reverse-shell.json', 'pubsub-envelope-gke-reverse-shell.json'])('publishes %s (bare or enveloped) with reanalyze=true', async (name) => {
    const client = emulatorClient();
    const box = await inbox(client, 'replay-input', `replay-${name.replace(/\W/g, '-')}`);
    try {
      const cli = io();
      const code = await main(['replay', join(samplesDir, name), '--topic', 'projects/scc-triage-test/topics/replay-input', '--format', 'json'], cli.value);
      expect(cli.out.stderr).toBe('');
      expect(code).toBe(0);
      const { messageId } = JSON.parse(cli.out.stdout);
      const message = await box.waitForMatch((m) => m.id === messageId);
      expect(message.attributes.reanalyze).toBe('true');
      expect(message.json()).toEqual(loadSample('gke-reverse-shell.json'));
    } finally {
      await box.close();
      await client.close();
    }
  });

  it.each([
    [['replay', join(samplesDir, 'gke-reverse-shell.json')], 'replay needs --topic'],
    [['replay', join(samplesDir, 'gke-reverse-shell.json'), '--topic', 'just-a-topic'], 'replay needs --topic projects/P/topics/T'],
  ])('exits 2 on %j', async (args, message) => {
    const cli = io();
    expect(await main(args, cli.value)).toBe(2);
    expect(cli.out.stderr).toContain(message);
  });

  it('refuses to replay an invalid notification', async () => {
    const cli = io();
    expect(await main(['replay', join(samplesDir, '..', 'expected-sections.json'), '--topic', 'projects/p/topics/t'], cli.value)).toBe(2);
  });
});
