#!/usr/bin/env node
// The CLI entry: runs the compiled CLI (npm ci builds it through the `prepare` script).
const { main } = require('../dist/cli/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`scc-triage: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
