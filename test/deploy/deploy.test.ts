/** deploy/deploy.sh --dry-run prints every gcloud command, runs none, and sets up what the issue asks. */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', '..', 'deploy', 'deploy.sh');

function dryRun(args: string[]) {
  // A gcloud that records any call: a dry run must make none.
  const bin = mkdtempSync(join(tmpdir(), 'fake-gcloud-'));
  const marker = join(bin, 'called');
  writeFileSync(join(bin, 'gcloud'), `#!/bin/sh\necho "$@" >> "${marker}"\nexit 1\n`);
  chmodSync(join(bin, 'gcloud'), 0o755);
  const result = spawnSync('bash', [script, ...args], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  return { ...result, gcloudCalled: existsSync(marker) };
}

describe('deploy.sh --dry-run', () => {
  const result = dryRun(['--project', 'acme-sec-prod', '--organization', '123456789012', '--region', 'europe-west1', '--log-projects', 'acme-payments-prod,acme-billing-prod', '--dry-run']);
  const lines = result.stdout.split('\n');
  const commands = lines.filter((line) => line.startsWith('gcloud') || line.startsWith('# if missing: gcloud')).map((line) => line.replace('# if missing: ', ''));
  const find = (...parts: string[]) => commands.filter((command) => parts.every((part) => command.includes(part)));

  it('runs nothing and succeeds', () => {
    expect(result.status).toBe(0);
    expect(result.gcloudCalled).toBe(false);
  });

  it('creates the input, output, rejected and dead-letter topics if missing, and a dead-letter subscription', () => {
    for (const topic of ['scc-triage-findings', 'scc-triage-summaries', 'scc-triage-rejected', 'scc-triage-dead-letter']) {
      expect(lines).toContain(`# if missing: gcloud pubsub topics create ${topic} --project=acme-sec-prod`);
    }
    expect(find('pubsub subscriptions create scc-triage-dead-letter-sub', '--topic=scc-triage-dead-letter')).toHaveLength(1);
  });

  it.each(['scc-triage-summaries', 'scc-triage-rejected', 'scc-triage-dead-letter'])('gives %s a subscription that keeps messages and never expires', (topic) => {
    const [create] = find(`pubsub subscriptions create ${topic}-sub`);
    expect(create).toContain(`--topic=${topic} `);
    expect(create).toContain('--message-retention-duration=7d');
    expect(create).toContain('--expiration-period=never');
  });

  it('serves internal traffic only (the Pub/Sub trigger is internal)', () => {
    const [deploy] = find('gcloud functions deploy scc-triage');
    expect(deploy).toContain('--ingress-settings=internal-only');
    expect(deploy).not.toContain('--allow-unauthenticated');
  });

  it('alerts on dead-lettered findings and on failed outcomes, through a log-based metric', () => {
    const [metric] = find('gcloud logging metrics create scc-triage-failed-deliveries');
    const filter = metric!.match(/--log-filter=(.*)$/)![1]!.replace(/\\(.)/g, '$1');
    expect(filter).toBe('resource.type="cloud_run_revision" AND resource.labels.service_name="scc-triage" AND jsonPayload.component="scc-triage" AND jsonPayload.outcome="failed"');
    expect(find('gcloud monitoring policies create', '--policy-from-file=')).toHaveLength(2);
    expect(result.stdout).toContain('metric.type = \\"pubsub.googleapis.com/subscription/dead_letter_message_count\\"');
    expect(result.stdout).toContain('metric.type = \\"logging.googleapis.com/user/scc-triage-failed-deliveries\\"');
    expect(find('gcloud services enable', 'monitoring.googleapis.com')).toHaveLength(1);
  });

  it('grants least privilege: publisher on the output and rejected topics only, private log viewer where the logs are', () => {
    const sa = 'serviceAccount:scc-triage-fn@acme-sec-prod.iam.gserviceaccount.com';
    const publisherGrants = find(sa, 'roles/pubsub.publisher');
    expect(publisherGrants.map((c) => c.split(' ')[4])).toEqual(['scc-triage-summaries', 'scc-triage-rejected']);
    expect(publisherGrants.every((c) => c.startsWith('gcloud pubsub topics add-iam-policy-binding'))).toBe(true);
    expect(find(sa, 'roles/logging.privateLogViewer').map((c) => c.split(' ')[3])).toEqual(['acme-payments-prod', 'acme-billing-prod']);
    expect(find(sa, 'projects add-iam-policy-binding').every((c) => c.includes('roles/logging.privateLogViewer'))).toBe(true);
    expect(find(sa, 'organizations add-iam-policy-binding 123456789012', 'roles/securitycenter.findingsViewer')).toHaveLength(1);
    expect(
      find(sa)
        .filter((c) => c.includes('add-iam-policy-binding'))
        .map((c) => c.match(/--role=(\S+)/)![1]),
    ).toEqual([
      'roles/pubsub.publisher',
      'roles/pubsub.publisher',
      'roles/securitycenter.findingsViewer',
      'roles/logging.privateLogViewer',
      'roles/logging.privateLogViewer',
      'organizations/123456789012/roles/sccTriageWorkloadReader',
    ]);
  });

  it('reads workload specs through a custom role holding only the five get permissions', () => {
    const [create] = find('gcloud iam roles create sccTriageWorkloadReader', '--organization=123456789012');
    // The calls are made from the function's project, so its Container API is on (the Cloud Run one already is).
    expect(find('gcloud services enable', 'container.googleapis.com', 'run.googleapis.com')).toHaveLength(1);
    expect(create!.replace(/\\(.)/g, '$1')).toContain('--permissions=container.clusters.get,run.services.get,run.revisions.get,run.jobs.get,run.executions.get ');
  });

  it('deploys a gen2 nodejs22 function on the input topic, with retries and bounded scale', () => {
    const [deploy] = find('gcloud functions deploy scc-triage');
    for (const flag of [
      '--gen2',
      '--runtime=nodejs22',
      '--region=europe-west1',
      '--entry-point=triageFinding',
      '--trigger-topic=scc-triage-findings',
      '--retry',
      '--max-instances=2',
      '--concurrency=80',
      '--timeout=120s',
      '--memory=1Gi',
      '--service-account=scc-triage-fn@acme-sec-prod.iam.gserviceaccount.com',
    ]) {
      expect(deploy).toContain(flag);
    }
    expect(deploy).toMatch(/ --env-vars-file=\S+$/);
    expect(deploy).not.toContain('--set-env-vars');
    expect(lines).toContain("#   OUTPUT_TOPIC: 'projects/acme-sec-prod/topics/scc-triage-summaries'");
    expect(lines).toContain("#   GOOGLE_CLOUD_PROJECT: 'acme-sec-prod'");
    expect(lines).toContain("#   REJECTED_TOPIC: 'projects/acme-sec-prod/topics/scc-triage-rejected'");
    // Two instances share the project's 60 reads a minute.
    expect(lines).toContain("#   READ_QUOTA_PER_MINUTE: '30'");
  });

  it('writes LOG_SCOPE as one quoted YAML value', () => {
    const scoped = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--log-scope', 'projects/acme-logs/locations/global/buckets/central/views/_AllLogs,folders/4412', '--dry-run']);
    expect(scoped.status).toBe(0);
    expect(scoped.stdout).toContain("#   LOG_SCOPE: 'projects/acme-logs/locations/global/buckets/central/views/_AllLogs,folders/4412'");
  });

  it('splits a raised read quota across the instances', () => {
    const raised = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--read-quota', '240', '--max-instances', '3', '--dry-run']);
    expect(raised.status).toBe(0);
    expect(raised.stdout).toContain("#   READ_QUOTA_PER_MINUTE: '80'");
  });

  it('bounds retries and dead-letters on the trigger subscription', () => {
    const [update] = find('pubsub subscriptions update');
    expect(update).toContain('--dead-letter-topic=projects/acme-sec-prod/topics/scc-triage-dead-letter');
    expect(update).toContain('--max-delivery-attempts=10');
    expect(update).toContain('--max-retry-delay=600s');
  });

  it('streams container runtime threats, ACTIVE and INACTIVE, without dropping mute updates', () => {
    const [create] = find('scc notifications create scc-triage');
    expect(create).toContain('--pubsub-topic=projects/acme-sec-prod/topics/scc-triage-findings');
    const filter = result.stdout.match(/--filter=(.*)$/m)![1]!.replace(/\\(.)/g, '$1');
    expect(filter).toContain('category="Reverse Shell"');
    expect(filter).toContain('category="Execution: Malicious Python executed"');
    expect(filter).toContain('category="Execution: Possible Remote Command Execution Detected"');
    expect(filter).toMatch(/\) AND \(state="ACTIVE" OR state="INACTIVE"\)$/);
    expect(filter).not.toContain('mute');
  });

  const base = ['--project', 'acme-sec-prod', '--organization', '1'];
  it.each<[string, string[], string]>([
    ['no project', ['--organization', '1'], '--project and --organization are required'],
    ['a project id with upper case and _', ['--project', 'Bad_Project', '--organization', '1'], '--project is not a project id'],
    ['a project id that is a flag', ['--project', '--organization', '1'], '--project needs a value'],
    ['a non-numeric organization', ['--project', 'acme-sec-prod', '--organization', 'org'], '--organization must be a numeric organization id'],
    ['an organization with a flag appended', ['--project', 'acme-sec-prod', '--organization', '1 --condition=None'], '--organization must not contain whitespace'],
    ['a flag-shaped --name', [...base, '--name', '--all'], '--name needs a value'],
    ['a --name with a separator', [...base, '--name', 'a;b'], '--name must be 3-27'],
    ['a --name with a space and a flag', [...base, '--name', 'x --allow-unauthenticated'], '--name must not contain whitespace'],
    ['an upper-case --name', [...base, '--name', 'SccTriage'], '--name must be 3-27'],
    ['a --name too long for its service account', [...base, '--name', 'a'.repeat(28)], '--name must be 3-27'],
    ['a missing value at the end', [...base, '--region'], '--region needs a value'],
    ['a region with a flag', [...base, '--region', 'us-central1 --allow-unauthenticated'], '--region must not contain whitespace'],
    ['a --log-projects entry that is a flag', [...base, '--log-projects', 'acme-payments-prod,--role=roles/owner'], '--log-projects entry is not a project id: --role=roles/owner'],
    ['a --log-projects entry that is a member', [...base, '--log-projects', 'acme-payments-prod --member=allUsers'], '--log-projects must not contain whitespace'],
    ['an empty --log-projects entry', [...base, '--log-projects', 'acme-payments-prod,,acme-billing-prod'], '--log-projects has an empty entry'],
    ['a ; in --log-scope', [...base, '--log-scope', 'projects/acme-logs;MASK_SECRETS=false'], '--log-scope entry is not'],
    ['a newline in --log-scope', [...base, '--log-scope', "projects/acme-logs\nMASK_SECRETS: 'false'"], '--log-scope must not contain whitespace'],
    ['a newline in --log-projects', [...base, '--log-projects', 'acme-payments-prod\n--role=roles/owner'], '--log-projects must not contain whitespace'],
    ['a tab in --project', ['--project', 'acme-sec-prod\t', '--organization', '1'], '--project must not contain whitespace'],
    ['a quote in --log-scope', [...base, '--log-scope', "projects/acme-logs'"], '--log-scope entry is not'],
    ['a --log-scope that is not a resource name', [...base, '--log-scope', 'buckets/central'], '--log-scope entry is not'],
    ['a read quota with a setting appended', [...base, '--read-quota', '60;MASK_SECRETS=false'], 'positive whole number'],
    ['a quota that cannot be split', [...base, '--read-quota', '1', '--max-instances', '2'], 'cannot be split'],
  ])('refuses %s: exit 2, one line naming the flag, no command', (_, args, message) => {
    const bad = dryRun([...args, '--dry-run']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(message);
    expect(bad.stderr.split('\n')[0]).toMatch(/^deploy\.sh: /);
    expect(bad.gcloudCalled).toBe(false);
    expect(bad.stdout).not.toMatch(/^(# if missing: )?gcloud /m);
  });
});

describe('deploy.sh log access, alert channels and an unbuilt clone', () => {
  const sa = 'serviceAccount:scc-triage-fn@acme-sec-prod.iam.gserviceaccount.com';
  const commandsOf = (stdout: string) => stdout.split('\n').filter((line) => /^(# if missing: )?gcloud /.test(line));

  it('grants roles/logging.viewAccessor on each log view of --log-scope, and privateLogViewer on a folder, not the own project', () => {
    const scope = 'projects/acme-logs/locations/global/buckets/central/views/_AllLogs,organizations/77/locations/eu/buckets/sec/views/v1,folders/4412';
    const scoped = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--log-scope', scope, '--dry-run']);
    expect(scoped.status).toBe(0);
    const grants = commandsOf(scoped.stdout).filter((c) => c.includes(sa) && /roles\/logging\./.test(c));
    expect(grants).toEqual([
      `gcloud logging views add-iam-policy-binding _AllLogs --bucket=central --location=global --project=acme-logs --member=${sa} --role=roles/logging.viewAccessor`,
      `gcloud logging views add-iam-policy-binding v1 --bucket=sec --location=eu --organization=77 --member=${sa} --role=roles/logging.viewAccessor`,
      `gcloud resource-manager folders add-iam-policy-binding 4412 --member=${sa} --role=roles/logging.privateLogViewer --condition=None`,
    ]);
  });

  it('grants on the log projects as well when both are given', () => {
    const both = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--log-projects', 'acme-payments-prod', '--log-scope', 'projects/acme-logs', '--dry-run']);
    const grants = commandsOf(both.stdout).filter((c) => c.includes(sa) && c.includes('roles/logging.'));
    expect(grants.map((c) => c.split(' ')[3])).toEqual(['acme-logs', 'acme-payments-prod']);
  });

  it('adds notification channels to both alert policies', () => {
    const channel = 'projects/acme-sec-prod/notificationChannels/1234567';
    const alerted = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--alert-channels', channel, '--dry-run']);
    const policies = commandsOf(alerted.stdout).filter((c) => c.includes('monitoring policies create'));
    expect(policies).toHaveLength(2);
    expect(policies.every((c) => c.endsWith(`--notification-channels=${channel}`))).toBe(true);
  });

  it.each([
    ['a channel in another shape', 'acme/notificationChannels/1'],
    ['a channel with a flag appended', 'projects/acme-sec-prod/notificationChannels/1,--role=roles/owner'],
  ])('refuses %s', (_, channels) => {
    const bad = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--alert-channels', channels, '--dry-run']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--alert-channels entry is not projects/P/notificationChannels/ID');
    expect(bad.gcloudCalled).toBe(false);
  });

  it('says in one line that an unbuilt, uninstalled clone needs npm ci', () => {
    const clone = mkdtempSync(join(tmpdir(), 'unbuilt-'));
    mkdirSync(join(clone, 'deploy'));
    for (const file of ['deploy.sh', 'notification-filter.js', 'alert-policies.js']) copyFileSync(join(__dirname, '..', '..', 'deploy', file), join(clone, 'deploy', file));
    const run = spawnSync('bash', [join(clone, 'deploy', 'deploy.sh'), '--project', 'acme-sec-prod', '--organization', '1', '--dry-run'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('deploy.sh: this clone is not built: run `npm ci` first (it installs and builds dist/)\n');
    expect(run.stdout).not.toMatch(/^gcloud /m);
  });

  it.each([
    ['dead-letter', 'eventarc-us-central1-trigger-sub-123', 'resource.labels.subscription_id = "eventarc-us-central1-trigger-sub-123"'],
    ['failed', 'scc-triage-failed-deliveries', 'metric.type = "logging.googleapis.com/user/scc-triage-failed-deliveries"'],
  ])('prints a %s alert policy that fires on the first event', (kind, target, filterPart) => {
    const printed = spawnSync('node', [join(__dirname, '..', '..', 'deploy', 'alert-policies.js'), kind, 'scc-triage', target], { encoding: 'utf8' });
    expect(printed.status).toBe(0);
    const policy = JSON.parse(printed.stdout) as { combiner: string; conditions: { conditionThreshold: { filter: string; comparison: string; thresholdValue: number } }[] };
    expect(policy.combiner).toBe('OR');
    const [condition] = policy.conditions;
    expect(condition!.conditionThreshold.filter).toContain(filterPart);
    expect(condition!.conditionThreshold).toMatchObject({ comparison: 'COMPARISON_GT', thresholdValue: 0 });
  });
});

describe('deploy.sh with the chat subscriber', () => {
  const args = ['--project', 'acme-sec-prod', '--organization', '1', '--chat-webhook-secret', 'soc-chat', '--slack-webhook-secret', 'soc-slack', '--min-priority', 'P2', '--dry-run'];
  const result = dryRun(args);
  const commands = result.stdout.split('\n').filter((line) => /^(# if missing: )?gcloud /.test(line));
  const notifySa = 'serviceAccount:scc-triage-nt@acme-sec-prod.iam.gserviceaccount.com';

  it('deploys postSummary on the summaries topic, internal only, with the webhook URLs from Secret Manager', () => {
    expect(result.status).toBe(0);
    const [deploy] = commands.filter((c) => c.startsWith('gcloud functions deploy scc-triage-notify '));
    for (const flag of [
      '--entry-point=postSummary',
      '--trigger-topic=scc-triage-summaries',
      '--retry',
      '--ingress-settings=internal-only',
      '--service-account=scc-triage-nt@acme-sec-prod.iam.gserviceaccount.com',
      '--set-secrets=CHAT_WEBHOOK_URL=soc-chat:latest\\,SLACK_WEBHOOK_URL=soc-slack:latest',
    ]) {
      expect(deploy).toContain(flag);
    }
    expect(result.stdout).toContain("#   MIN_PRIORITY: 'P2'");
    expect(result.stdout).not.toMatch(/WEBHOOK_URL: /);
  });

  it('lets its service account read the two secrets and invoke itself, nothing more', () => {
    const grants = commands.filter((c) => c.includes(notifySa) && c.includes('add-iam-policy-binding'));
    expect(grants.map((c) => c.split(' --member')[0])).toEqual(['gcloud secrets add-iam-policy-binding soc-chat', 'gcloud secrets add-iam-policy-binding soc-slack']);
    expect(commands.filter((c) => c.includes('add-invoker-policy-binding scc-triage-notify') && c.includes(notifySa))).toHaveLength(1);
  });

  it('bounds its retries, dead-letters, and alerts on summaries it will never post', () => {
    expect(commands.filter((c) => c.startsWith('gcloud pubsub subscriptions update') && c.includes('scc-triage-notify'))).toHaveLength(1);
    const [metric] = commands.filter((c) => c.includes('logging metrics create scc-triage-alerts-not-posted'));
    expect(metric!.replace(/\\(.)/g, '$1')).toContain('jsonPayload.component="scc-triage-notify" AND jsonPayload.outcome="rejected"');
    expect(commands.filter((c) => c.includes('monitoring policies create'))).toHaveLength(4);
    expect(commands.filter((c) => c.includes('services enable') && c.includes('secretmanager.googleapis.com'))).toHaveLength(1);
  });

  it('deploys no subscriber without a webhook secret', () => {
    const plain = dryRun(['--project', 'acme-sec-prod', '--organization', '1', '--dry-run']);
    expect(plain.stdout).not.toContain('postSummary');
  });

  it.each([
    ['a secret id with a path', ['--chat-webhook-secret', 'projects/x/secrets/y'], '--chat-webhook-secret and --slack-webhook-secret take a secret id'],
    ['a secret id with a flag appended', ['--slack-webhook-secret', 'a,--role=roles/owner'], '--chat-webhook-secret and --slack-webhook-secret take a secret id'],
    ['a priority that is not one', ['--chat-webhook-secret', 'soc-chat', '--min-priority', 'P5'], '--min-priority must be P1, P2, P3 or P4'],
  ])('refuses %s', (_, extra, message) => {
    const bad = dryRun(['--project', 'acme-sec-prod', '--organization', '1', ...extra, '--dry-run']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(message);
    expect(bad.gcloudCalled).toBe(false);
  });
});
