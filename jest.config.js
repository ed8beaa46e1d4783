/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Sucrase strips types without type-checking (pure JavaScript, no native binary): fast, and
  // `npm test` type-checks separately with tsc.
  transform: { '^.+\\.ts$': '@sucrase/jest-plugin' },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
