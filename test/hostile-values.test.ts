import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  ContainerProps,
  CronBatch,
  EnvFrom,
  EnvValue,
  GpuJob,
  Gpu,
  GpuStack,
  JobDefaults,
  JobPattern,
  LifecycleHandler,
  NetworkMode,
  NodeLabel,
  Platform,
  PodFailureAction,
  PodFailureRule,
  Probe,
  ReapplyPolicy,
  RunAs,
  Schedule,
  synthToDirectory,
  ValidationError,
  Volume,
} from '../lib';
import {
  describeWithKubectl,
  KUBECTL,
  KUBECTL_SKIPPED,
  kubectlReads,
  meant,
  sorted,
} from './support/kubectl';

/*
 * Values a plain-JavaScript caller (or a JSON parser, or a cast) can hand over that TypeScript would
 * refuse: each is a ValidationError naming the field, or works like the plain data it stands for; never
 * a raw TypeError, a stack overflow, or a value silently dropped.
 */

const IMAGE = 'busybox:1.36';

/** A value as a plain-JavaScript caller may pass it, which TypeScript would refuse. */
function untyped<T>(value: unknown): T {
  return value as T;
}

/** `{ "__proto__": value }` as JSON.parse builds it: an own property named `__proto__`. */
function protoKey(value: unknown): Record<string, never> {
  return JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`);
}

/** A null-prototype copy of a plain object. */
function nullProto<T extends object>(value: T): T {
  return Object.assign(Object.create(null), value);
}

/** The problems of the ValidationError `create` throws, as `field: message (got value)`; fails on any other error. */
function problemsOf(create: () => unknown): string[] {
  try {
    create();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.problems.map(
      (p) => `${p.field}: ${p.message}${p.value === undefined ? '' : ` (got ${p.value})`}`
    );
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

function job(props: BatchJobProps, chart = Testing.chart()): BatchJob {
  return new BatchJob(chart, 'job', { name: 'job', ...props });
}

function withContainer(container: Record<string, unknown>, props: BatchJobProps = {}): BatchJob {
  return job({ ...props, containers: [untyped<ContainerProps>({ image: IMAGE, ...container })] });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized manifests are plain JSON
function podOf(construct: BatchJob): any {
  return Testing.synth(Chart.of(construct)).find((o) => o.kind === 'Job').spec.template.spec;
}

const HOLE = 'is an empty slot of the list (a hole, as in [a, , b]); give a value or remove the slot';

describe('lists with holes', () => {
  test('fails naming the index of the hole in containers (it was a TypeError)', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(problemsOf(() => job({ containers: untyped([{ image: IMAGE }, , { image: IMAGE }]) }))).toEqual([
      `containers[1]: ${HOLE}`,
    ]);
    expect(problemsOf(() => job({ containers: untyped(new Array(2)) }))).toEqual([
      `containers[0]: ${HOLE}`,
      `containers[1]: ${HOLE}`,
    ]);
  });

  test('fails naming the index of a hole anywhere in props', () => {
    const command = ['sh'];
    command[2] = 'x';
    expect(problemsOf(() => withContainer({ command }))).toEqual([`containers[0].command[1]: ${HOLE}`]);
    const volumes: Volume[] = [];
    volumes[1] = Volume.emptyDir('scratch');
    expect(problemsOf(() => job({ volumes, containers: [{ image: IMAGE }] }))).toEqual([
      `volumes[0]: ${HOLE}`,
    ]);
  });
});

describe('null-prototype objects work like plain objects', () => {
  test('props, containers and maps with a null prototype render as the plain ones do', () => {
    // GIVEN the same props as plain objects and as null-prototype objects (as some parsers build them)
    const plain: BatchJobProps = {
      labels: { team: 'data' },
      nodeSelector: { disk: 'ssd' },
      containers: [{ image: IMAGE, env: { A: 'a' }, resources: { cpu: { limit: '1' } } }],
    };
    const bare = nullProto({
      labels: nullProto({ team: 'data' }),
      nodeSelector: nullProto({ disk: 'ssd' }),
      containers: [
        nullProto({
          image: IMAGE,
          env: nullProto({ A: 'a' }),
          resources: nullProto({ cpu: nullProto({ limit: '1' }) }),
        }),
      ],
    });
    // THEN
    expect(Testing.synth(Chart.of(job(bare)))).toEqual(Testing.synth(Chart.of(job(plain))));
  });

  test('fails like a plain object when a null-prototype object breaks a rule', () => {
    expect(
      problemsOf(() => job(nullProto({ containers: [nullProto({ image: IMAGE, imagee: 'x' })] })))
    ).toEqual(["containers[0]: unknown prop 'imagee' (did you mean 'image'?)"]);
  });
});

describe('BigInt', () => {
  test('fails where a number is expected: a BigInt is not a number', () => {
    expect(problemsOf(() => job({ backoffLimit: untyped(3n), containers: [{ image: IMAGE }] }))).toEqual([
      'backoffLimit: must be a whole number (got a BigInt)',
    ]);
    expect(problemsOf(() => withContainer({ ports: [{ number: 80n }] }))).toEqual([
      'containers[0].ports[0].number: must be a port number (got a BigInt)',
    ]);
  });

  test('fails where a string is expected', () => {
    expect(problemsOf(() => withContainer({ env: { A: 1n } }))).toEqual([
      'containers[0].env.A: must be a string or an EnvValue (got a BigInt)',
    ]);
  });

  test('an error shows a map that holds a BigInt', () => {
    expect(
      problemsOf(() => job({ labels: untyped({ a: { b: 1n } }), containers: [{ image: IMAGE }] }))
    ).toEqual(['labels.a: must be a string (got {"b":"1"})']);
  });
});

describe('`__proto__` keys (JSON.parse makes them own properties)', () => {
  const KEY_RULE =
    "name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";

  test('fails as a label, annotation or node selector key (it was silently dropped)', () => {
    expect(
      problemsOf(() =>
        job({
          labels: protoKey('x'),
          annotations: protoKey('x'),
          podLabels: protoKey('x'),
          podAnnotations: protoKey('x'),
          nodeSelector: protoKey('x'),
          containers: [{ image: IMAGE }],
        })
      )
    ).toEqual([
      `labels.__proto__: label key ${KEY_RULE} (got "__proto__")`,
      `annotations.__proto__: annotation key ${KEY_RULE} (got "__proto__")`,
      `podLabels.__proto__: label key ${KEY_RULE} (got "__proto__")`,
      `podAnnotations.__proto__: annotation key ${KEY_RULE} (got "__proto__")`,
      `nodeSelector.__proto__: label key ${KEY_RULE} (got "__proto__")`,
    ]);
  });

  test("fails as a CronBatch's job label or annotation key", () => {
    expect(
      problemsOf(
        () =>
          new CronBatch(Testing.chart(), 'report', {
            schedule: Schedule.daily(),
            jobLabels: protoKey('x'),
            jobAnnotations: protoKey('x'),
            containers: [{ image: IMAGE }],
          })
      )
    ).toEqual([
      `jobLabels.__proto__: label key ${KEY_RULE} (got "__proto__")`,
      `jobAnnotations.__proto__: annotation key ${KEY_RULE} (got "__proto__")`,
    ]);
  });

  test('fails as a prop of the construct or of a container', () => {
    expect(problemsOf(() => job({ ...protoKey({}), containers: [{ image: IMAGE }] }))).toEqual([
      "(props): unknown prop '__proto__'",
    ]);
    expect(problemsOf(() => withContainer(protoKey(1)))).toEqual(["containers[0]: unknown prop '__proto__'"]);
  });

  test('an env variable named __proto__ is rendered (a valid name), and its value is checked', () => {
    expect(podOf(withContainer({ env: protoKey('x') })).containers[0].env).toEqual([
      { name: '__proto__', value: 'x' },
    ]);
    expect(problemsOf(() => withContainer({ env: protoKey(1) }))).toEqual([
      'containers[0].env.__proto__: must be a string or an EnvValue (got 1)',
    ]);
  });

  test('a CSI volume attribute named __proto__ is rendered (it was dropped), and its value is checked', () => {
    const volume = (attributes: Record<string, string>) =>
      job({
        volumes: [Volume.fromCsi('data', 'disk.csi.example.com', { attributes })],
        containers: [{ image: IMAGE, volumeMounts: [{ volume: 'data', mountPath: '/data' }] }],
      });
    expect(podOf(volume(protoKey('x'))).volumes[0].csi.volumeAttributes).toEqual(protoKey('x'));
    expect(Object.keys(podOf(volume(protoKey('x'))).volumes[0].csi.volumeAttributes)).toEqual(['__proto__']);
    expect(problemsOf(() => volume(protoKey(1)))).toEqual([
      'options.attributes.__proto__: must be a string (got 1)',
    ]);
  });
});

describe('values that cannot be read as plain data', () => {
  test('a getter that throws fails naming the prop (the error escaped)', () => {
    const container = {
      get image(): string {
        throw new Error('no image yet');
      },
    };
    expect(problemsOf(() => job({ containers: [container] }))).toEqual([
      'containers[0].image: could not be read: no image yet',
    ]);
  });

  test('a Proxy whose traps throw fails naming where it is (the error escaped)', () => {
    const trap = () => {
      throw new TypeError('revoked');
    };
    const proxy = new Proxy({}, { ownKeys: trap, get: trap, getPrototypeOf: trap });
    expect(problemsOf(() => job({ containers: [proxy as ContainerProps] }))).toEqual([
      'containers[0]: could not be read: revoked',
    ]);
    expect(problemsOf(() => new BatchJob(Testing.chart(), 'job', proxy))).toEqual([
      '(props): could not be read: revoked',
    ]);
    const revocable = Proxy.revocable({ image: IMAGE }, {});
    revocable.revoke();
    expect(problemsOf(() => job({ containers: [revocable.proxy] }))).toEqual([
      expect.stringMatching(/^containers\[0\]: could not be read: /),
    ]);
  });

  test('a Proxy whose traps work is read like the object it stands for', () => {
    const proxy = new Proxy({ image: IMAGE, command: ['true'] }, {});
    expect(podOf(job({ containers: [proxy] })).containers[0].command).toEqual(['true']);
  });

  test('an object that contains itself fails naming where (no stack overflow)', () => {
    const container: Record<string, unknown> = { image: IMAGE };
    container.env = { A: container };
    expect(problemsOf(() => job({ containers: [untyped(container)] }))).toEqual([
      'containers[0].env.A: contains itself (a cycle); props must be plain data',
    ]);
    const list: unknown[] = ['sh'];
    list.push(list);
    expect(problemsOf(() => withContainer({ command: list }))).toEqual([
      'containers[0].command[1]: contains itself (a cycle); props must be plain data',
    ]);
  });

  test('the same object twice is not a cycle', () => {
    const env = { A: 'a' };
    const pod = podOf(
      job({
        containers: [
          { image: IMAGE, env },
          { image: IMAGE, env },
        ],
      })
    );
    expect(pod.containers.map((c: { env: unknown }) => c.env)).toEqual([
      [{ name: 'A', value: 'a' }],
      [{ name: 'A', value: 'a' }],
    ]);
  });

  test('nesting far deeper than any prop fails (no stack overflow)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(problemsOf(() => withContainer({ command: deep }))).toEqual([
      expect.stringMatching(/^containers\[0\]\.command(\[0\])+: is nested more than 32 levels deep/),
    ]);
  });

  test('a symbol key fails (no rule saw it)', () => {
    expect(problemsOf(() => withContainer({ [Symbol('debug')]: true }))).toEqual([
      'containers[0]: unknown prop Symbol(debug): keys must be strings',
    ]);
  });

  test('symbols, functions, Dates and class instances where data is expected fail naming the field', () => {
    class Container {
      image = IMAGE;
    }
    expect(
      problemsOf(() =>
        job({
          labels: untyped(new Map([['a', 'b']])),
          annotations: untyped(new Date(0)),
          backoffLimit: untyped(Symbol('six')),
          containers: [
            untyped(() => ({ image: IMAGE })),
            untyped(new Container()),
            { image: untyped(new String(IMAGE)) },
          ],
        })
      )
    ).toEqual([
      'labels: must be a map of strings (got a Map)',
      'annotations: must be a map of strings (got a Date)',
      'backoffLimit: must be a whole number (got a Symbol)',
      'containers[0]: must be an object (got a function)',
      'containers[1]: must be a plain object written as { ... } (got a Container)',
      'containers[2].image: must be a string (got a String)',
    ]);
  });
});

describe('props that are not plain data, in every construct', () => {
  test.each([
    ['BatchJob', {}, (props: unknown) => new BatchJob(Testing.chart(), 'c', untyped(props))],
    [
      'GpuJob',
      { gpu: Gpu.wholeCard({ count: 1 }) },
      (props: unknown) => new GpuJob(Testing.chart(), 'c', untyped(props)),
    ],
    [
      'CronBatch',
      { schedule: Schedule.daily() },
      (props: unknown) => new CronBatch(Testing.chart(), 'c', untyped(props)),
    ],
  ])('%s reports a hole, a cycle and a throwing getter together', (_kind, base, create) => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // eslint-disable-next-line no-sparse-arrays
    const props = { ...base, containers: [, { image: IMAGE }], annotations: cyclic };
    Object.defineProperty(props, 'labels', {
      enumerable: true,
      get: () => {
        throw new Error('not yet');
      },
    });
    expect(problemsOf(() => create(props))).toEqual([
      `containers[0]: ${HOLE}`,
      'annotations.self: contains itself (a cycle); props must be plain data',
      'labels: could not be read: not yet',
    ]);
  });

  test.each([
    ['BatchJob', (props: unknown) => new BatchJob(Testing.chart(), 'c', untyped(props))],
    ['GpuJob', (props: unknown) => new GpuJob(Testing.chart(), 'c', untyped(props))],
    ['CronBatch', (props: unknown) => new CronBatch(Testing.chart(), 'c', untyped(props))],
  ])('%s refuses a class instance as props', (_kind, create) => {
    expect(problemsOf(() => create(new Date(0)))).toEqual([
      '(props): must be a plain object written as { ... } (got a Date)',
    ]);
  });
});

describe('strings that are not Unicode text', () => {
  const LONE =
    'contains a lone surrogate (U+D800): not Unicode text, which kubectl and the API server cannot read as written';

  test('a lone surrogate in a string or a key fails naming where (kubectl could not read the manifest)', () => {
    expect(
      problemsOf(() =>
        job({
          annotations: { 'example.com/note': 'a\uD800b' },
          containers: [{ image: IMAGE, command: ['echo', '\uD800'], env: { ['A\uD800']: 'x' } }],
        })
      )
    ).toEqual([
      `annotations.example.com/note: ${LONE}`,
      `containers[0].command[1]: ${LONE}`,
      `containers[0].env.A\uD800: key ${LONE}`,
    ]);
    expect(problemsOf(() => Schedule.cron('0 2 * * *\uD800'))).toEqual([`expression: ${LONE}`]);
  });

  test('characters beyond the Basic Multilingual Plane (surrogate pairs) are text', () => {
    const annotations = { 'example.com/note': '作业 🚀 \u{10FFFF}' };
    expect(
      Testing.synth(Chart.of(job({ annotations, containers: [{ image: IMAGE }] })))[0].metadata.annotations
    ).toMatchObject(annotations);
  });
});

describe('objects of another realm', () => {
  test('plain objects made in another realm (a vm context, a test runner) are plain objects', () => {
    // GIVEN props whose objects have the other realm's Object.prototype
    const props = vm.runInNewContext(
      `({ labels: { team: 'data' }, containers: [{ image: '${IMAGE}', env: { A: 'a' } }] })`
    );
    // THEN they render as the same props of this realm do
    expect(Testing.synth(Chart.of(job(props)))).toEqual(
      Testing.synth(
        Chart.of(job({ labels: { team: 'data' }, containers: [{ image: IMAGE, env: { A: 'a' } }] }))
      )
    );
    const attributes = vm.runInNewContext(`({ bucket: 'b' })`);
    expect(Volume.fromCsi('data', 'disk.csi.example.com', { attributes }).name).toBe('data');
  });
});

describe("value objects' factories check their arguments at the call", () => {
  /** The message of the ValidationError `call` throws. */
  const messageOf = (call: () => unknown): string => {
    try {
      call();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return error.message;
    }
    throw new Error('expected a ValidationError, but nothing was thrown');
  };

  test.each<[string, () => unknown, string]>([
    [
      'Probe.http',
      () => Probe.http(untyped({ port: 8080, initialDelaySeconds: 3 })),
      "  - options: unknown prop 'initialDelaySeconds' (use initialDelay: Duration.seconds(n))",
    ],
    [
      'Probe.tcp',
      () => Probe.tcp(untyped({ port: 8080, period: 10 })),
      '  - options.period: must be a cdk8s Duration (e.g. Duration.seconds(10)) (got 10)',
    ],
    ['Probe.command', () => Probe.command(untyped('true')), '  - command: must be a list (got "true")'],
    [
      'LifecycleHandler.command',
      () => LifecycleHandler.command(untyped([1])),
      '  - command[0]: must be a string (got 1)',
    ],
    [
      'LifecycleHandler.http',
      () => LifecycleHandler.http(untyped({ port: Infinity })),
      '  - options.port: must be a port number or a port name (got Infinity)',
    ],
    [
      'Volume.emptyDir',
      () => Volume.emptyDir('scratch', untyped({ sizelimit: Size.gibibytes(1) })),
      "  - options: unknown prop 'sizelimit' (did you mean 'sizeLimit'?)",
    ],
    [
      'Volume.fromSecret',
      () => Volume.fromSecret('creds', untyped(5)),
      '  - secret: must be a name or a cdk8s-plus Secret (got 5)',
    ],
    [
      'Volume.fromConfigMap',
      () => Volume.fromConfigMap('cfg', 'cfg', untyped({ items: [{ key: 'a' }] })),
      '  - options.items[0].path: must be a string (got nothing)',
    ],
    [
      'Volume.fromPersistentVolumeClaim',
      () => Volume.fromPersistentVolumeClaim('data', 'data', untyped({ readonly: true })),
      "  - options: unknown prop 'readonly' (did you mean 'readOnly'?)",
    ],
    [
      'Volume.fromHostPath',
      () => Volume.fromHostPath('logs', untyped(undefined)),
      '  - path: must be a string (got nothing)',
    ],
    [
      'Volume.fromNfs',
      () => Volume.fromNfs('nfs', 'server:/data', untyped({ readOnly: 'yes' })),
      '  - options.readOnly: must be true or false (got "yes")',
    ],
    [
      'Volume.fromCsi',
      () => Volume.fromCsi('csi', 'disk.csi.example.com', untyped({ volumeAttributes: {} })),
      "  - options: unknown prop 'volumeAttributes' (use attributes)",
    ],
    [
      'EnvValue.fromValue',
      () => EnvValue.fromValue('debug', untyped({ notsecret: true })),
      "  - options: unknown prop 'notsecret' (did you mean 'notSecret'?)",
    ],
    [
      'EnvValue.fromConfigMapKey',
      () => EnvValue.fromConfigMapKey('cfg', untyped(undefined)),
      '  - key: must be a string (got nothing)',
    ],
    [
      'EnvValue.fromSecretKey',
      () => EnvValue.fromSecretKey(untyped(null), 'password'),
      '  - secret: must be a name or a cdk8s-plus Secret (got null)',
    ],
    [
      'EnvValue.fromFieldPath',
      () => EnvValue.fromFieldPath(untyped(['metadata.name'])),
      '  - fieldPath: must be a string (got ["metadata.name"])',
    ],
    [
      'EnvFrom.configMap',
      () => EnvFrom.configMap('cfg', untyped({ prefix: 1 })),
      '  - options.prefix: must be a string (got 1)',
    ],
    [
      'EnvFrom.secret',
      () => EnvFrom.secret('creds', untyped({ optinal: true })),
      "  - options: unknown prop 'optinal' (did you mean 'optional'?)",
    ],
    [
      'Gpu.wholeCard',
      () => Gpu.wholeCard(untyped({ count: 1n })),
      '  - options.count: must be a number (got a BigInt)',
    ],
    [
      'Gpu.virtual',
      () => Gpu.virtual(untyped({ cards: 1, memory: '8Gi' })),
      '  - options.memory: must be a cdk8s Size (e.g. Size.gibibytes(1)) (got "8Gi")',
    ],
    [
      'Gpu.mig',
      () => Gpu.mig(untyped({ profile: '1g.10gb', count: NaN })),
      '  - options.count: must be a number (got NaN)',
    ],
    [
      'GpuStack.hami',
      () => GpuStack.hami(untyped({ resourceNames: { gpumem: 'example.com/mem' } })),
      "  - options.resourceNames: unknown prop 'gpumem'",
    ],
    [
      'JobPattern.fixedCompletions',
      () => JobPattern.fixedCompletions(untyped({ completions: 3, paralelism: 2 })),
      "  - options: unknown prop 'paralelism' (did you mean 'parallelism'?)",
    ],
    [
      'JobPattern.workQueue',
      () => JobPattern.workQueue(untyped({ parallelism: '2' })),
      '  - options.parallelism: must be a number (got "2")',
    ],
    [
      'JobPattern.indexed',
      () => JobPattern.indexed(untyped({ completions: 2, completionMode: 'Indexed' })),
      "  - options: unknown prop 'completionMode' (set by the pattern: JobPattern.indexed({ completions }) renders Indexed)",
    ],
    [
      'PodFailureRule.onExitCodes',
      () => PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, untyped({ values: [1] })),
      "  - options: unknown prop 'values' (use codes: [exit codes])",
    ],
    [
      'PodFailureRule.onPodCondition',
      () => PodFailureRule.onPodCondition(PodFailureAction.IGNORE, untyped({ type: 1 })),
      '  - options.type: must be a string (got 1)',
    ],
    ['NodeLabel.in', () => NodeLabel.in('zone', 'a', untyped(2)), '  - values[1]: must be a string (got 2)'],
    [
      'NodeLabel.greaterThan',
      () => NodeLabel.greaterThan('cores', Infinity),
      '  - value: must be a number (got Infinity)',
    ],
    ['NetworkMode.nat', () => NetworkMode.nat(untyped(null)), '  - options: must be an object (got null)'],
    [
      'NetworkMode.floatingIp',
      () => NetworkMode.floatingIp(untyped({ policy: 'never' })),
      "  - options: unknown prop 'policy'",
    ],
    ['Schedule.cron', () => Schedule.cron(untyped(5)), '  - expression: must be a string (got 5)'],
    [
      'Schedule.expression',
      () => Schedule.expression(untyped(undefined)),
      '  - expression: must be a string (got nothing)',
    ],
    [
      'Schedule.fromCron',
      () => Schedule.fromCron(untyped('0 2 * * *')),
      '  - cron: must be a cdk8s Cron (e.g. Cron.daily(), Cron.schedule({ ... })) (got "0 2 * * *")',
    ],
    ['RunAs.nonRootUser', () => RunAs.nonRootUser(untyped('1000')), '  - uid: must be a number (got "1000")'],
    [
      'ReapplyPolicy.argoCdHook',
      () => ReapplyPolicy.argoCdHook(untyped(1)),
      '  - hook: must be a string (got 1)',
    ],
    [
      'Platform.kubesphere',
      () => Platform.kubesphere(untyped({ creater: 'ops' })),
      "  - options: unknown prop 'creater' (did you mean 'creator'?)",
    ],
    [
      'Platform.dce',
      () => Platform.dce({ aliasKey: '__proto__' }),
      "  - options.aliasKey: annotation key name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit (got \"__proto__\")",
    ],
    [
      'synthToDirectory',
      () => synthToDirectory(() => undefined, untyped({ outDir: 'out' })),
      "  - options: unknown prop 'outDir' (use outdir)",
    ],
    [
      'synthToDirectory',
      () => synthToDirectory(() => undefined, { subfolders: { '../argocd': () => undefined } }),
      '  - options.subfolders.../argocd: must be a relative folder without \'..\' (got "../argocd")',
    ],
    [
      'JobDefaults.set',
      () => JobDefaults.set(Testing.chart(), untyped({ ttlAfterFinished: Duration.millis(1) })),
      '  - defaults.ttlAfterFinished: must be a whole number of seconds (got 1 milli)',
    ],
  ])('%s', (factory, call, line) => {
    const message = messageOf(call);
    expect(message.split('\n')[0]).toMatch(new RegExp(`^invalid \\w+ at '${factory.replace('.', '\\.')}\\(`));
    expect(message.split('\n')).toContain(line);
  });

  test('what they cannot read is a ValidationError naming the argument, never a raw error', () => {
    const throwing = {
      get port(): number {
        throw new Error('port not known yet');
      },
    };
    expect(messageOf(() => Probe.tcp(throwing))).toBe(
      "invalid Probe at 'Probe.tcp(options)' (1 problem):\n  - options.port: could not be read: port not known yet"
    );
    // eslint-disable-next-line no-sparse-arrays
    expect(messageOf(() => JobPattern.indexed({ completions: 3, workItems: ['a', , 'c'] as string[] }))).toBe(
      `invalid JobPattern at 'JobPattern.indexed(options)' (1 problem):\n  - options.workItems[1]: ${HOLE}`
    );
    class Options {
      port = 80;
    }
    expect(messageOf(() => Probe.tcp(new Options()))).toBe(
      "invalid Probe at 'Probe.tcp(options)' (1 problem):\n  - options: must be a plain object written as { ... } (got an Options)"
    );
  });

  test('valid arguments, null-prototype options included, make the value object', () => {
    expect(
      Probe.http(nullProto({ port: 8080, initialDelay: Duration.seconds(3) })).timing.initialDelay
    ).toEqual(Duration.seconds(3));
    expect(Volume.emptyDir('scratch', nullProto({ sizeLimit: Size.gibibytes(1) })).name).toBe('scratch');
  });
});

describeWithKubectl(
  KUBECTL
    ? 'kubectl reads the keys a JSON parser may make'
    : `kubectl reads the keys a JSON parser may make (${KUBECTL_SKIPPED})`,
  () => {
    test('an env variable and a CSI attribute named __proto__, and text beyond the BMP, read back as written', () => {
      // GIVEN
      const app = new App();
      job(
        {
          annotations: { 'example.com/note': '作业 🚀 \u{10FFFF}' },
          volumes: [Volume.fromCsi('data', 'disk.csi.example.com', { attributes: protoKey('x') })],
          containers: [
            { image: IMAGE, env: protoKey('y'), volumeMounts: [{ volume: 'data', mountPath: '/data' }] },
          ],
        },
        new Chart(app, 'chart')
      );
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-proto-'));
      const file = path.join(dir, 'all.yaml');
      fs.writeFileSync(file, app.synthYaml());
      // THEN
      const read = kubectlReads(file);
      expect(sorted(read)).toEqual(sorted(meant(app)));
      const pod = (read[0] as { spec: { template: { spec: { volumes: { csi: object }[] } } } }).spec.template
        .spec;
      expect(Object.keys(pod.volumes[0].csi)).toContain('volumeAttributes');
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
);
