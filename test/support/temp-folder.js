/**
 * Jest's globalSetup and globalTeardown (jest.config.js): the tests' temporary folders go into one folder
 * per run, removed when the run ends. Many tests make folders with `fs.mkdtempSync(os.tmpdir() ...)` and
 * child processes write there too; without this, each run left a few thousand folders in /tmp.
 * TMPDIR is set before the workers start, so `os.tmpdir()` in every test and child process points here.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const KEY = 'CDK8S_BATCH_TEST_TMPDIR';

module.exports.setup = function setup() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-test-run-'));
  process.env[KEY] = folder;
  process.env.TMPDIR = folder;
};

module.exports.teardown = function teardown() {
  const folder = process.env[KEY];
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
};
