#!/usr/bin/env node
// Bundles the deployed functions into dist/deploy/ (package.json's `main`), after tsc has checked
// the types. Why a bundle: a cold start spends most of its time resolving, reading and compiling
// modules. One file per stage does the least of that:
//   index.js       start-up: parses the configuration and registers the target (zod/mini only);
//   function.js    the triage, required on its first delivery (src/delivery/lazy-handler.ts);
//   subscriber.js  the chat subscriber, likewise.
// The Google client stack stays in node_modules: it reads its protos from its own folders at run
// time, and it loads on first use anyway. bench/cold-start.bench.ts measures the result.
const { build } = require('esbuild');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** Packages resolved from node_modules at run time, never inlined. */
// google-auth-library: the one copy the Google clients load too, so its credentials are read once.
const external = ['@google-cloud/*', '@grpc/*', 'google-gax', 'google-auth-library', 'google-proto-files', 'protobufjs', 'protobufjs/*'];

/** index.js requires each target's module as the file beside it, so start-up compiles neither. */
const targetModules = {
  name: 'target-modules',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/(function|subscriber)$/ }, (args) => (args.importer === join(root, 'src', 'index.ts') ? { path: `${args.path}.js`, external: true } : undefined));
  },
};

async function main() {
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts', function: 'src/function.ts', subscriber: 'src/subscriber.ts' },
    outdir: 'dist/deploy',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // ESM builds of dependencies, so what a stage does not use (most of zod/mini) is left out.
    mainFields: ['module', 'main'],
    external,
    plugins: [targetModules],
    sourcemap: 'linked',
    sourcesContent: false,
    // Stack traces and error names in Cloud Logging stay those of the source.
    keepNames: true,
    logLevel: 'warning',
  });
}

main().catch((error) => {
  process.stderr.write(`bundle: ${error.message}\n`);
  process.exitCode = 1;
});
