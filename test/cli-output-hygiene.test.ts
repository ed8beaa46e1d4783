import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { escapeControls } from '../cli/cli';
import { cli } from './support/cli';

// Terminal controls that input text must never carry to the screen: ESC (colours, cursor moves, OSC 52
// clipboard writes), NUL, BEL, CR (overwrites the line), DEL, CSI (C1), line separators and bidi overrides.
const CONTROLS = ['\u001b[31m', '\u0000', '\u0007', '\r', '\u007f', '\u009b', '\u2028', '\u202e', '\u2066'];
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/; // eslint-disable-line no-control-regex

function hostileJob(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdk8s-batch-hygiene-'));
  const file = path.join(dir, 'job.yaml');
  // Escaped in the YAML (\uXXXX in a double-quoted string), as kubectl refuses raw control characters.
  const name = JSON.stringify(`bad${CONTROLS.join('x')}name\nFAKE: a line of our own\tx`).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
  writeFileSync(
    file,
    [
      'apiVersion: batch/v1',
      'kind: Job',
      `metadata: {name: ${name}, labels: {${name}: ${name}}}`,
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      `      containers: [{name: ${name}, image: busybox, env: [{name: ${name}, value: x}]}]`,
      '',
    ].join('\n')
  );
  return file;
}

describe('output hygiene: no command prints a terminal control from its input', () => {
  test('escapeControls writes each control as \\uXXXX and keeps tab and newline', () => {
    expect(escapeControls('a\tb\nc\u001b[2Jd\u0085e\u202ef')).toBe('a\tb\nc\\u001b[2Jd\\u0085e\\u202ef');
  });

  test('escaped JSON still reads back as the same text', () => {
    const text = `x${CONTROLS.join('')}y`;
    const printed = escapeControls(JSON.stringify({ text }));
    expect(RAW_CONTROL.test(printed)).toBe(false);
    expect(JSON.parse(printed)).toEqual({ text });
  });

  test.each([
    ['validate', ''],
    ['validate', '--json'],
    ['summary', ''],
    ['summary', '--json'],
    ['import', ''],
    ['import', '--json'],
  ])('cdk8s-batch %s FILE %s', async (command, flag) => {
    const file = hostileJob();
    const args = [command, file, ...(flag ? [flag] : [])];
    const result = await cli(args);
    const printed = result.out + result.err;
    expect(printed.length).toBeGreaterThan(0);
    expect(printed).not.toMatch(RAW_CONTROL);
    // A newline inside a value never starts a line of its own.
    expect(printed.split('\n').filter((line) => line.startsWith('FAKE'))).toEqual([]);
    expect(printed).toMatch(/\\u001b\[31m|\\\\u001b|bad/);
    if (flag === '--json') expect(() => JSON.parse(result.out)).not.toThrow();
  });
});
