#!/usr/bin/env node
// The `prepare` script: builds dist/ (tsc, then the deployed bundle) unless it is already newer than every source it is built from.
// npm runs `prepare` on `npm ci` and `npm install`, but also when `npx scc-triage` first links this
// package into its cache, where a full tsc run (5 s or more) would be paid at run time by a command
// that dist/ already serves. `npm run build` always builds.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const inputs = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.js'].map((name) => join(root, name));

/** What scripts/bundle.js writes (package.json's main and the files it requires). */
const bundleOutputs = ['index.js', 'function.js', 'subscriber.js'].map((name) => join(root, 'dist', 'deploy', name));

/** Every `.ts` file under src/ (declarations excepted: they emit nothing). */
function sources() {
  const src = join(root, 'src');
  return readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The first reason dist/ is out of date, or undefined when every output is newer than every input. */
function staleness() {
  const files = sources();
  const outputs = [...files.map((file) => join(root, 'dist', relative(join(root, 'src'), file)).replace(/\.ts$/, '.js')), ...bundleOutputs];
  const missing = outputs.find((file) => !existsSync(file));
  if (missing !== undefined) return `${relative(root, missing)} is missing`;
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const newer = [...files, ...inputs].find((file) => existsSync(file) && statSync(file).mtimeMs > oldestOutput);
  return newer === undefined ? undefined : `${relative(root, newer)} is newer than dist/`;
}

const reason = staleness();
if (reason !== undefined) {
  process.stderr.write(`prepare: building dist/ (${reason})\n`);
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  const bundle = tsc.status === 0 ? spawnSync(process.execPath, [join(root, 'scripts', 'bundle.js')], { stdio: 'inherit' }) : tsc;
  process.exitCode = bundle.status ?? 1;
}
