#!/usr/bin/env node
/** The `cdk8s-batch` executable (package.json `bin`). */
import { run } from './cli';
import { nodeIo } from './read/node-io';

void run(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
