/** The README's path from zero works as written: its deploy command passes the script's checks, and its filter is the contract's. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const fromZero = readme.slice(readme.indexOf('## From zero'), readme.indexOf('## The CLI'));
/** The shell commands of the block, continuation lines joined, comments dropped. */
const commands = (fromZero.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '')
  .replace(/\\\n\s*/g, '')
  .split('\n')
  .map((line) => line.replace(/\s+# .*$/, ''))
  .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));

describe('the README path from zero', () => {
  it('has the steps a team takes: secret, deploy, notification config, P1/P2 filter, replay', () => {
    expect(commands.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'npm ci',
      'printf \'%s\' "$CHAT_WEBHOOK_URL"',
      'deploy/deploy.sh --project sec-tools-prod',
      'gcloud scc notifications',
      'gcloud pubsub subscriptions',
      'npx scc-triage replay',
      'gcloud logging read',
    ]);
  });

  it('deploys with a command the script accepts, chat subscriber included', () => {
    const deploy = commands.find((c) => c.startsWith('deploy/deploy.sh'))!;
    const args = deploy.split(/\s+/).slice(1);
    const run = spawnSync('bash', [join(root, 'deploy', 'deploy.sh'), ...args, '--dry-run'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--entry-point=postSummary');
    expect(run.stdout).toContain('gcloud scc notifications create scc-triage');
  });

  it('filters P1 and P2 as the output contract documents', () => {
    const contract = readFileSync(join(root, 'docs', 'output-contract.md'), 'utf8');
    const filter = `attributes.kind = "triage" AND (attributes.priority = "P1" OR attributes.priority = "P2")`;
    expect(commands.find((c) => c.startsWith('gcloud pubsub subscriptions create'))).toContain(`--message-filter='${filter}'`);
    expect(contract).toContain(filter);
  });

  it('replays by finding name, a form the CLI takes', () => {
    const replay = commands.find((c) => c.startsWith('npx scc-triage replay'))!;
    expect(replay).toMatch(/^npx scc-triage replay organizations\/\d+\/sources\/\d+\/findings\/\w+ --topic projects\/[\w-]+\/topics\/scc-triage-findings$/);
  });
});
