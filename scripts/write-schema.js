#!/usr/bin/env node
// Writes the JSON Schema of the published summary from its zod schema (the source of truth), or with
// --check fails when the shipped file is stale. Runs on the compiled code: `npm run build` first.
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { z } = require('zod');
const { summarySchema } = require('../dist/summary/schema.js');

const target = join(__dirname, '..', 'schema', 'summary.v1.schema.json');
const schema = {
  ...z.toJSONSchema(summarySchema, { target: 'draft-2020-12', io: 'output' }),
  title: 'scc-triage summary, schemaVersion 1',
};
const text = `${JSON.stringify(schema, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== text) {
    process.stderr.write('schema/summary.v1.schema.json is stale: run `npm run build && npm run schema` and commit it\n');
    process.exit(1);
  }
  process.stdout.write('schema/summary.v1.schema.json is up to date\n');
} else {
  mkdirSync(join(__dirname, '..', 'schema'), { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target.slice(join(__dirname, '..').length + 1)}\n`);
}
