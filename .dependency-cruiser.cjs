// The structure of src/, checked in CI (`npm run lint`): imports only run down the layers of
// docs/architecture.md, no cycles, no orphan files, and no root files besides the entry points.
const layers = [
  ['lib'],
  ['google', 'query'],
  ['notification'],
  ['plan'],
  ['logs'],
  ['related', 'specs'],
  ['evidence'],
  ['summary'],
  ['publish', 'delivery'],
  ['notify'],
  ['engine.ts', 'handler.ts', 'function.ts', 'subscriber.ts', 'index.ts', 'cli'],
];
/** Shared by every layer: the error types and the parsed config. */
const rootModules = ['errors.ts', 'config.ts'];
const entryPoints = layers.at(-1).filter((name) => name.endsWith('.ts'));

const escape = (name) => name.replace(/\./g, '\\.');
const pathOf = (names) => `^src/(${names.map(escape).join('|')})(/|$)`;

const upward = layers.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.join('-').replace(/\.ts/g, '')}`,
  comment: `${layer.join(', ')} may not import a higher layer (${layers
    .slice(index + 1)
    .flat()
    .join(', ')})`,
  severity: 'error',
  from: { path: pathOf(layer) },
  to: { path: pathOf(layers.slice(index + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'root-modules-import-only-lib',
      comment: 'errors.ts and config.ts are imported from every layer, so they import nothing above lib',
      severity: 'error',
      from: { path: pathOf(rootModules) },
      to: { path: '^src/', pathNot: pathOf(['lib', ...rootModules]) },
    },
    {
      name: 'no-root-helpers',
      comment: `the root of src/ holds only ${[...entryPoints, ...rootModules].join(', ')}: a helper belongs in a folder`,
      severity: 'error',
      from: {},
      to: { path: '^src/[^/]+$', pathNot: pathOf([...entryPoints, ...rootModules]) },
    },
    {
      name: 'no-stray-root-files',
      comment: 'a root file that is neither an entry point nor errors.ts or config.ts belongs in a folder, whoever imports it',
      severity: 'error',
      from: { path: '^src/[^/]+$', pathNot: pathOf([...entryPoints, ...rootModules]) },
      to: {},
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      comment: 'a module nothing imports is dead code (the entry points and type declarations excepted)',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: [pathOf(entryPoints), '\\.d\\.ts$'] },
      to: {},
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts|demo)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
