#!/usr/bin/env node
// `npm run bench`: how long triage takes per finding on exported logs (warm), against a baseline
// measured in the same run: decoding and validating the same notification. Prints the ratio, so
// the numbers compare across machines. A target: p99 triage well under a second.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { defaultConfig } = require('../dist/config.js');
const { triage } = require('../dist/engine.js');
const { ExportedLogSource } = require('../dist/logs/exported-logs.js');
const { decodeNotification } = require('../dist/notification/decode.js');

const root = join(__dirname, '..');
const names = ['gke-reverse-shell.json', 'gke-malicious-python.json', 'cloudrun-malicious-python.json', 'cloudrun-job-remote-command-exec.json'];
const texts = names.map((name) => readFileSync(join(root, 'test', 'fixtures', 'samples', name), 'utf8'));
const logs = new ExportedLogSource(join(root, 'test', 'fixtures', 'logs'));
const ports = { logs, now: () => new Date() };

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label, iterations, work) {
  for (let i = 0; i < Math.min(50, iterations); i++) await work(i); // warm-up
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { label, iterations, meanMs: mean, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}

async function main() {
  const baseline = await measure('decode+validate', 2000, (i) => decodeNotification(JSON.parse(texts[i % texts.length])));
  const full = await measure('triage (exported logs, warm)', 300, (i) => triage(JSON.parse(texts[i % texts.length]), ports, defaultConfig));
  for (const row of [baseline, full]) {
    process.stdout.write(`${row.label.padEnd(30)} mean ${row.meanMs.toFixed(3)} ms  p50 ${row.p50Ms.toFixed(3)} ms  p99 ${row.p99Ms.toFixed(3)} ms  (${row.iterations} runs)\n`);
  }
  process.stdout.write(`ratio triage/baseline (mean): ${(full.meanMs / baseline.meanMs).toFixed(1)}x\n`);
}

main();
