/**
 * kubectl's own YAML reader, without a cluster: `kubectl annotate --local -f <file or folder> x=y -o json`
 * reads every object and prints it back as JSON. Without kubectl on the PATH, tests that need it are
 * skipped, and their names say so (`.ci/run` installs kubectl).
 */
import { spawnSync } from 'node:child_process';
import { App } from 'cdk8s';

/** Whether kubectl is on the PATH. */
export const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
/** What a skipped test's name says. */
export const KUBECTL_SKIPPED = 'skipped: kubectl is not on the PATH (.ci/run installs it)';
/** `describe` when kubectl is on the PATH, else `describe.skip`. */
export const describeWithKubectl = KUBECTL ? describe : describe.skip;

/**
 * The objects kubectl reads from a file, or from every `.yaml` file of a folder (not its subfolders),
 * less the annotation it was asked to add.
 */
export function kubectlReads(fileOrFolder: string): unknown[] {
  const run = spawnSync(
    'kubectl',
    ['annotate', '--local', '-f', fileOrFolder, 'kubectl-read=yes', '-o', 'json'],
    { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' }, maxBuffer: 1 << 28 }
  );
  if (run.status !== 0) throw new Error(`kubectl failed: ${run.stderr}`);
  // kubectl prints one indented JSON object after the other; a raw line break ends each only at the top.
  return run.stdout
    .split(/\n}\n?/)
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const o = JSON.parse(`${s}\n}`);
      delete o.metadata.annotations['kubectl-read'];
      if (Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
      return o;
    });
}

/** The JSON of every object of `app`, as cdk8s synthesizes it. */
export function meant(app: App): unknown[] {
  return app.charts.flatMap((c) => Object.values(c.toJson()));
}

const key = (o: unknown) => {
  const { kind, metadata } = o as { kind: string; metadata: { namespace?: string; name: string } };
  return `${kind}/${metadata.namespace ?? ''}/${metadata.name}`;
};

/** The objects in a stable order: by kind, namespace and name. */
export const sorted = (objects: unknown[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));
