#!/usr/bin/env node
// `npm run demo`: triages bundled SCC notifications (GKE and Cloud Run) against bundled exported
// logs, and prints the reports a responder would read. No cloud account needed.
const { cpSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { main } = require('../dist/cli/main.js');

const root = join(__dirname, '..');
const samples = join(root, 'test', 'fixtures', 'samples');
const logs = join(root, 'test', 'fixtures', 'logs');
const related = join(root, 'test', 'fixtures', 'related');
const chatty = join(root, 'test', 'fixtures', 'chatty');
// What the Container and Cloud Run Admin APIs would answer (WORKLOAD_SOURCE): the cluster's
// Workload Identity setting, a revision's runtime account. The last run's cluster has none.
const specs = join(root, 'test', 'fixtures', 'specs', 'workload-specs.json');
const legacySpecs = join(root, 'test', 'fixtures', 'specs', 'cluster-without-workload-identity.json');
// The fixture logs plus what the pod's identity did after detection (test/fixtures/identity): the
// first report shows "What happened next" with a token used from the shell's destination.
const incident = mkdtempSync(join(tmpdir(), 'scc-triage-demo-'));
cpSync(logs, incident, { recursive: true });
cpSync(join(root, 'test', 'fixtures', 'identity'), join(incident, 'identity'), { recursive: true });
const shownAs = new Map([
  [logs, 'test/fixtures/logs'],
  [chatty, 'test/fixtures/chatty'],
  [incident, 'test/fixtures/logs with test/fixtures/identity'],
]);
// [sample, format, logs folder, specs]: the first adds the identity's activity; the eighth is a pod
// logging 3 lines a second, evidence at detection; the last runs on a node pool without Workload
// Identity, so the pod acts as the node's service account.
const notifications = [
  ['gke-reverse-shell.json', 'text', incident],
  ['cloudrun-reverse-shell.json', 'text'],
  ['gke-malicious-python.json', 'markdown'],
  ['cloudrun-job-remote-command-exec.json', 'text'],
  ['gke-hostile-strings-malicious-python.json', 'text'],
  ['gke-reverse-shell-mute-update.json', 'text'],
  ['out-of-scope-iam-anomalous-grant.json', 'text'],
  ['gke-reverse-shell.json', 'text', chatty],
  ['gke-reverse-shell.json', 'text', incident, legacySpecs],
];

async function run() {
  let failures = 0;
  for (const [name, format, folder = logs, workloads = specs] of notifications) {
    const shown = shownAs.get(folder);
    process.env.WORKLOAD_SOURCE = workloads;
    const env = `WORKLOAD_SOURCE=test/fixtures/specs/${workloads === specs ? 'workload-specs.json' : 'cluster-without-workload-identity.json'}`;
    process.stdout.write(`\n${'═'.repeat(100)}\n$ ${env} scc-triage triage test/fixtures/samples/${name} --logs ${shown} --findings test/fixtures/related --format ${format}\n\n`);
    const code = await main(['triage', join(samples, name), '--logs', folder, '--findings', related, '--format', format]);
    if (code !== 0) failures++;
  }
  process.stdout.write(`\n${notifications.length - failures} of ${notifications.length} notifications handled.\n`);
  process.exitCode = failures === 0 ? 0 : 1;
  rmSync(incident, { recursive: true, force: true });
}

run();
