import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cli } from './support/cli';

/*
 * The same input error gives the same exit code in every command (docs/cli.md, "Exit codes"):
 * 2 when the input could not be read as YAML, 1 when it was read and breaks a rule.
 */

const COMMANDS = ['validate', 'import', 'summary'];
const JOB = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata: {name: pi}',
  'spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: "busybox:1.36"}]}}}',
  '',
].join('\n');

function inputs(): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdk8s-batch-exit-'));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  mkdirSync(path.join(dir, 'no-yaml'));
  writeFileSync(path.join(dir, 'no-yaml', 'notes.txt'), 'x');
  return {
    'a path that does not exist': path.join(dir, 'missing.yaml'),
    'a folder without YAML files': path.join(dir, 'no-yaml'),
    'an empty file': file('empty.yaml', ''),
    'malformed YAML': file('bad.yaml', 'a: [\n'),
    'malformed YAML after a good document': file('half.yaml', `${JOB}---\na: [\n`),
  };
}

describe('exit codes: every command', () => {
  const cases = inputs();
  test.each(Object.keys(cases).flatMap((what) => COMMANDS.map((command) => [command, what])))(
    '%s exits 2 for %s',
    async (command, what) => {
      const result = await cli([command, cases[what]]);
      expect(result.code).toBe(2);
      expect(result.out + result.err).not.toMatch(/\n\s+at /); // no stack trace
    }
  );

  test.each(COMMANDS)('%s exits 2 for an unknown option, with a pointer to --help', async (command) => {
    const result = await cli([command, '--no-such-option']);
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `cdk8s-batch ${command}: unknown option '--no-such-option'; see 'cdk8s-batch ${command} --help'\n`
    );
  });

  test.each(COMMANDS)('%s exits 0 for a valid Job', async (command) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdk8s-batch-exit-'));
    writeFileSync(path.join(dir, 'pi.yaml'), JOB);
    const result = await cli([command, path.join(dir, 'pi.yaml')]);
    expect(result.code).toBe(0);
  });
});
