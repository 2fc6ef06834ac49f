#!/usr/bin/env node
// `npm run demo`: triages bundled SCC notifications (GKE and Cloud Run) against bundled exported
// logs, and prints the reports a responder would read. No cloud account needed.
const { join } = require('node:path');
const { main } = require('../dist/cli/main.js');

const root = join(__dirname, '..');
const samples = join(root, 'test', 'fixtures', 'samples');
const logs = join(root, 'test', 'fixtures', 'logs');
const related = join(root, 'test', 'fixtures', 'related');
const chatty = join(root, 'test', 'fixtures', 'chatty');
// [sample, format, logs folder]: the last one is a pod logging 3 lines a second, evidence at detection.
const notifications = [
  ['gke-reverse-shell.json', 'text'],
  ['cloudrun-reverse-shell.json', 'text'],
  ['gke-malicious-python.json', 'markdown'],
  ['cloudrun-job-remote-command-exec.json', 'text'],
  ['gke-hostile-strings-malicious-python.json', 'text'],
  ['gke-reverse-shell-mute-update.json', 'text'],
  ['out-of-scope-iam-anomalous-grant.json', 'text'],
  ['gke-reverse-shell.json', 'text', chatty],
];

async function run() {
  let failures = 0;
  for (const [name, format, folder = logs] of notifications) {
    const shown = folder === logs ? 'test/fixtures/logs' : 'test/fixtures/chatty';
    process.stdout.write(`\n${'═'.repeat(100)}\n$ scc-triage triage test/fixtures/samples/${name} --logs ${shown} --findings test/fixtures/related --format ${format}\n\n`);
    const code = await main(['triage', join(samples, name), '--logs', folder, '--findings', related, '--format', format]);
    if (code !== 0) failures++;
  }
  process.stdout.write(`\n${notifications.length - failures} of ${notifications.length} notifications handled.\n`);
  process.exitCode = failures === 0 ? 0 : 1;
}

run();
