import * as fs from 'fs';
import * as path from 'path';

/*
 * The consumer test's projects (test/consumers/, run by scripts/consumer-test.sh against the packed
 * package) use only what the README's "Install and use" shows: each file a README code block names
 * (`<!-- test/consumers/<project or *>/<file> -->` above it) is that block, verbatim.
 */

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const consumers = fs.readdirSync(path.join(root, 'test', 'consumers')).sort();

/** [pattern, block] for every code block the README marks with the files it is. */
const blocks = [...readme.matchAll(/^<!-- (test\/consumers\/\S+) -->\n```ts\n([\s\S]*?)```$/gm)].map(
  (m) => [m[1], m[2]] as const
);

/** The files a `test/consumers/<project or *>/<file>` pattern names. */
function filesOf(pattern: string): string[] {
  const [, , project, file] = pattern.split('/');
  return (project === '*' ? consumers : [project]).map((p) => path.join('test', 'consumers', p, file));
}

test('the README marks its main.ts, main.test.ts and plus.ts blocks', () => {
  expect(blocks.map(([pattern]) => pattern)).toEqual([
    'test/consumers/*/main.ts',
    'test/consumers/*/main.test.ts',
    'test/consumers/cdk8s-init-app/plus.ts',
  ]);
});

test.each(blocks.flatMap(([pattern, block]) => filesOf(pattern).map((file) => [file, block] as const)))(
  '%s is the README block',
  (file, block) => {
    expect(fs.readFileSync(path.join(root, file), 'utf8')).toBe(block);
  }
);

test('every consumer project is shaped like a cdk8s app: cdk8s.yaml, a lockfile, jest snapshots', () => {
  expect(consumers).toEqual(['cdk8s-2.68', 'cdk8s-init-app', 'node16']);
  for (const project of consumers) {
    const files = fs.readdirSync(path.join(root, 'test', 'consumers', project));
    expect([
      project,
      files.filter((f) => /^(cdk8s\.yaml|package(-lock)?\.json|__snapshots__)$/.test(f)),
    ]).toEqual([project, ['__snapshots__', 'cdk8s.yaml', 'package-lock.json', 'package.json']]);
  }
});
