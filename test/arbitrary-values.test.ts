/**
 * Arbitrary JavaScript values, not only well-typed ones, thrown at every construct and at every value
 * object's factory. Each attempt must end in one of two ways:
 *
 * - a `ValidationError` whose problems each name a field, in our words (no zod, JavaScript or cdk8s
 *   wording); or
 * - manifests that `validate`'s checks accept (the 1.28 schema and the API server's rules, see
 *   support/build.ts `manifestProblems`), that keep every label, annotation, node selector and env
 *   variable given (nothing silently dropped), and that kubectl's own reader reads back as written:
 *   every accepted manifest of a run goes into one file, read by one kubectl process at the end
 *   (written with `toYaml`, the writer `synthToDirectory` uses).
 *
 * A rule that throws is a failure even though validation turns it into a ValidationError ("could not
 * be checked", the last resort of validation/parse.ts).
 *
 * The one other ending allowed is cdk8s' "Validation failed" at synth for the checks the constructs
 * leave to synth because a later call can still fix them (a Job with no container yet: addContainer).
 *
 * Props start valid (support/arbitraries.ts `validScenario`; for the factories and ArgoCdApplication,
 * one valid call each) and get up to two changes anywhere in their plain objects and lists: a value
 * replaced by `fc.anything()` (null-prototype objects, BigInts, sparse arrays, boxed values, Dates,
 * Maps, typed arrays, full-unicode strings, `__proto__` keys), a key added or removed, a string or
 * number replaced by another of its type (lone surrogates included), or a value no generator can make
 * ahead (a getter or a Proxy that throws, a cycle). A quarter of the runs keep the props valid, so
 * both endings occur; the test checks that they do.
 *
 * `npm test` runs 60 attempts per construct and 150 calls with a fixed seed (about 4 s); FUZZ_RUNS=<n>
 * runs n of each with a random seed, printed on failure (see support/fuzz.ts): 2,000 take about a
 * minute, 10,000 about 4.5 minutes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import fc from 'fast-check';
import {
  ArgoCdApplication,
  BatchJob,
  BatchJobProps,
  ContainerProps,
  CronBatch,
  CronBatchProps,
  Distributed,
  EnvFrom,
  EnvValue,
  Gpu,
  GpuJob,
  GpuJobProps,
  GpuStack,
  JobDefaults,
  JobPattern,
  JobService,
  KubernetesVersion,
  LifecycleHandler,
  NetworkMode,
  NodeLabel,
  Platform,
  PodFailureRule,
  Probe,
  ReapplyPolicy,
  RestartPolicy,
  RunAs,
  Schedule,
  toYaml,
  ValidationError,
  Volume,
} from '../lib';
import {
  CHART_ID,
  CONSTRUCT_KINDS,
  ConstructKind,
  Deferred,
  resolveDeferred,
  Scenario,
  targetOf,
  validScenario,
} from './support/arbitraries';
import type { KubeVersion } from '../lib/rules/kube-versions';
import { LEAKS, Manifest, manifestProblems } from './support/build';
import { fuzzParameters, replayHint } from './support/fuzz';
import { describeWithKubectl, KUBECTL, KUBECTL_SKIPPED, kubectlReads } from './support/kubectl';

const fuzz = fuzzParameters();

// ---------------------------------------------------------------------------------------------
// Arbitrary values

/** Keys a caller may write: any text, prop names (right and misspelled), and what JSON.parse makes own. */
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'name',
      'image',
      'command',
      'env',
      'port',
      'count',
      'completions',
      'parallelism',
      'initialDelaySeconds',
      'sizelimit',
      'example.com/key'
    ),
  }
);

/** Any JavaScript value fast-check can make. */
const anything = fc.anything({
  key,
  maxDepth: 2,
  maxKeys: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

const throwing = (): never => {
  throw new TypeError('trap');
};

/** Values no generator makes ahead: made when the props are built (fast-check never reads them). */
const unreadable = fc.constantFrom(
  new Deferred('{ get x() { throw } }', () => ({
    get x(): unknown {
      return throwing();
    },
  })),
  new Deferred('Proxy(throwing traps)', () => new Proxy({}, { get: throwing, ownKeys: throwing })),
  new Deferred('Proxy(revoked)', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }),
  new Deferred('cyclic object', () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    return o;
  }),
  new Deferred(
    'new (class { image = "busybox" })()',
    () =>
      new (class Container {
        image = 'busybox:1.36';
      })()
  ),
  new Deferred('Symbol()', () => Symbol('s')),
  new Deferred('() => {}', () => () => undefined)
);

/** Numbers at the edges: not finite, negative zero, beyond int32 and 2^53, fractions. */
const edgeNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 31, 2 ** 53 + 2, 1e21, 0.5, -1),
  fc.double(),
  fc.integer()
);

/** One code point of any plane, or half of a surrogate pair on its own. */
const anyUnit = fc.oneof(
  { weight: 9, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF') }
);

/** Text a YAML reader may read as something else, line breaks, full unicode, lone surrogates. */
const edgeText = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom(
    '',
    ' ',
    'yes',
    'null',
    '~',
    '0x1F',
    '1e3',
    '.inf',
    '- a',
    'a: b',
    '\u2028',
    '\u0085',
    '\ufeff',
    'x\u0000'
  )
);

/** What replaces a value. */
const replacement = fc.oneof(
  { weight: 6, arbitrary: anything },
  { weight: 2, arbitrary: edgeNumber },
  { weight: 2, arbitrary: edgeText },
  { weight: 1, arbitrary: unreadable }
);

// ---------------------------------------------------------------------------------------------
// Changing props anywhere in their plain objects and lists

type Path = readonly (string | number)[];

const isPlainContainer = (v: unknown): v is Record<string | number, unknown> =>
  Array.isArray(v) ||
  (v !== null &&
    typeof v === 'object' &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null));

/** Every value below `root` reached through plain objects and lists, with its path (the root's is []). */
function paths(root: unknown, at: Path = [], out: { path: Path; value: unknown }[] = []) {
  out.push({ path: at, value: root });
  if (isPlainContainer(root)) {
    for (const k of Object.keys(root)) paths(root[k], [...at, Array.isArray(root) ? Number(k) : k], out);
  }
  return out;
}

const REMOVE = Symbol('remove');

/** A copy of `root` with the value at `path` changed by `change` (copies only along the path). */
function changeAt(root: unknown, at: Path, change: (old: unknown) => unknown): unknown {
  if (at.length === 0) return change(root);
  const container = root as Record<string | number, unknown>;
  const copy: Record<string | number, unknown> = Array.isArray(container)
    ? [...container]
    : Object.defineProperties(
        Object.create(Object.getPrototypeOf(container)),
        Object.getOwnPropertyDescriptors(container)
      );
  const next = changeAt(container[at[0]], at.slice(1), change);
  if (next === REMOVE) {
    if (Array.isArray(copy)) copy.splice(Number(at[0]), 1);
    else delete copy[at[0]];
  } else {
    // defineProperty, so that a `__proto__` key is an own property as JSON.parse makes it
    Object.defineProperty(copy, at[0], { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** One change somewhere in `root` (below it, for a list of arguments: `keepRoot`). */
function oneChange(root: unknown, keepRoot = false): fc.Arbitrary<unknown> {
  const candidates = paths(root).filter((p) => !keepRoot || p.path.length > 0);
  if (candidates.length === 0) return fc.constant(root);
  return fc.nat(candidates.length - 1).chain((i) => {
    const { path: at, value } = candidates[i];
    const changes: fc.Arbitrary<unknown>[] = [replacement.map((v) => changeAt(root, at, () => v))];
    if (typeof value === 'string') changes.push(edgeText.map((t) => changeAt(root, at, () => t)));
    if (typeof value === 'number') changes.push(edgeNumber.map((n) => changeAt(root, at, () => n)));
    if (at.length > 0) changes.push(fc.constant(changeAt(root, at, () => REMOVE)));
    if (isPlainContainer(value)) {
      changes.push(
        fc
          .tuple(Array.isArray(value) ? fc.nat(value.length + 2) : key, replacement)
          .map(([k, v]) => changeAt(root, [...at, k], () => v))
      );
      // A map a JSON parser made: an own `__proto__` key with text, as labels and env have.
      if (!Array.isArray(value))
        changes.push(edgeText.map((t) => changeAt(root, [...at, '__proto__'], () => t)));
    }
    return fc.oneof(...changes);
  });
}

/** `root` with no change (a share of the runs), or one or two changes. */
function changed<T>(root: T, keepRoot = false): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(root) },
    { weight: 2, arbitrary: oneChange(root, keepRoot) },
    { weight: 1, arbitrary: oneChange(root, keepRoot).chain((r) => oneChange(r, keepRoot)) }
  ) as fc.Arbitrary<T>;
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/** What a run of attempts ended in. */
interface Outcomes {
  rejected: number;
  accepted: number;
  /** Accepted objects: the YAML written, what was attempted, and the JSON meant, in order. */
  readonly yaml: string[];
  readonly labels: string[];
  readonly objects: Manifest[];
}

const outcomes = (): Outcomes => ({ rejected: 0, accepted: 0, yaml: [], labels: [], objects: [] });
const all = outcomes();

/** The message of cdk8s' synth-time validation, for the checks that wait for synth. */
const SYNTH_VALIDATION =
  /^Validation failed with the following errors:\n(\s+\[[^\]]+\] (containers: a Job needs at least one container|podAnnotations\.[^:]+: container not found).*\n?)+$/;

/**
 * Builds with `build` in a fresh app and records the ending; fails on any other. `label` says what was
 * attempted, for failure messages; `kept` checks that nothing given was silently left out of the manifests.
 */
function attempt(
  counts: Outcomes,
  label: () => string,
  build: (chart: Chart) => void,
  kept: (objects: Manifest[]) => void = () => undefined,
  version: () => KubeVersion = () => '1.28'
): void {
  const app = new App();
  const chart = new Chart(app, CHART_ID);
  let yaml: string;
  try {
    build(chart);
    yaml = toYaml(app);
  } catch (error) {
    if (error instanceof Error && SYNTH_VALIDATION.test(error.message)) {
      counts.rejected++;
      return;
    }
    if (!(error instanceof ValidationError)) {
      throw new Error(
        `expected a ValidationError or manifests, got ${describeThrown(error)} for ${short(label())}`
      );
    }
    for (const p of error.problems) {
      expect(p.field.length).toBeGreaterThan(0);
      // The last resort for a rule that threw (validation/parse.ts `problemsOf`): a crash, reported without a field.
      if (p.message.startsWith('could not be checked')) {
        throw new Error(`a rule threw (${p.message}) for ${short(label())}`);
      }
    }
    for (const leak of LEAKS) expect(error.message).not.toMatch(leak);
    counts.rejected++;
    return;
  }
  const objects = app.charts.flatMap((c) => c.toJson() as Manifest[]);
  const problems = objects.flatMap((o) => manifestProblems(o, version()).map((p) => `${o.kind} ${p}`));
  if (problems.length > 0) {
    throw new Error(`accepted ${short(label())}, but validate reports:\n${problems.join('\n')}`);
  }
  kept(objects);
  counts.accepted++;
  counts.yaml.push(yaml);
  counts.labels.push(label());
  counts.objects.push(...JSON.parse(JSON.stringify(objects)));
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every entry of `given` (a map of strings) is in `rendered`, as given: none was dropped. */
function expectEntries(what: string, given: unknown, rendered: unknown): void {
  if (!isMap(given)) return;
  for (const k of Object.keys(given)) {
    const value = isMap(rendered) && Object.hasOwn(rendered, k) ? rendered[k] : undefined;
    if (value !== given[k])
      throw new Error(`${what}: ${JSON.stringify(k)} was given but not rendered as given`);
  }
}

/** The maps and env variables of accepted props are all in the manifests: nothing silently dropped. */
function expectKept(props: Record<string, unknown>, objects: Manifest[]): void {
  const top = objects.find((o) => o.kind === 'Job' || o.kind === 'CronJob');
  const job = top.kind === 'CronJob' ? top.spec.jobTemplate : top;
  expectEntries('labels', props.labels, top.metadata.labels);
  expectEntries('annotations', props.annotations, top.metadata.annotations);
  expectEntries('podLabels', props.podLabels, job.spec.template.metadata?.labels);
  expectEntries('podAnnotations', props.podAnnotations, job.spec.template.metadata?.annotations);
  expectEntries('nodeSelector', props.nodeSelector, job.spec.template.spec.nodeSelector);
  if (top.kind === 'CronJob') {
    expectEntries('jobLabels', props.jobLabels, job.metadata?.labels);
    expectEntries('jobAnnotations', props.jobAnnotations, job.metadata?.annotations);
  }
  // Sidecars render first among the init containers.
  const sidecars = Array.isArray(props.sidecars) ? props.sidecars.length : 0;
  for (const [list, rendered, offset] of [
    ['containers', 'containers', 0],
    ['sidecars', 'initContainers', 0],
    ['initContainers', 'initContainers', sidecars],
  ] as const) {
    const given = Array.isArray(props[list]) ? (props[list] as unknown[]) : [];
    given.forEach((c, i) => {
      const env = isMap(c) && isMap(c.env) ? c.env : {};
      const names = new Set(
        (job.spec.template.spec[rendered]?.[i + offset]?.env ?? []).map((e: Manifest) => e.name)
      );
      for (const name of Object.keys(env)) {
        if (!names.has(name))
          throw new Error(`${list}[${i}].env: ${JSON.stringify(name)} was given but not rendered`);
      }
    });
  }
}

/** At most 500 characters of what was attempted (fast-check prints all of it as the counterexample). */
const short = (text: string) => (text.length > 500 ? `${text.slice(0, 499)}…` : text);

function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  } catch {
    return 'a value that cannot be shown';
  }
}

/** Runs a property with the shared seed; on failure, says how to replay it. */
function check<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void, runs: number): void {
  const parameters = fuzz.parameters(runs);
  try {
    fc.assert(fc.property(arb, predicate), parameters);
  } catch (error) {
    (error as Error).message += `\n\n${replayHint(parameters)}`;
    throw error;
  }
}

/** Both endings occurred: at least a tenth of the attempts each. */
function expectBothEndings(counts: Outcomes): void {
  // When fuzzing, written directly (as support/fuzz.ts writes the seed), so the share shows.
  if (fuzz.fuzzing) {
    const test = expect.getState().currentTestName;
    process.stderr.write(`${test}: ${counts.accepted} accepted, ${counts.rejected} refused\n`);
  }
  const total = counts.accepted + counts.rejected;
  // A replay of one counterexample (FUZZ_PATH) has too few attempts to judge.
  if (process.env.FUZZ_PATH === undefined) {
    expect([counts.accepted >= total / 10, counts.rejected >= total / 10]).toEqual([true, true]);
  }
  all.rejected += counts.rejected;
  all.accepted += counts.accepted;
  all.yaml.push(...counts.yaml);
  all.labels.push(...counts.labels);
  all.objects.push(...counts.objects);
}

// ---------------------------------------------------------------------------------------------
// The constructs

function buildScenario(chart: Chart, s: Scenario): void {
  if (s.defaults !== undefined) JobDefaults.set(chart, resolveDeferred(s.defaults));
  const props = resolveDeferred(s.props);
  if (s.kind === 'BatchJob') new BatchJob(chart, s.id, props);
  else if (s.kind === 'GpuJob') new GpuJob(chart, s.id, props as GpuJobProps);
  else new CronBatch(chart, s.id, props as CronBatchProps);
}

describe('arbitrary JavaScript values in props', () => {
  test.each(CONSTRUCT_KINDS)(
    '%s: a ValidationError naming a field, or manifests validate accepts',
    (kind: ConstructKind) => {
      const counts = outcomes();
      check(
        validScenario(kind).chain((s) =>
          fc.tuple(changed(s.props), fc.boolean()).map(([props, withDefaults]) => ({
            ...s,
            props,
            defaults: withDefaults ? s.defaults : undefined,
          }))
        ),
        (s) =>
          attempt(
            counts,
            () => fc.stringify(s.props),
            (chart) => buildScenario(chart, s),
            (objects) => expectKept(resolveDeferred(s.props) as Record<string, unknown>, objects),
            // Accepted props could be read: their target version is the one validate checks against.
            () => targetOf({ ...s, props: resolveDeferred(s.props), defaults: resolveDeferred(s.defaults) })
          ),
        fuzz.runs(60)
      );
      expectBothEndings(counts);
    },
    fuzz.timeout
  );
});

// ---------------------------------------------------------------------------------------------
// The value objects' factories

/** A factory's valid arguments, and a construct built with the value it makes from them. */
interface Factory {
  readonly name: string;
  readonly args: readonly unknown[];
  /** Calls the factory with `args` and builds a construct that uses the value. */
  readonly build: (chart: Chart, args: readonly never[]) => void;
  /** The Kubernetes version `build` targets, which validate checks against. */
  readonly version?: KubeVersion;
}

const IMAGE = 'busybox:1.36';
const job = (chart: Chart, props: BatchJobProps) =>
  new BatchJob(chart, 'job', { containers: [{ image: IMAGE }], ...props });
const withContainer = (chart: Chart, container: Omit<ContainerProps, 'image'>) =>
  job(chart, { containers: [{ image: IMAGE, ports: [{ number: 8080, name: 'http' }], ...container }] });
const mounted = (chart: Chart, volume: Volume) =>
  job(chart, { containers: [{ image: IMAGE, volumeMounts: [{ volume, mountPath: '/mnt/data' }] }] });
const cron = (chart: Chart, schedule: Schedule) =>
  new CronBatch(chart, 'cron', { schedule, containers: [{ image: IMAGE }] });
const gpuJob = (chart: Chart, gpu: Gpu, gpuStack?: GpuStack) =>
  new GpuJob(chart, 'gpu', { gpu, gpuStack, containers: [{ image: IMAGE }] });
const never = (chart: Chart, rule: PodFailureRule) =>
  job(chart, { restartPolicy: RestartPolicy.NEVER, podFailurePolicy: [rule] });

const FACTORIES: readonly Factory[] = [
  {
    name: 'Probe.http',
    args: [
      { port: 8080, path: '/healthz', headers: { 'X-Probe': 'yes' }, initialDelay: Duration.seconds(3) },
    ],
    build: (chart, [o]) => withContainer(chart, { readinessProbe: Probe.http(o) }),
  },
  {
    name: 'Probe.tcp',
    args: [{ port: 'http', period: Duration.seconds(10), failureThreshold: 3 }],
    build: (chart, [o]) => withContainer(chart, { readinessProbe: Probe.tcp(o) }),
  },
  {
    name: 'Probe.command',
    args: [['cat', '/tmp/ready'], { timeout: Duration.seconds(2), successThreshold: 1 }],
    build: (chart, [c, t]) => withContainer(chart, { livenessProbe: Probe.command(c, t) }),
  },
  {
    name: 'LifecycleHandler.command',
    args: [['sh', '-c', 'sleep 5']],
    build: (chart, [c]) => withContainer(chart, { lifecycle: { preStop: LifecycleHandler.command(c) } }),
  },
  {
    name: 'Probe.http (a list of headers)',
    args: [
      {
        port: 8080,
        headers: [
          { name: 'Accept', value: 'text/plain' },
          { name: 'Accept', value: 'application/json' },
        ],
      },
    ],
    build: (chart, [o]) => withContainer(chart, { livenessProbe: Probe.http(o) }),
  },
  {
    name: 'LifecycleHandler.http',
    args: [{ port: 8080, path: '/stop', scheme: 'HTTP' }],
    build: (chart, [o]) => withContainer(chart, { lifecycle: { postStart: LifecycleHandler.http(o) } }),
  },
  {
    name: 'Volume.emptyDir',
    args: ['scratch', { medium: 'Memory', sizeLimit: Size.mebibytes(64) }],
    build: (chart, [n, o]) => mounted(chart, Volume.emptyDir(n, o)),
  },
  {
    name: 'Volume.fromSecret',
    args: [
      'creds',
      'db-creds',
      { items: [{ key: 'password', path: 'pw', mode: 0o400 }], defaultMode: 0o440 },
    ],
    build: (chart, [n, r, o]) => mounted(chart, Volume.fromSecret(n, r, o)),
  },
  {
    name: 'Volume.fromConfigMap',
    args: ['settings', 'app-settings', { optional: true }],
    build: (chart, [n, r, o]) => mounted(chart, Volume.fromConfigMap(n, r, o)),
  },
  {
    name: 'Volume.fromPersistentVolumeClaim',
    args: ['results', 'results-claim', { readOnly: true }],
    build: (chart, [n, r, o]) => mounted(chart, Volume.fromPersistentVolumeClaim(n, r, o)),
  },
  {
    name: 'Volume.fromHostPath',
    args: ['logs', '/var/log/app', { type: 'DirectoryOrCreate' }],
    build: (chart, [n, p, o]) => mounted(chart, Volume.fromHostPath(n, p, o)),
  },
  {
    name: 'Volume.fromNfs',
    args: ['shared', 'nfs.example.com:/exports/data', { readOnly: true }],
    build: (chart, [n, e, o]) => mounted(chart, Volume.fromNfs(n, e, o)),
  },
  {
    name: 'Volume.fromCsi',
    args: [
      'bucket',
      'objects.csi.example.com',
      {
        attributes: { bucket: 'data', url: 'oss.example.com' },
        fsType: 'ext4',
        nodePublishSecret: 'oss-creds',
      },
    ],
    build: (chart, [n, d, o]) => mounted(chart, Volume.fromCsi(n, d, o)),
  },
  {
    name: 'Volume.ephemeralClaim',
    args: [
      'scratch',
      {
        size: Size.gibibytes(20),
        storageClass: 'alicloud-disk-topology-alltype',
        accessModes: ['ReadWriteOnce'],
      },
    ],
    build: (chart, [n, o]) => mounted(chart, Volume.ephemeralClaim(n, o)),
  },
  {
    name: 'EnvValue.fromValue',
    args: ['debug', { notSecret: true }],
    build: (chart, [v, o]) => withContainer(chart, { env: { LOG_LEVEL: EnvValue.fromValue(v, o) } }),
  },
  {
    name: 'EnvValue.fromConfigMapKey',
    args: ['app-settings', 'level', { optional: true }],
    build: (chart, [r, k, o]) => withContainer(chart, { env: { LEVEL: EnvValue.fromConfigMapKey(r, k, o) } }),
  },
  {
    name: 'EnvValue.fromSecretKey',
    args: ['db-creds', 'password', {}],
    build: (chart, [r, k, o]) =>
      withContainer(chart, { env: { DB_PASSWORD: EnvValue.fromSecretKey(r, k, o) } }),
  },
  {
    name: 'EnvValue.fromFieldPath',
    args: ['metadata.name'],
    build: (chart, [f]) => withContainer(chart, { env: { POD_NAME: EnvValue.fromFieldPath(f) } }),
  },
  {
    name: 'EnvFrom.configMap',
    args: ['app-settings', { prefix: 'APP_', optional: true }],
    build: (chart, [r, o]) => withContainer(chart, { envFrom: [EnvFrom.configMap(r, o)] }),
  },
  {
    name: 'EnvFrom.secret',
    args: ['db-creds', {}],
    build: (chart, [r, o]) => withContainer(chart, { envFrom: [EnvFrom.secret(r, o)] }),
  },
  {
    name: 'JobPattern.fixedCompletions',
    args: [{ completions: 3, parallelism: 2 }],
    build: (chart, [o]) => job(chart, { pattern: JobPattern.fixedCompletions(o) }),
  },
  {
    name: 'JobPattern.workQueue',
    args: [{ parallelism: 4 }],
    build: (chart, [o]) => job(chart, { pattern: JobPattern.workQueue(o) }),
  },
  {
    name: 'JobPattern.indexed',
    args: [{ completions: 3, parallelism: 2, backoffLimitPerIndex: 1, workItems: ['a', 'b', 'c'] }],
    build: (chart, [o]) => job(chart, { pattern: JobPattern.indexed(o) }),
  },
  {
    name: 'JobPattern.indexed (successPolicy)',
    args: [{ completions: 4, successPolicy: [{ succeededIndexes: '0,2-3', succeededCount: 2 }] }],
    build: (chart, [o]) =>
      job(chart, { pattern: JobPattern.indexed(o), kubernetesVersion: KubernetesVersion.V1_31 }),
    version: '1.31',
  },
  {
    name: 'JobService.clusterIp',
    args: [{ name: 'api', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] }],
    build: (chart, [o]) => job(chart, { service: JobService.clusterIp(o) }),
  },
  {
    name: 'JobService.nodePort',
    args: [{ ports: [{ port: 80, nodePort: 30080, targetPort: 8080 }] }],
    build: (chart, [o]) => job(chart, { service: JobService.nodePort(o) }),
  },
  {
    name: 'JobService.headless',
    args: [{ ports: [{ port: 7000 }], publishNotReadyAddresses: false }],
    build: (chart, [o]) =>
      job(chart, { pattern: JobPattern.indexed({ completions: 2 }), service: JobService.headless(o) }),
  },
  {
    name: 'Distributed.pytorch',
    args: [{ nodes: 2, port: 29500, serviceName: 'peers', procsPerNode: 4 }],
    build: (chart, [o]) => job(chart, { distributed: Distributed.pytorch(o) }),
  },
  {
    name: 'Distributed.tensorflow',
    args: [{ nodes: 2, port: 2222 }],
    build: (chart, [o]) => job(chart, { distributed: Distributed.tensorflow(o) }),
  },
  {
    name: 'Distributed.jax',
    args: [{ nodes: 3, port: 1234 }],
    build: (chart, [o]) => job(chart, { distributed: Distributed.jax(o) }),
  },
  {
    name: 'Distributed.generic',
    args: [{ nodes: 4, port: 29400, serviceName: 'ring' }],
    build: (chart, [o]) => job(chart, { distributed: Distributed.generic(o) }),
  },
  {
    name: 'PodFailureRule.onExitCodes',
    args: ['FailJob', { codes: [42, 43], operator: 'In', containerName: 'main' }],
    build: (chart, [a, o]) => never(chart, PodFailureRule.onExitCodes(a, o)),
  },
  {
    name: 'PodFailureRule.onPodCondition',
    args: ['Ignore', { type: 'DisruptionTarget', status: 'True' }],
    build: (chart, [a, o]) => never(chart, PodFailureRule.onPodCondition(a, o)),
  },
  {
    name: 'NodeLabel.in',
    args: ['topology.kubernetes.io/zone', 'zone-a', 'zone-b'],
    build: (chart, [k, ...values]) =>
      job(chart, { nodeAffinity: { required: [NodeLabel.in(k, ...values)] } }),
  },
  {
    name: 'NodeLabel.greaterThan',
    args: ['example.com/cores', 4],
    build: (chart, [k, v]) =>
      job(chart, {
        nodeAffinity: { preferred: [{ weight: 10, requirements: [NodeLabel.greaterThan(k, v)] }] },
      }),
  },
  {
    name: 'NetworkMode.nat',
    args: [{ randomPortMapping: true }],
    build: (chart, [o]) => job(chart, { network: NetworkMode.nat(o), platform: Platform.tkestack() }),
  },
  {
    name: 'NetworkMode.floatingIp',
    args: [{ releasePolicy: 'never' }],
    build: (chart, [o]) => job(chart, { network: NetworkMode.floatingIp(o), platform: Platform.tkestack() }),
  },
  {
    name: 'Schedule.cron',
    args: ['0,30 9-17 * * 1-5'],
    build: (chart, [e]) => cron(chart, Schedule.cron(e)),
  },
  {
    name: 'Schedule.expression',
    args: ['@daily'],
    build: (chart, [e]) => cron(chart, Schedule.expression(e)),
  },
  {
    name: 'Schedule.fromCron',
    args: [Cron.schedule({ minute: '0', hour: '2' })],
    build: (chart, [c]) => cron(chart, Schedule.fromCron(c)),
  },
  {
    name: 'RunAs.nonRootUser',
    args: [1000, 1000],
    build: (chart, [u, g]) => job(chart, { runAs: RunAs.nonRootUser(u, g) }),
  },
  {
    name: 'ReapplyPolicy.argoCdHook',
    args: ['PreSync'],
    build: (chart, [h]) => job(chart, { reapply: ReapplyPolicy.argoCdHook(h) }),
  },
  {
    name: 'Platform.kubesphere',
    args: [{ creator: 'ops' }],
    build: (chart, [o]) => job(chart, { platform: Platform.kubesphere(o), displayName: 'Nightly report' }),
  },
  {
    name: 'Platform.dce',
    args: [{ aliasKey: 'example.com/alias', descriptionKey: 'example.com/description' }],
    build: (chart, [o]) =>
      job(chart, { platform: Platform.dce(o), displayName: '报表', description: 'nightly' }),
  },
  {
    name: 'Gpu.wholeCard',
    args: [{ count: 2, model: 'A100-SXM4-80GB', maxPerNode: 8 }],
    build: (chart, [o]) => gpuJob(chart, Gpu.wholeCard(o)),
  },
  {
    name: 'Gpu.virtual',
    args: [
      { cards: 1, memory: Size.gibibytes(8), coresPercent: 50, cardPolicy: 'binpack', models: ['A100'] },
    ],
    build: (chart, [o]) => gpuJob(chart, Gpu.virtual(o), GpuStack.hami()),
  },
  {
    name: 'Gpu.mig',
    args: [{ profile: '1g.10gb', count: 1, strategy: 'mixed', model: 'A100-80GB' }],
    build: (chart, [o]) => gpuJob(chart, Gpu.mig(o)),
  },
  {
    name: 'GpuStack.hami',
    args: [{ resourceNames: { memory: 'example.com/gpumem' } }],
    build: (chart, [o]) =>
      gpuJob(chart, Gpu.virtual({ cards: 1, memory: Size.gibibytes(4) }), GpuStack.hami(o)),
  },
  {
    name: 'new ArgoCdApplication',
    args: [
      {
        name: 'batch-jobs',
        repoUrl: 'https://git.example.com/team/jobs.git',
        targetRevision: 'main',
        path: 'dist',
        destination: { namespace: 'jobs' },
        syncOptions: ['CreateNamespace=true'],
      },
    ],
    build: (chart, [props]) => new ArgoCdApplication(chart, 'app', props),
  },
  {
    name: 'JobDefaults.set',
    args: [{ backoffLimit: 2, ttlAfterFinished: Duration.hours(1), podLabels: { team: 'data' } }],
    build: (chart, [d]) => {
      JobDefaults.set(chart, d);
      job(chart, {});
    },
  },
];

describe("arbitrary JavaScript values as value objects' factory arguments", () => {
  test(
    "each factory: a ValidationError naming an argument, or a value object whose construct's manifests validate accepts",
    () => {
      const counts = outcomes();
      const calls = fc
        .constantFrom(...FACTORIES)
        .chain((factory) => changed(factory.args, true).map((args) => ({ factory, args })));
      check(
        calls,
        ({ factory, args }) =>
          attempt(
            counts,
            () => `${factory.name}(${args.map((a) => fc.stringify(a)).join(', ')})`,
            (chart) => factory.build(chart, resolveDeferred(args) as readonly never[]),
            undefined,
            () => factory.version ?? '1.28'
          ),
        fuzz.runs(150)
      );
      expectBothEndings(counts);
    },
    fuzz.timeout
  );
});

// ---------------------------------------------------------------------------------------------
// kubectl reads what was accepted

/** The attempt whose YAML holds the line kubectl's error names (`yaml: line N: ...`). */
function culprit(documents: readonly string[], labels: readonly string[], message: string): string {
  const line = Number(/line (\d+)/.exec(message)?.[1]);
  let first = 1;
  for (let i = 0; i < documents.length; i++) {
    const lines = documents[i].split('\n').length;
    if (line >= first && line < first + lines) return `written for ${labels[i]}:\n${documents[i]}`;
    first += lines;
  }
  return '';
}

describeWithKubectl(
  KUBECTL
    ? 'kubectl reads every accepted manifest as written'
    : `kubectl reads every accepted manifest as written (${KUBECTL_SKIPPED})`,
  () => {
    test('one file with every accepted manifest of the run, one kubectl process', () => {
      expect(all.objects.length).toBeGreaterThan(0);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-arbitrary-'));
      try {
        const file = path.join(dir, 'accepted.yaml');
        const documents = all.yaml.map((y) => (y.startsWith('---') ? y : `---\n${y}`));
        fs.writeFileSync(file, documents.join('\n'));
        let read: unknown[];
        try {
          read = kubectlReads(file);
        } catch (error) {
          throw new Error(
            `${(error as Error).message}\n${culprit(documents, all.labels, (error as Error).message)}`
          );
        }
        expect(read.length).toBe(all.objects.length);
        read.forEach((object, i) => {
          if (!isDeepStrictEqual(object, all.objects[i])) {
            expect({ index: i, read: object }).toEqual({ index: i, read: all.objects[i] });
          }
        });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
);
