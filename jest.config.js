/**
 * Two projects. `unit` needs nothing but Node; `e2e` runs against the real parts (the Pub/Sub
 * emulator, the Functions Framework server, the local Logging and Security Command Center servers)
 * and starts one emulator for its run. `npm test` runs unit first, so it reports even where the
 * emulator is missing; e2e then says in one line what is missing.
 * @type {import('jest').Config}
 */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // Transpile only: types are checked once, by `npm run typecheck`.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // No test may reach Google: no metadata-server probing, a project of the tests' own.
  setupFiles: ['<rootDir>/test/support/no-google.ts'],
};

const e2e = ['<rootDir>/test/e2e/**/*.test.ts', '<rootDir>/test/**/*.e2e.test.ts'];

module.exports = {
  testTimeout: 30_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts'], testPathIgnorePatterns: ['/test/e2e/', '\\.e2e\\.test\\.ts$'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: e2e,
      // One real Pub/Sub emulator for the whole e2e run.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
