#!/usr/bin/env node
// Writes the output contract from its zod schema (the source of truth): the JSON Schema of the
// published summary and docs/output-contract.md. With --check it fails when either shipped file is
// stale. Runs on the compiled code: `npm run build` first.
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { z } = require('zod');
const { summarySchema } = require('../dist/summary/schema.js');
const { summaryAttributeNames, summaryAttributeMeanings } = require('../dist/publish/attributes.js');
const { renderContract } = require('./contract-doc.js');

const root = join(__dirname, '..');
const jsonSchema = {
  ...z.toJSONSchema(summarySchema, { target: 'draft-2020-12', io: 'output' }),
  title: 'scc-triage summary, schemaVersion 1',
};
const outputs = [
  ['schema/summary.v1.schema.json', `${JSON.stringify(jsonSchema, null, 2)}\n`],
  ['docs/output-contract.md', renderContract(jsonSchema, summaryAttributeNames, summaryAttributeMeanings)],
];

const read = (path) => {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return ''; // A missing file is stale too.
  }
};

if (process.argv.includes('--check')) {
  const stale = outputs.filter(([path, text]) => read(path) !== text).map(([path]) => path);
  if (stale.length > 0) {
    process.stderr.write(`${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run \`npm run build && npm run schema\` and commit\n`);
    process.exit(1);
  }
  process.stdout.write(`${outputs.map(([path]) => path).join(' and ')} are up to date\n`);
} else {
  for (const [path, text] of outputs) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
