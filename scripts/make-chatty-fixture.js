#!/usr/bin/env node
// Writes test/fixtures/chatty/pod.ndjson: the reverse-shell sample's pod logging routine GET lines
// three times a second over its whole window (−30m … +15m), with the evidence a responder needs
// at detection: a stderr line naming the reverse-shell destination 2 s after, a failed curl 1 s
// before, and a stack trace line 4 s after. Deterministic, so the committed file can be regenerated.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const detection = Date.parse('2025-03-04T14:22:31.418Z');
const resource = {
  type: 'k8s_container',
  labels: {
    project_id: 'acme-payments-prod',
    location: 'europe-west1',
    cluster_name: 'payments-gke-1',
    namespace_name: 'payments',
    pod_name: 'checkout-api-6d8f9c7b5-q2w8x',
    container_name: 'checkout-api',
  },
};
const line = (at, insertId, log, severity, textPayload) => ({ insertId, logName: `projects/acme-payments-prod/logs/${log}`, resource, timestamp: new Date(at).toISOString(), severity, textPayload });

const entries = [];
for (let at = detection - 30 * 60_000, i = 0; at <= detection + 15 * 60_000; at += 333, i++) {
  entries.push(line(at, `chatty-${String(i).padStart(5, '0')}`, 'stdout', 'INFO', `GET /api/v2/cart/${i % 97} 200 ${3 + (i % 11)}ms`));
}
entries.push(
  line(detection - 1_000, 'evidence-curl', 'stderr', 'ERROR', 'curl: (7) Failed to connect to 203.0.113.45 port 8080 after 129 ms: Connection refused'),
  line(detection + 2_000, 'evidence-connect', 'stderr', 'ERROR', 'bash: connect to 203.0.113.45 port 4444: reverse shell session opened'),
  line(detection + 4_000, 'evidence-trace', 'stderr', 'ERROR', 'Traceback (most recent call last): File "/app/receipts/import.py", line 88, in parse_upload'),
);
const dir = join(__dirname, '..', 'test', 'fixtures', 'chatty');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'pod.ndjson'), `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
process.stdout.write(`wrote ${entries.length} entries\n`);
