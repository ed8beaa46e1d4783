import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { cli } from './support/cli';
import type { Finding } from '../cli/commands/validate';
import { distValidations } from '../scripts/validate-dist';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests poke arbitrary fields into manifests
type Manifest = any;

const root = path.join(__dirname, '..');

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-cli-'));

/** Writes `text` to a temp file and returns its path. */
function yamlFile(text: string, name = 'manifest.yaml'): string {
  const file = path.join(tmp(), name);
  writeFileSync(file, text);
  return file;
}

/** Validates manifests (objects or YAML text) and returns `field: message` per finding, plus the exit code. */
/** The same manifest under another name (the same kind, namespace and name twice is a finding). */
const renamed = (m: Manifest, name: string): Manifest => ({ ...m, metadata: { ...m.metadata, name } });

async function validate(manifests: Manifest | Manifest[] | string, ...args: string[]) {
  const text =
    typeof manifests === 'string'
      ? manifests
      : (Array.isArray(manifests) ? manifests : [manifests]).map((m) => stringify(m)).join('---\n');
  const result = await cli(['validate', yamlFile(text), '--json', ...args]);
  const findings = result.out === '' ? [] : (JSON.parse(result.out) as Finding[]);
  return { ...result, findings, problems: findings.map((f) => `${f.field}: ${f.message}`) };
}

/** The problems of one manifest (expects exit code 1 when there are some, 0 when none). */
async function problemsOf(manifest: Manifest | string, ...args: string[]): Promise<string[]> {
  const result = await validate(manifest, ...args);
  expect(result.code).toBe(result.findings.length > 0 ? 1 : 0);
  return result.problems;
}

function job(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: {
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'perl:5.34.0' }] },
      },
    },
  };
}

/** A Job whose pod spec is changed by `edit`. */
function jobWith(edit: (podSpec: Manifest, spec: Manifest, job: Manifest) => void): Manifest {
  const j = job();
  edit(j.spec.template.spec, j.spec, j);
  return j;
}

function cronJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: { schedule: '0 2 * * *', jobTemplate: { spec: job().spec } },
  };
}

const CONTAINER = 'spec.template.spec.containers[0]';

describe('cdk8s-batch validate: the dist/ examples', () => {
  test('every file in dist/ passes, at the Kubernetes version its app was synthesized for', async () => {
    const runs = distValidations();
    expect(runs.map((r) => r.version)).toEqual(['1.28', '1.28', '1.33', '1.28', '1.31']);
    expect(runs.flatMap((r) => r.paths)).toEqual(expect.arrayContaining(['dist/pi.k8s.yaml', 'dist/modern']));
    for (const { version, paths } of runs) {
      const result = await cli(['validate', '--kube-version', version, ...paths]);
      expect(result.err).toBe('');
      expect(result.out).toMatch(
        new RegExp(`^\\d+ objects? in \\d+ files?: no findings \\(Kubernetes ${version}\\)$`, 'm')
      );
      expect(result.code).toBe(0);
    }
  });

  test('the modern app’s folder is checked at its own version: at 1.28 its newer fields are findings', async () => {
    const result = await cli(['validate', 'dist/modern', '--json']);
    const fields = (JSON.parse(result.out) as Finding[]).map((f) => `${f.name} ${f.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'render-frames-d6eeed30 spec.backoffLimitPerIndex',
        'render-frames-d6eeed30 spec.template.spec.initContainers[0].restartPolicy',
        'multikueue-train-88d990b3 spec.managedBy',
      ])
    );
    expect(result.code).toBe(1);
  });

  test('dist/ is the default path and --json prints an empty array', async () => {
    const result = await cli(['validate', '--json', '--kube-version', '1.33']);
    expect(JSON.parse(result.out)).toEqual([]);
    expect(result.code).toBe(0);
  });

  test('the failing fixture of docs/cli.md gives the documented findings', async () => {
    const result = await cli(['validate', 'test/fixtures/bad-job.yaml']);
    expect(result.code).toBe(1);
    expect(result.out).toMatchSnapshot();
    const page = readFileSync(path.join(root, 'docs', 'cli.md'), 'utf8');
    expect(page).toContain(
      `$ npx cdk8s-batch validate test/fixtures/bad-job.yaml\n${result.out}$ echo $?\n1\n`
    );
  });
});

describe('cdk8s-batch validate: output', () => {
  test('prints file:doc-index kind/name field: message, then a summary', async () => {
    const file = yamlFile(
      stringify(renamed(job(), 'other')) + '---\n' + stringify(jobWith((pod) => delete pod.restartPolicy))
    );
    const result = await cli(['validate', file], { cwd: path.dirname(file) });
    expect(result.out).toBe(
      'manifest.yaml:1 Job/pi spec.template.spec.restartPolicy: must be "OnFailure" or "Never" for a Job ' +
        '(an unset restartPolicy defaults to "Always", which a Job does not allow)\n' +
        '1 finding in 1 of 2 objects in 1 file (Kubernetes 1.28)\n'
    );
    expect(result.code).toBe(1);
  });

  test('--json gives an array of findings with file, document, line, kind, name, field, message and rule', async () => {
    const { findings, code } = await validate([
      renamed(job(), 'other'),
      jobWith((_p, spec) => (spec.backoffLimit = -1)),
    ]);
    expect(code).toBe(1);
    expect(findings).toEqual([
      {
        file: expect.stringMatching(/manifest\.yaml$/),
        document: 1,
        line: 13, // the document's `---` line
        kind: 'Job',
        name: 'pi',
        field: 'spec.backoffLimit',
        message: 'must be greater than or equal to 0',
        rule: 'job-spec',
      },
    ]);
  });

  test('reads standard input for -', async () => {
    const result = await cli(['validate', '-'], {
      stdin: stringify(jobWith((pod) => (pod.restartPolicy = 'Always'))),
    });
    expect(result.out).toMatch(/^<stdin>:0 Job\/pi spec\.template\.spec\.restartPolicy: /);
    expect(result.code).toBe(1);
  });

  test('reads folders recursively: *.yaml and *.yml only', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'nested'));
    writeFileSync(path.join(dir, 'a.yaml'), stringify(renamed(job(), 'a')));
    writeFileSync(path.join(dir, 'nested', 'b.yml'), stringify(job()));
    writeFileSync(path.join(dir, 'notes.txt'), 'not yaml: [');
    const result = await cli(['validate', dir]);
    expect(result.out).toBe('2 objects in 2 files: no findings (Kubernetes 1.28)\n');
  });
});

describe('cdk8s-batch validate: bad input', () => {
  test('malformed YAML: a finding with the file and line, exit 2 (an input error, as in every command)', async () => {
    const file = yamlFile('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: [pi\n');
    const result = await cli(['validate', file, '--json']);
    expect(result.code).toBe(2);
    const [finding] = JSON.parse(result.out) as Finding[];
    expect(finding).toMatchObject({ file, document: 0, line: 5, field: '(yaml)', rule: 'yaml' });
    expect(finding.message).toMatch(
      /^line 5, column 1: Flow sequence in block collection must be sufficiently indented/
    );
    const text = await cli(['validate', file]);
    expect(text.out.split('\n')[0]).toMatch(new RegExp(`^${file}:0 - \\(yaml\\): line 5, column 1: `));
  });

  test('a duplicate key is malformed YAML', async () => {
    const { problems } = await validate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "1", a: "2"}\n'
    );
    expect(problems).toEqual(['(yaml): line 4, column 16: Map keys must be unique']);
  });

  test('a document without kind', async () => {
    expect(await problemsOf('apiVersion: batch/v1\nmetadata: {name: pi}\n')).toEqual([
      'kind: missing required field "kind"',
    ]);
  });

  test('a document that is not an object', async () => {
    expect(await problemsOf('- a\n- b\n')).toEqual(['(root): must be an object, got a list']);
  });

  test('an apiVersion Kubernetes 1.28 does not serve', async () => {
    const old = { ...cronJob(), apiVersion: 'batch/v1beta1' };
    expect(await problemsOf(old)).toEqual([
      'apiVersion: Kubernetes 1.28 has no CronJob in batch/v1beta1; use batch/v1',
    ]);
    expect(await problemsOf({ ...job(), apiVersion: 'batch/v2' })).toEqual([
      'apiVersion: Kubernetes 1.28 has no Job in batch/v2; use batch/v1',
    ]);
  });

  test('a custom resource is listed as not checked, not a finding', async () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'jobs' },
      spec: {},
    };
    const file = yamlFile(stringify(app));
    const result = await cli(['validate', file], { cwd: path.dirname(file) });
    expect(result.out).toBe(
      'manifest.yaml:0 Application/jobs not checked: custom resource (API group argoproj.io): no schema to check it against\n' +
        '1 object in 1 file: no findings (Kubernetes 1.28)\n'
    );
    expect(result.code).toBe(0);
  });

  test('a missing file: one line, exit 2', async () => {
    const result = await cli(['validate', 'no/such/file.yaml']);
    expect(result).toEqual({
      code: 2,
      out: '',
      err: 'cdk8s-batch validate: no such file or folder: no/such/file.yaml\n',
    });
  });

  test('empty input: an empty file or a folder without YAML, exit 2', async () => {
    const empty = yamlFile('');
    expect(await cli(['validate', empty])).toEqual({
      code: 2,
      out: '',
      err: `cdk8s-batch validate: no Kubernetes objects in ${empty} (the YAML files are empty)\n`,
    });
    const dir = tmp();
    expect((await cli(['validate', dir])).err).toBe(
      `cdk8s-batch validate: no *.yaml or *.yml files in ${dir}\n`
    );
    expect((await cli(['validate', '-'], { stdin: '---\n' })).code).toBe(2);
  });

  test('a Kustomization is not a Kubernetes object: not checked', async () => {
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [],
    };
    const result = await cli(['validate', yamlFile(stringify(kustomization))]);
    expect(result.out).toMatch(
      /Kustomization\/\? not checked: custom resource \(API group kustomize\.config\.k8s\.io\)/
    );
    expect(result.code).toBe(0);
  });

  test('a kind: List (kubectl get -o yaml) stands for its items', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [renamed(job(), 'other'), jobWith((pod) => delete pod.restartPolicy)],
    };
    const { findings, code } = await validate(list);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.document, f.kind, f.name, f.field])).toEqual([
      [0, 'Job', 'pi', 'items[1].spec.template.spec.restartPolicy'],
    ]);
  });

  test('a Pod gets the pod rules (restartPolicy Always is fine there)', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'Main', image: 'x:1' }] },
    };
    expect(await problemsOf(pod)).toEqual([
      "spec.containers[0].name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    ]);
  });

  test('an empty document between others is skipped', async () => {
    expect((await validate(`${stringify(job())}---\n---\n${stringify(renamed(job(), 'b'))}`)).code).toBe(0);
  });
});

describe('cdk8s-batch: command line', () => {
  test('--help at top level lists the commands, exit 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: cdk8s-batch <command> [options]');
    expect(result.out).toMatch(
      /^ {2}validate {2}Check manifests as the Kubernetes API server would on create$/m
    );
  });

  test('--help on validate, and help validate, show its options, exit 0', async () => {
    const result = await cli(['validate', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: cdk8s-batch validate [options] [paths...]');
    expect(result.out).toMatch(/--kube-version <version> .*\(default: 1\.28\)/);
    expect(result.out).toContain('--json');
    expect((await cli(['help', 'validate'])).out).toBe(result.out);
  });

  test('no command: the help on stderr, exit 2', async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('Usage: cdk8s-batch <command>');
  });

  test.each([
    [
      ['frob'],
      "cdk8s-batch: unknown command 'frob' (commands: validate, import, summary); see 'cdk8s-batch --help'",
    ],
    [
      ['validate', '--bogus'],
      "cdk8s-batch validate: unknown option '--bogus'; see 'cdk8s-batch validate --help'",
    ],
    [
      ['validate', '--kube-version'],
      "cdk8s-batch validate: option '--kube-version' needs a value; see 'cdk8s-batch validate --help'",
    ],
    [
      ['validate', '--kube-version', '1.27'],
      'cdk8s-batch validate: --kube-version must be one of 1.28 to 1.35 (got "1.27"); see \'cdk8s-batch validate --help\'',
    ],
  ])('usage error %j: one line, exit 2', async (argv, message) => {
    expect(await cli(argv)).toEqual({ code: 2, out: '', err: `${message}\n` });
  });

  test('--version prints the package version', async () => {
    const result = await cli(['--version']);
    expect(result.out).toBe(`${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
  });

  test('--kube-version accepts v1.30 and 1.30.2', async () => {
    for (const v of ['v1.30', '1.30.2']) {
      expect((await cli(['validate', '--kube-version', v])).out).toMatch(/\(Kubernetes 1\.30\)\n$/);
    }
  });

  test('the real executable exits 0 on --help (tsx cli/main.ts)', () => {
    const out = execFileSync(path.join(root, 'node_modules/.bin/tsx'), ['cli/main.ts', '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toContain('Usage: cdk8s-batch <command> [options]');
  });
});

describe('cdk8s-batch validate: rule families', () => {
  test('YAML 1.1: an unquoted yes is true (suspend passes, a label value fails)', async () => {
    const text = stringify(job()).replace('spec:\n', 'spec:\n  suspend: yes\n');
    expect(text).toContain('suspend: yes');
    expect(await problemsOf(text)).toEqual([]);
    const labelled = stringify(job()).replace(
      '  namespace: default\n',
      '  namespace: default\n  labels:\n    enabled: on\n'
    );
    expect(await problemsOf(labelled)).toEqual([
      'metadata.labels[enabled]: must be a string, got boolean true',
    ]);
  });

  test('YAML 1.1: 0644 is octal, and dates stay strings', async () => {
    const text = stringify(
      jobWith((pod) => (pod.volumes = [{ name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } }]))
    ).replace('defaultMode: 420', 'defaultMode: 0644');
    expect(text).toContain('defaultMode: 0644');
    expect(await problemsOf(text)).toEqual([]);
    const dated = stringify(job()).replace(
      '  namespace: default\n',
      '  namespace: default\n  labels:\n    day: 2024-01-01\n'
    );
    expect(await problemsOf(dated)).toEqual([]);
  });

  test('schema: int32 and int64 ranges, and a resourceVersion on create', async () => {
    const bad = jobWith((pod, spec, j) => {
      spec.completions = 2147483648;
      pod.terminationGracePeriodSeconds = 1e20;
      j.metadata.resourceVersion = '42';
    });
    expect(await problemsOf(bad)).toEqual([
      'spec.completions: must be a 32-bit integer (-2147483648 to 2147483647), got number 2147483648',
      'spec.template.spec.terminationGracePeriodSeconds: must be a 64-bit integer held exactly (-9007199254740991 to 9007199254740991), got number 100000000000000000000',
      'metadata.resourceVersion: resourceVersion should not be set on objects to be created',
    ]);
  });

  test('what the constructs refuse from JavaScript callers: __proto__ keys, fractions, null list items', async () => {
    // GIVEN the same mistakes in YAML and in JSON (whose parsers make `__proto__` an own property)
    const KEY_RULE =
      "key name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
    const yaml = [
      stringify(job()).replace(
        '  namespace: default\n',
        '  namespace: default\n  labels:\n    __proto__: x\n'
      ),
    ].join('');
    const json = JSON.stringify(
      jobWith((pod, spec, j) => {
        spec.backoffLimit = 1.5;
        pod.containers.push(null);
        pod.containers[0].env = [{ name: '__proto__', value: 'x' }];
        j.metadata.annotations = JSON.parse('{"__proto__": "x"}');
        pod.nodeSelector = JSON.parse('{"__proto__": "x"}');
      })
    );
    // THEN validate names each, as the constructs do (an env variable named __proto__ is valid)
    expect(await problemsOf(yaml)).toEqual([`metadata.labels[__proto__]: label ${KEY_RULE}`]);
    const result = await cli(['validate', yamlFile(json, 'manifest.json'), '--json']);
    expect((JSON.parse(result.out) as Finding[]).map((f) => `${f.field}: ${f.message}`)).toEqual([
      'spec.backoffLimit: must be an integer, got number 1.5',
      'spec.template.spec.containers[1]: must not be null',
      `metadata.annotations[__proto__]: annotation ${KEY_RULE}`,
      `spec.template.spec.nodeSelector[__proto__]: label ${KEY_RULE}`,
    ]);
  });

  test('pod annotations: deletion cost, seccomp (and its field), AppArmor', async () => {
    const ANNOTATIONS = 'spec.template.metadata.annotations';
    const bad = jobWith((pod, spec) => {
      spec.template.metadata = {
        annotations: {
          'controller.kubernetes.io/pod-deletion-cost': '2147483648',
          'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
          'container.seccomp.security.alpha.kubernetes.io/main': 'localhost/a.json',
          'container.apparmor.security.beta.kubernetes.io/other': 'bogus',
        },
      };
      pod.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
      pod.containers[0].securityContext = {
        seccompProfile: { type: 'Localhost', localhostProfile: 'b.json' },
      };
    });
    expect(await problemsOf(bad)).toEqual([
      `${ANNOTATIONS}[controller.kubernetes.io/pod-deletion-cost]: must be a 32bit integer`,
      `${ANNOTATIONS}[container.apparmor.security.beta.kubernetes.io/other]: container not found`,
      `${ANNOTATIONS}[container.apparmor.security.beta.kubernetes.io/other]: invalid AppArmor profile name: "bogus"`,
      'spec.template.spec.securityContext.seccompProfile.type: seccomp type in annotation and field must match',
      `${CONTAINER}.securityContext.seccompProfile.localhostProfile: seccomp profile in annotation and field must match`,
    ]);
  });

  test('schema: unknown fields and wrong types', async () => {
    expect(
      await problemsOf(
        jobWith((pod, spec) => {
          spec.completion = 2;
          pod.containers[0].imagePullPolicy = true;
        })
      )
    ).toEqual([
      `${CONTAINER}.imagePullPolicy: must be a string, got boolean true`,
      'spec.completion: unknown field "completion" (not in the Kubernetes 1.28 schema of JobSpec)',
    ]);
  });

  test('feature gates: fields newer than the target version', async () => {
    const managed = jobWith((_p, spec) => (spec.managedBy = 'kueue.x-k8s.io/multikueue'));
    expect(await problemsOf(managed)).toEqual([
      'spec.managedBy: unknown field "managedBy": added in Kubernetes 1.30 (feature gate JobManagedBy, on by default from 1.32); a 1.28 API server rejects it',
    ]);
    expect(await problemsOf(managed, '--kube-version', '1.30')).toEqual([
      'spec.managedBy: a Kubernetes 1.30 API server drops it: feature gate JobManagedBy is alpha, off by default; it is on by default from 1.32 (--kube-version 1.32)',
    ]);
    expect(await problemsOf(managed, '--kube-version', '1.32')).toEqual([]);

    const perIndex = jobWith((_p, spec) =>
      Object.assign(spec, { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1 })
    );
    expect(await problemsOf(perIndex)).toEqual([
      'spec.backoffLimitPerIndex: a Kubernetes 1.28 API server drops it: feature gate JobBackoffLimitPerIndex is alpha, off by default; ' +
        'it is on by default from 1.29 (--kube-version 1.29); backoffLimit was already defaulted to 2147483647 because of it, so failed pods are retried without limit',
    ]);
    expect(await problemsOf(perIndex, '--kube-version', '1.29')).toEqual([]);

    const success = jobWith((_p, spec) =>
      Object.assign(spec, {
        completionMode: 'Indexed',
        completions: 3,
        successPolicy: { rules: [{ succeededCount: 4 }] },
      })
    );
    expect(await problemsOf(success, '--kube-version', '1.31')).toEqual([
      'spec.successPolicy.rules[0].succeededCount: must be less than or equal to 3 (the number of specified completions)',
    ]);
  });

  test('feature gates: sidecar init containers need 1.29', async () => {
    const sidecar = jobWith(
      (pod) => (pod.initContainers = [{ name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' }])
    );
    expect(await problemsOf(sidecar)).toEqual([
      'spec.template.spec.initContainers[0].restartPolicy: sidecar containers: a Kubernetes 1.28 API server drops it: ' +
        'feature gate SidecarContainers is alpha, off by default; it is on by default from 1.29 (--kube-version 1.29)',
    ]);
    expect(await problemsOf(sidecar, '--kube-version', '1.29')).toEqual([]);
  });

  test('feature gates: resizePolicy on an init container is dropped before 1.33 and rejected from 1.33', async () => {
    const init = jobWith(
      (pod) =>
        (pod.initContainers = [
          {
            name: 'setup',
            image: 'busybox:1',
            resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
          },
        ])
    );
    expect(await problemsOf(init, '--kube-version', '1.32')).toEqual([]);
    expect(await problemsOf(init, '--kube-version', '1.33')).toEqual([
      'spec.template.spec.initContainers[0].resizePolicy: must not be set for init containers',
    ]);
  });

  test('metadata: name, generateName, namespace, labels, annotations', async () => {
    expect(await problemsOf({ ...job(), metadata: { namespace: 'Bad_NS' } })).toEqual([
      'metadata.name: name or generateName is required',
      "metadata.namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    ]);
    expect(await problemsOf({ ...job(), metadata: { generateName: 'pi-' } })).toEqual([]);
    // maskTrailingDash takes "a.-" as "aa", but the name generated from it is no DNS subdomain.
    expect(await problemsOf({ ...job(), metadata: { generateName: 'a.-' } })).toEqual([
      'metadata.name: must be a DNS-1123 subdomain: lowercase letters, digits and \'-\', starting and ending with a letter or digit, dot-separated (the name generated from generateName, e.g. "a.-xxxxx")',
    ]);
    // generateName is checked even when a name makes it unused.
    expect(await problemsOf({ ...job(), metadata: { name: 'pi', generateName: 'Pi-' } })).toEqual([
      "metadata.generateName: must be a DNS-1123 subdomain: lowercase letters, digits and '-', starting and ending with a letter or digit, dot-separated",
    ]);
    expect(
      await problemsOf({
        ...job(),
        metadata: { name: 'pi', labels: { 'bad key': 'x' }, annotations: { 'a/b/c': 'x' } },
      })
    ).toEqual([
      "metadata.labels[bad key]: label key name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit",
      "metadata.annotations[a/b/c]: annotation key must be a qualified name: an optional DNS subdomain prefix and '/', then a name",
    ]);
  });

  test('job name: the 63-character label limit and the Indexed hostname rule', async () => {
    const long = 'a'.repeat(64);
    expect(await problemsOf({ ...job(), metadata: { name: long } })).toEqual([
      'metadata.name: must be no more than 63 characters (is 64): the API server copies it into the pod labels job-name and ' +
        'batch.kubernetes.io/job-name, and label values are at most 63 characters',
    ]);
    const indexed = jobWith((_p, spec, j) => {
      j.metadata.name = 'a'.repeat(61);
      Object.assign(spec, { completionMode: 'Indexed', completions: 100 });
    });
    expect(await problemsOf(indexed)).toEqual([
      `metadata.name: will not able to create pod with invalid DNS label: ${'a'.repeat(61)}-99 (Indexed pods' hostnames are <name>-<index>)`,
    ]);
  });

  test('job selector: generated unless manualSelector, controller labels are the API server’s', async () => {
    expect(await problemsOf(jobWith((_p, spec) => (spec.selector = { matchLabels: { app: 'pi' } })))).toEqual(
      [
        'spec.selector: `selector` not auto-generated: leave the selector out (the API server generates it), or set manualSelector: true to give your own',
      ]
    );
    expect(
      await problemsOf(
        jobWith(
          (_p, spec) =>
            (spec.template.metadata = { labels: { 'controller-uid': 'abc', 'job-name': 'other' } })
        )
      )
    ).toEqual([
      "spec.template.metadata.labels[job-name]: must be 'pi' (the Job's name); leave it out, the API server sets it",
      "spec.template.metadata.labels[controller-uid]: is set by the API server to the Job's UID, which a manifest cannot know; leave it out",
    ]);
    expect(await problemsOf(jobWith((_p, spec) => (spec.manualSelector = true)))).toEqual([
      'spec.selector: is required when manualSelector is true',
    ]);
    const manual = jobWith((_p, spec) => {
      spec.manualSelector = true;
      spec.selector = { matchLabels: { app: 'pi' } };
    });
    expect(await problemsOf(manual)).toEqual([
      'spec.template.metadata.labels: `selector` does not match template `labels`',
    ]);
    manual.spec.template.metadata = { labels: { app: 'pi' } };
    expect(await problemsOf(manual)).toEqual([]);
  });

  test('job spec: non-negative counts, maxFailedIndexes needs backoffLimitPerIndex', async () => {
    const bad = jobWith((_p, spec) =>
      Object.assign(spec, {
        parallelism: -1,
        ttlSecondsAfterFinished: -5,
        completionMode: 'Indexed',
        completions: 2,
        maxFailedIndexes: 1,
      })
    );
    expect(await problemsOf(bad, '--kube-version', '1.29')).toEqual([
      'spec.parallelism: must be greater than or equal to 0',
      'spec.ttlSecondsAfterFinished: must be greater than or equal to 0',
      'spec.backoffLimitPerIndex: is required when maxFailedIndexes is specified',
    ]);
  });

  test('job completion mode: Indexed needs completions; per-index fields need Indexed', async () => {
    expect(
      await problemsOf(
        jobWith((_p, spec) => Object.assign(spec, { completionMode: 'Indexed', parallelism: 100001 }))
      )
    ).toEqual([
      'spec.completions: is required when completion mode is Indexed',
      'spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed',
    ]);
    expect(
      await problemsOf(
        jobWith((_p, spec) => (spec.backoffLimitPerIndex = 1)),
        '--kube-version',
        '1.29'
      )
    ).toEqual(['spec.backoffLimitPerIndex: requires indexed completion mode (completionMode: Indexed)']);
    expect(await problemsOf(jobWith((_p, spec) => (spec.completionMode = 'Sharded')))).toEqual([
      'spec.completionMode: unsupported value "Sharded": supported values: "NonIndexed", "Indexed"',
    ]);
  });

  test('pod failure policy: exit codes, container names, actions', async () => {
    const policy = jobWith((_p, spec) => {
      spec.podFailurePolicy = {
        rules: [
          { action: 'FailJob', onExitCodes: { containerName: 'nope', operator: 'In', values: [3, 0, 3] } },
          { action: 'FailIndex', onExitCodes: { operator: 'NotIn', values: [1] } },
          { action: 'Ignore' },
          {
            action: 'Ignore',
            onExitCodes: { operator: 'In', values: [1] },
            onPodConditions: [{ type: 'DisruptionTarget' }],
          },
        ],
      };
    });
    expect(await problemsOf(policy, '--kube-version', '1.29')).toEqual([
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: must not be 0 for the In operator (0 means success)',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: duplicate value 3',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: must be ordered',
      'spec.podFailurePolicy.rules[1].action: FailIndex requires the backoffLimitPerIndex to be set',
      'spec.podFailurePolicy.rules[2]: specifying one of OnExitCodes and OnPodConditions is required',
      'spec.podFailurePolicy.rules[3]: specifying both OnExitCodes and OnPodConditions is not supported',
    ]);
  });

  test('restart policy: unset or Always is rejected; OnFailure not with a pod failure policy', async () => {
    expect(await problemsOf(jobWith((pod) => delete pod.restartPolicy))).toEqual([
      'spec.template.spec.restartPolicy: must be "OnFailure" or "Never" for a Job (an unset restartPolicy defaults to "Always", which a Job does not allow)',
    ]);
    const onFailure = jobWith((pod, spec) => {
      pod.restartPolicy = 'OnFailure';
      spec.podFailurePolicy = {
        rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }],
      };
    });
    expect(await problemsOf(onFailure)).toEqual([
      'spec.template.spec.restartPolicy: only "Never" is supported when podFailurePolicy is specified',
    ]);
  });

  test('cronjob: name ≤ 52, schedule syntax, TZ, time zone, job template selector', async () => {
    expect(await problemsOf(cronJob())).toEqual([]);
    for (const schedule of ['@every 90m', '@daily', '*/15 9-17 * jan-mar mon-fri', '0 0 1,15 * ?']) {
      expect(await problemsOf({ ...cronJob(), spec: { ...cronJob().spec, schedule } })).toEqual([]);
    }
    const bad = cronJob();
    bad.metadata.name = 'n'.repeat(53);
    Object.assign(bad.spec, { schedule: 'CRON_TZ=UTC 0 24 * * *', timeZone: 'Mars/Olympus' });
    bad.spec.jobTemplate.spec.selector = { matchLabels: { a: 'b' } };
    expect(await problemsOf(bad)).toEqual([
      'metadata.name: must be no more than 52 characters (is 53): the CronJob controller appends "-<time>" (11 characters) to name each Job',
      'spec.schedule: end of range (24) above maximum (23): 24',
      'spec.schedule: cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      'spec.timeZone: unknown time zone: expected an IANA name such as "Asia/Shanghai", "Europe/Berlin" or "UTC"',
      'spec.jobTemplate.spec.selector: `selector` will be auto-generated; leave it out',
    ]);
    for (const [schedule, message] of [
      ['0 0 * *', 'expected exactly 5 fields, found 4: [0 0 * *]'],
      ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
      ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
      ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
      ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ]) {
      expect(await problemsOf({ ...cronJob(), spec: { ...cronJob().spec, schedule } })).toEqual([
        `spec.schedule: ${message}`,
      ]);
    }
  });

  test('containers: names, images, init container rules, ephemeral containers', async () => {
    const bad = jobWith((pod) => {
      pod.containers = [
        { name: 'main', image: 'a:1' },
        { name: 'main' },
        { name: 'Side.car', image: 'b:1', restartPolicy: 'Always' },
      ];
      pod.initContainers = [{ name: 'init', image: 'c:1', readinessProbe: { exec: { command: ['true'] } } }];
      pod.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
    });
    expect(await problemsOf(bad)).toEqual([
      'spec.template.spec.initContainers[0].readinessProbe: may not be set for init containers without restartPolicy=Always',
      'spec.template.spec.containers[1].name: duplicate value "main": container names must be unique across containers and initContainers',
      'spec.template.spec.containers[1].image: is required',
      "spec.template.spec.containers[2].name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
      'spec.template.spec.containers[2].restartPolicy: may not be set for non-init containers',
      'spec.template.spec.ephemeralContainers: ephemeral containers not allowed in pod template',
    ]);
    expect(await problemsOf(jobWith((pod) => (pod.containers = [])))).toEqual([
      'spec.template.spec.containers: is required: a pod needs at least one container',
    ]);
  });

  test('ports: numbers, names, host port conflicts', async () => {
    const bad = jobWith((pod) => {
      pod.hostNetwork = true;
      pod.dnsPolicy = 'ClusterFirstWithHostNet';
      pod.containers[0].ports = [{ containerPort: 0 }, { containerPort: 8080, name: 'http--alt' }];
      pod.containers.push({ name: 'side', image: 'x:1', ports: [{ containerPort: 8080 }] });
    });
    expect(await problemsOf(bad)).toEqual([
      `${CONTAINER}.ports[0].containerPort: must be between 1 and 65535, inclusive`,
      `${CONTAINER}.ports[1].name: port name must not contain '--'`,
      'spec.template.spec.containers[1].ports[0].hostPort: duplicate host port "8080/TCP" in the pod',
    ]);
  });

  test('env: Kubernetes’ own name rule by version, one source per valueFrom', async () => {
    const bad = jobWith((pod) => {
      pod.containers[0].env = [
        { name: 'MY-VAR.1', value: 'ok under Kubernetes rules' },
        { name: '1BAD', value: 'x' },
        {
          name: 'BOTH',
          value: 'x',
          valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' }, secretKeyRef: { name: 's', key: 'k' } },
        },
        { name: 'FIELD', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
        { name: 'KEY', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a b' } } },
      ];
    });
    expect(await problemsOf(bad)).toEqual([
      `${CONTAINER}.env[1].name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (Kubernetes 1.28; relaxed names need 1.32+)`,
      `${CONTAINER}.env[2].valueFrom: may not be specified when \`value\` is not empty`,
      `${CONTAINER}.env[2].valueFrom: may not have more than one field specified at a time`,
      `${CONTAINER}.env[3].valueFrom.fieldRef.fieldPath: must be one of metadata.name, metadata.namespace, metadata.uid, spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP, status.podIPs, or metadata.labels['<key>'] / metadata.annotations['<key>']`,
      `${CONTAINER}.env[4].valueFrom.configMapKeyRef.key: must be 1 to 253 letters, digits, '-', '_' or '.'`,
    ]);
    const relaxed = jobWith((pod) => (pod.containers[0].env = [{ name: '1 relaxed', value: 'x' }]));
    expect(await problemsOf(relaxed, '--kube-version', '1.32')).toEqual([]);
  });

  test('resources: GPUs are whole, request = limit; request ≤ limit; standard names', async () => {
    const bad = jobWith((pod) => {
      pod.containers[0].resources = {
        requests: { cpu: '2', 'nvidia.com/gpu': 1, gpu: 1 },
        limits: { cpu: '1', 'nvidia.com/gpu': 2, 'amd.com/gpu': '0.5' },
      };
    });
    expect(await problemsOf(bad)).toEqual([
      `${CONTAINER}.resources.limits[amd.com/gpu]: must be an integer (got "0.5")`,
      `${CONTAINER}.resources.requests[gpu]: must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>)`,
      `${CONTAINER}.resources.requests[cpu]: must be less than or equal to cpu limit of 1 (got 2)`,
      `${CONTAINER}.resources.requests[nvidia.com/gpu]: must be equal to nvidia.com/gpu limit of 2 (got 1): nvidia.com/gpu cannot be overcommitted`,
    ]);
    const requestOnly = jobWith(
      (pod) => (pod.containers[0].resources = { requests: { 'nvidia.com/gpu': 1 } })
    );
    expect(await problemsOf(requestOnly)).toEqual([
      `${CONTAINER}.resources.limits[nvidia.com/gpu]: must be set when nvidia.com/gpu is requested: limit must be set for non overcommitable resources`,
    ]);
    const limitOnly = jobWith(
      (pod) =>
        (pod.containers[0].resources = {
          limits: { 'nvidia.com/gpu': 1, memory: '1.5Gi' },
          requests: { memory: '1536Mi' },
        })
    );
    expect(await problemsOf(limitOnly)).toEqual([]);
  });

  test('volumes: names, one source, modes, paths', async () => {
    const bad = jobWith((pod) => {
      pod.volumes = [
        { name: 'two', emptyDir: {}, secret: { secretName: 's' } },
        { name: 'two', configMap: { name: 'c', defaultMode: 512, items: [{ key: 'k', path: '../x' }] } },
        { name: 'host', hostPath: { path: '/var/../etc', type: 'Folder' } },
        { name: 'nfs', nfs: { server: 'nfs', path: 'exports' } },
        { name: 'Data_1', persistentVolumeClaim: { claimName: '' } },
      ];
    });
    expect(await problemsOf(bad)).toEqual([
      'spec.template.spec.volumes[0]: may not specify more than 1 volume type (has emptyDir, secret)',
      'spec.template.spec.volumes[1].name: duplicate value "two"',
      'spec.template.spec.volumes[1].configMap.defaultMode: must be a number between 0 and 0777 (octal), both inclusive',
      "spec.template.spec.volumes[1].configMap.items[0].path: must not contain '..'",
      "spec.template.spec.volumes[2].hostPath.path: must not contain '..'",
      'spec.template.spec.volumes[2].hostPath.type: unsupported value "Folder": supported values: "", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"',
      "spec.template.spec.volumes[3].nfs.path: must be an absolute path (starting with '/')",
      "spec.template.spec.volumes[4].name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
      'spec.template.spec.volumes[4].persistentVolumeClaim.claimName: is required',
    ]);
  });

  test('volumes: an inline CSI volume of a driver without the Ephemeral mode is a finding, with what to use', async () => {
    const bad = jobWith((pod) => {
      pod.volumes = [
        {
          name: 'disk',
          csi: { driver: 'diskplugin.csi.alibabacloud.com', volumeAttributes: { volumeId: 'd-1' } },
        },
        { name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io' } },
      ];
    });
    const { findings, code } = await validate(bad);
    expect(code).toBe(1);
    expect(findings.map((f: Finding) => [f.field, f.rule, f.message])).toEqual([
      [
        'spec.template.spec.volumes[0].csi.driver',
        'csi-lifecycle-modes',
        'diskplugin.csi.alibabacloud.com (Alibaba Cloud disk) does not support inline CSI volumes: its CSIDriver ' +
          'object declares only the Persistent lifecycle mode, so the kubelet refuses to mount the volume and the ' +
          'pod never starts; mount it through a claim: persistentVolumeClaim (an existing one) or ' +
          'ephemeral.volumeClaimTemplate with one of its StorageClasses (one claim per pod)',
      ],
    ]);
  });

  test('volumes: a generic ephemeral volume follows the claim spec rules', async () => {
    const good = jobWith((pod) => {
      pod.volumes = [
        {
          name: 'scratch',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: { labels: { app: 'x' } },
              spec: {
                accessModes: ['ReadWriteOnce'],
                storageClassName: 'alicloud-disk-topology-alltype',
                resources: { requests: { storage: '20Gi' } },
              },
            },
          },
        },
      ];
      pod.containers[0].volumeMounts = [{ name: 'scratch', mountPath: '/scratch' }];
    });
    expect(await problemsOf(good)).toEqual([]);
    const bad = jobWith((pod) => {
      pod.volumes = [
        { name: 'none', ephemeral: {} },
        {
          name: 'bad',
          ephemeral: {
            volumeClaimTemplate: {
              metadata: { name: 'fixed', labels: { 'bad key': 'x' } },
              spec: {
                volumeMode: 'Raw',
                accessModes: ['ReadWriteOncePod', 'ReadOnlyMany', 'Sometimes'],
                storageClassName: 'Fast_SSD',
                resources: { requests: { storage: '0' } },
              },
            },
          },
        },
        { name: 'empty', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      ];
    });
    const tpl = 'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate';
    expect(await problemsOf(bad)).toEqual([
      'spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate: is required',
      `${tpl}.metadata.labels[bad key]: label key name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit`,
      `${tpl}.metadata.name: cannot be set for an ephemeral volume`,
      `${tpl}.spec.volumeMode: unsupported value "Raw": supported values: "Block", "Filesystem"`,
      `${tpl}.spec.accessModes: unsupported value "Sometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
      `${tpl}.spec.accessModes: may not use ReadWriteOncePod with other access modes`,
      `${tpl}.spec.resources.requests[storage]: must be greater than zero`,
      `${tpl}.spec.storageClassName: must be a DNS-1123 subdomain: lowercase letters, digits and '-', starting and ending with a letter or digit, dot-separated`,
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.accessModes: at least 1 access mode is required',
      'spec.template.spec.volumes[2].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: is required',
    ]);
  });

  test('volume mounts: the volume exists, mount paths are unique, sub-paths relative', async () => {
    const bad = jobWith((pod) => {
      pod.volumes = [{ name: 'scratch', emptyDir: {} }];
      pod.containers[0].volumeMounts = [
        { name: 'scratch', mountPath: '/data', subPath: '/abs' },
        { name: 'scratch', mountPath: '/data', mountPropagation: 'Bidirectional' },
        { name: 'missing', mountPath: '/other' },
      ];
    });
    expect(await problemsOf(bad)).toEqual([
      `${CONTAINER}.volumeMounts[0].subPath: must be a relative path`,
      `${CONTAINER}.volumeMounts[1].mountPath: must be unique`,
      `${CONTAINER}.volumeMounts[1].mountPropagation: Bidirectional mount propagation is available only to privileged containers`,
      `${CONTAINER}.volumeMounts[2].name: not found: no volume named "missing" in the pod`,
    ]);
  });

  test('probes: one handler, thresholds, ports', async () => {
    const bad = jobWith((pod) => {
      Object.assign(pod.containers[0], {
        livenessProbe: { successThreshold: 2, exec: { command: ['true'] } },
        readinessProbe: { periodSeconds: -1, httpGet: { port: 'Http' }, tcpSocket: { port: 80 } },
        startupProbe: {},
        lifecycle: { preStop: { httpGet: { port: 70000 } } },
      });
    });
    expect(await problemsOf(bad)).toEqual([
      `${CONTAINER}.livenessProbe.successThreshold: must be 1 for a liveness probe`,
      `${CONTAINER}.readinessProbe: may not specify more than 1 handler type (has httpGet, tcpSocket)`,
      `${CONTAINER}.readinessProbe.httpGet.port: port name must consist of lowercase letters, digits and '-'`,
      `${CONTAINER}.readinessProbe.periodSeconds: must be greater than or equal to 0`,
      `${CONTAINER}.startupProbe: must specify a handler type (one of exec, httpGet, tcpSocket, grpc)`,
      `${CONTAINER}.lifecycle.preStop.httpGet.port: must be between 1 and 65535, inclusive`,
    ]);
  });

  test('pod spec: deadlines, DNS policy, names, user IDs', async () => {
    const bad = jobWith((pod) => {
      Object.assign(pod, {
        activeDeadlineSeconds: 0,
        dnsPolicy: 'Cluster',
        serviceAccountName: 'Runner',
        securityContext: { runAsUser: -1 },
      });
    });
    expect(await problemsOf(bad)).toEqual([
      'spec.template.spec.dnsPolicy: unsupported value "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      'spec.template.spec.activeDeadlineSeconds: must be between 1 and 2147483647, inclusive',
      "spec.template.spec.serviceAccountName: must be a DNS-1123 subdomain: lowercase letters, digits and '-', starting and ending with a letter or digit, dot-separated",
      'spec.template.spec.securityContext.runAsUser: must be between 0 and 2147483647, inclusive',
    ]);
  });

  test('scheduling: node selector, tolerations, node affinity', async () => {
    const bad = jobWith((pod) => {
      pod.nodeSelector = { 'bad key': 'x' };
      pod.tolerations = [
        { key: 'gpu', operator: 'Exists', value: 'present' },
        { value: 'x' },
        { key: 'k', tolerationSeconds: 5 },
      ];
      pod.affinity = {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
        },
      };
    });
    expect(await problemsOf(bad)).toEqual([
      "spec.template.spec.nodeSelector[bad key]: label key name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit",
      'spec.template.spec.tolerations[0].value: must be empty with operator Exists',
      'spec.template.spec.tolerations[1].operator: must be Exists when no key is given (a toleration of every taint)',
      'spec.template.spec.tolerations[2].tolerationSeconds: only applies with effect NoExecute',
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: In needs at least one value',
      'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be in the range 1-100',
    ]);
  });

  test('pod security: the cdk8s-batch.io/pod-security annotation must match the pods', async () => {
    const loosened = jobWith((pod, _spec, j) => {
      j.metadata.annotations = { 'cdk8s-batch.io/pod-security': 'restricted' };
      pod.containers[0].securityContext = { privileged: true };
    });
    expect(await problemsOf(loosened)).toEqual([
      'metadata.annotations[cdk8s-batch.io/pod-security]: says "restricted" but the pods meet "privileged" ' +
        '(Privileged Containers: spec.containers[0].securityContext.privileged privileged mode)',
    ]);
  });

  test('config data: ConfigMap and Secret keys', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'a b': 'x' } };
    expect(await problemsOf(cm)).toEqual([
      "data[a b]: key must be 1 to 253 letters, digits, '-', '_' or '.'",
    ]);
  });
});

describe('cdk8s-batch validate: the same object twice', () => {
  const job = (name: string, namespace?: string) =>
    [
      'apiVersion: batch/v1',
      'kind: Job',
      `metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}`,
      'spec: {template: {spec: {restartPolicy: Never, containers: [{name: m, image: "busybox:1.36"}]}}}',
      '',
    ].join('\n');

  test('a second Job with the same namespace and name is a finding naming where the first is', async () => {
    const first = yamlFile(job('pi', 'batch'));
    const second = yamlFile(`${job('other', 'batch')}---\n${job('pi', 'batch')}`);
    const result = await cli(['validate', first, second, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual([
      expect.objectContaining({
        file: second,
        document: 1,
        field: 'metadata.name',
        rule: 'duplicate-object',
        message: `Job batch/pi is also in ${first}:0: one would replace the other on apply`,
      }),
    ]);
  });

  test('the same name in another namespace, or of another kind, is fine', async () => {
    const file = yamlFile(`${job('pi', 'a')}---\n${job('pi', 'b')}---\n${job('pi')}`);
    expect((await cli(['validate', file])).code).toBe(0);
  });
});
