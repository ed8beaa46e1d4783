/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Projects of their own, run against the packed package by scripts/consumer-test.sh.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/consumers/'],
  modulePathIgnorePatterns: ['<rootDir>/test/consumers/'],
  // Sucrase strips types without type-checking (pure JavaScript, no native binary): fast, and
  // `npm test` type-checks separately with tsc.
  transform: { '^.+\\.ts$': '@sucrase/jest-plugin' },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
  // One temporary folder per run (TMPDIR), removed at the end: test/support/temp-folder.js.
  globalSetup: '<rootDir>/test/support/temp-folder-setup.js',
  globalTeardown: '<rootDir>/test/support/temp-folder-teardown.js',
};
