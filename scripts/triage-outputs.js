#!/usr/bin/env node
// Writes what `scc-triage triage` prints (json, text, markdown) for every bundled sample, on the
// fixture logs, the chatty pod and the related findings, into OUTDIR, with `triagedAt` (the one
// field that changes between runs) blanked. A refactor compares two such folders:
//   npm run build && node scripts/triage-outputs.js /tmp/before   (on the old commit)
//   npm run build && node scripts/triage-outputs.js /tmp/after    (on the new one)
//   diff -r /tmp/before /tmp/after
// Runs on the compiled code: `npm run build` first.
const { mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { main } = require('../dist/cli/main.js');

const root = join(__dirname, '..');
const fixtures = join(root, 'test', 'fixtures');
const samples = join(fixtures, 'samples');
const logFolders = { logs: join(fixtures, 'logs'), chatty: join(fixtures, 'chatty') };
const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: node scripts/triage-outputs.js OUTDIR\n');
  process.exit(2);
}

/** Blanks triagedAt in JSON and the reports, wherever it is printed. */
const stable = (text) => text.replace(/("triagedAt":\s*")[^"]*(")/g, '$1…$2').replace(/(triaged (at )?)\d{4}-\d{2}-\d{2}T[0-9:.]+Z/gi, '$1…');

async function run() {
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(samples)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    for (const [label, folder] of Object.entries(logFolders)) {
      for (const format of ['json', 'text', 'markdown']) {
        let stdout = '';
        let stderr = '';
        const io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', isTty: false, env: {} };
        const code = await main(['triage', join(samples, name), '--logs', folder, '--findings', join(fixtures, 'related'), '--format', format], io);
        writeFileSync(join(out, `${name}.${label}.${format}`), `exit ${code}\n${stable(stdout)}\n--- stderr\n${stable(stderr)}`);
      }
    }
  }
}

run();
