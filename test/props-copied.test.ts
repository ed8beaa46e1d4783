import { App, Chart, Duration, Size } from 'cdk8s';
import fc from 'fast-check';
import {
  BatchJob,
  BatchJobProps,
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
  LifecycleHandler,
  NetworkMode,
  Platform,
  PodFailureAction,
  PodFailureRule,
  Probe,
  ReapplyPolicy,
  RunAs,
  Schedule,
  ValidationError,
  Volume,
} from '../lib';
import * as z from 'zod';
import { validateOrThrow } from '../lib/validation/parse';
import { NOT_COPIED, plainDataCopy } from '../lib/validation/plain-data';
import {
  CHART_ID,
  CONSTRUCT_KINDS,
  ConstructKind,
  resolveDeferred,
  validScenario,
} from './support/arbitraries';
import { fuzzParameters, replayHint } from './support/fuzz';

/*
 * What was validated is what is rendered. Constructs render at synth, long after their props were
 * checked; a construct or a value-class factory keeps a copy of the caller's lists and plain objects
 * (`validateOrThrow`, `argumentsCheck`), so changing them afterwards (one `env` object reused for the
 * next Job of a loop, an options object edited after the factory call) neither changes a Job already
 * made nor slips an unchecked value into its manifest.
 */

const fuzz = fuzzParameters();

function synthOne(add: (chart: Chart) => void): string {
  const app = new App();
  add(new Chart(app, 'c'));
  return app.synthYaml();
}

/** Changes every list and plain object below `value` (class instances are left alone): the worst a caller can do later. */
function scramble(value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 32) return;
  if (Array.isArray(value)) {
    for (const item of value) scramble(item, depth + 1);
    value.push('\uD800 not valid', 42);
    value.reverse();
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (typeof record[key] === 'string' || typeof record[key] === 'number') record[key] = '-Not a value-';
    else scramble(record[key], depth + 1);
  }
  record['added later'] = { bad: Number.NaN };
}

/** A copy of the lists and plain objects of `value` (class instances shared), written here, not the library's. */
function clonePlain<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return value;
  const out = Object.create(proto as object | null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const item = clonePlain((value as Record<string, unknown>)[key]);
    Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

describe('props: the construct keeps what it validated', () => {
  test('one env object and one args list reused for the Jobs of a loop: each Job keeps its own values', () => {
    // GIVEN a loop that changes one env object and one list before each Job
    const yaml = synthOne((chart) => {
      const env: Record<string, string> = { LOG_LEVEL: 'info' };
      const args = ['--shard'];
      for (const shard of [0, 1, 2]) {
        env.SHARD = String(shard);
        args[1] = String(shard);
        new BatchJob(chart, `shard-${shard}`, {
          name: `shard-${shard}`,
          containers: [{ image: 'busybox:1.36', args, env }],
        });
      }
    });
    // THEN each Job renders the values it was given
    const expected = synthOne((chart) => {
      for (const shard of [0, 1, 2]) {
        new BatchJob(chart, `shard-${shard}`, {
          name: `shard-${shard}`,
          containers: [
            {
              image: 'busybox:1.36',
              args: ['--shard', String(shard)],
              env: { LOG_LEVEL: 'info', SHARD: String(shard) },
            },
          ],
        });
      }
    });
    expect(yaml).toBe(expected);
  });

  test('changes after construction that the API server would reject do not reach the manifest', () => {
    const props = (): BatchJobProps => ({
      name: 'j',
      labels: { team: 'a' },
      nodeSelector: { disk: 'ssd' },
      podAnnotations: { note: 'x' },
      podLabels: { tier: 'batch' },
      containers: [
        {
          image: 'busybox:1.36',
          command: ['run'],
          env: { A: 'x' },
          resources: { cpu: { request: '1' } },
          ports: [{ number: 8080 }],
        },
      ],
    });
    const expected = synthOne((chart) => new BatchJob(chart, 'j', props()));
    const given = props();
    const yaml = synthOne((chart) => {
      new BatchJob(chart, 'j', given);
      scramble(given);
    });
    expect(yaml).toBe(expected);
  });

  test('addContainer keeps a copy of the added container', () => {
    const container = { name: 'second', image: 'busybox:1.36', command: ['a'] };
    const expected = synthOne((chart) => {
      new BatchJob(chart, 'j', { containers: [{ image: 'busybox:1.36' }] }).addContainer({
        name: 'second',
        image: 'busybox:1.36',
        command: ['a'],
      });
    });
    const yaml = synthOne((chart) => {
      new BatchJob(chart, 'j', { containers: [{ image: 'busybox:1.36' }] }).addContainer(container);
      scramble(container);
    });
    expect(yaml).toBe(expected);
  });

  test("JobDefaults and CronBatch's and GpuJob's own props are copied too", () => {
    const make = () => ({
      defaults: { nodeSelector: { pool: 'batch' }, podLabels: { team: 'a' } },
      cron: {
        schedule: Schedule.cron('0 1 * * *'),
        jobLabels: { run: 'nightly' },
        jobAnnotations: { owner: 'a' },
        containers: [{ image: 'busybox:1.36' }],
      } as CronBatchProps,
      gpu: {
        containerGpus: { main: Gpu.wholeCard({ count: 1 }) },
        containers: [{ name: 'main', image: 'busybox:1.36' }],
      } as GpuJobProps,
    });
    const add = (chart: Chart, m: ReturnType<typeof make>) => {
      JobDefaults.set(chart, m.defaults);
      new CronBatch(chart, 'cron', m.cron);
      new GpuJob(chart, 'gpu', m.gpu);
    };
    const expected = synthOne((chart) => add(chart, make()));
    const given = make();
    const yaml = synthOne((chart) => {
      add(chart, given);
      scramble(given.defaults);
      scramble(given.cron);
      (given.gpu as { containerGpus: Record<string, unknown> }).containerGpus.eval = 'not a Gpu';
      scramble(given.gpu);
    });
    expect(yaml).toBe(expected);
  });

  test('a getter that answers differently each time: the value read once is the value validated and rendered', () => {
    let reads = 0;
    const container = {
      get image() {
        reads++;
        return reads === 1 ? 'busybox:1.36' : 'NOT AN IMAGE';
      },
    };
    const yaml = synthOne((chart) => new BatchJob(chart, 'j', { containers: [container] }));
    expect(yaml).toContain('image: busybox:1.36');
    expect(yaml).not.toContain('NOT AN IMAGE');
  });

  test('a getter that is text only when the full walk reads it: refused, nothing rendered', () => {
    // The quick look reads a lone surrogate (so the full walk looks), the walk reads text, the copy
    // reads a lone surrogate again.
    let reads = 0;
    const container = {
      image: 'busybox:1.36',
      get workingDir() {
        reads++;
        return reads === 2 ? '/work' : '/w\uD800';
      },
    };
    expect(() => synthOne((chart) => new BatchJob(chart, 'j', { containers: [container] }))).toThrow(
      /\(props\): could not be copied: .*a getter or Proxy that gives other values each time it is read/
    );
  });
});

describe('value-class factories keep what they validated', () => {
  // Each case: a factory call on options the test changes afterwards, and where its value goes.
  const cases: Record<string, (chart: Chart, change: boolean) => void> = {
    'Volume.emptyDir': (chart, change) => {
      const options = { sizeLimit: Size.gibibytes(1) };
      const scratch = Volume.emptyDir('scratch', options);
      if (change) Object.assign(options, { sizeLimit: Size.mebibytes(Infinity), medium: 'Disk' });
      new BatchJob(chart, 'j', {
        containers: [{ image: 'busybox:1.36', volumeMounts: [{ volume: scratch, mountPath: '/s' }] }],
      });
    },
    'Volume.fromConfigMap items': (chart, change) => {
      const items = [{ key: 'a', path: 'a.txt' }];
      const config = Volume.fromConfigMap('config', 'settings', { items });
      if (change) items.push({ key: '', path: '../escape' });
      new BatchJob(chart, 'j', {
        volumes: [config],
        containers: [{ image: 'busybox:1.36', volumeMounts: [{ volume: config, mountPath: '/c' }] }],
      });
    },
    'Probe.http and LifecycleHandler.command': (chart, change) => {
      const options = { path: '/healthz', port: 8080, period: Duration.seconds(20) };
      const command = ['sh', '-c', 'true'];
      const probe = Probe.http(options);
      const hook = LifecycleHandler.command(command);
      if (change) {
        Object.assign(options, { path: 'no slash', port: 99999 });
        command.length = 0;
      }
      new BatchJob(chart, 'j', {
        containers: [{ image: 'busybox:1.36', livenessProbe: probe, lifecycle: { preStop: hook } }],
      });
    },
    'JobPattern.indexed work items': (chart, change) => {
      const workItems = ['a', 'b'];
      const pattern = JobPattern.indexed({ completions: 2, workItems });
      if (change) workItems.push('c', 'd');
      new BatchJob(chart, 'j', { pattern, containers: [{ image: 'busybox:1.36' }] });
    },
    'EnvValue, EnvFrom, PodFailureRule': (chart, change) => {
      const envOptions = { optional: true };
      const exitCodes = { codes: [1, 2] };
      const env = EnvValue.fromConfigMapKey('settings', 'level', envOptions);
      const prefix = { prefix: 'APP_' };
      const envFrom = EnvFrom.configMap('settings', prefix);
      const rule = PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, exitCodes);
      if (change) {
        Object.assign(envOptions, { optional: 'yes' });
        prefix.prefix = '=bad';
        exitCodes.codes.push(0, -1);
      }
      new BatchJob(chart, 'j', {
        podFailurePolicy: [rule],
        containers: [{ image: 'busybox:1.36', env: { LEVEL: env }, envFrom: [envFrom] }],
      });
    },
    'Gpu, Distributed, JobService, NetworkMode, Platform': (chart, change) => {
      const gpuOptions = { count: 2 };
      const nodes = { nodes: 2 };
      const ports = { ports: [{ port: 80 }] };
      const nat = { randomPortMapping: true };
      const kubesphere = { creator: 'admin' };
      const gpu = Gpu.wholeCard(gpuOptions);
      const distributed = Distributed.pytorch(nodes);
      const service = JobService.clusterIp(ports);
      const network = NetworkMode.nat(nat);
      const platform = Platform.kubesphere(kubesphere);
      if (change) {
        gpuOptions.count = -1;
        nodes.nodes = 0;
        ports.ports.push({ port: 0 });
        Object.assign(nat, { randomPortMapping: 'sometimes' });
        kubesphere.creator = 'line\nbreak';
      }
      new GpuJob(chart, 'gpu', { gpu, distributed, platform, containers: [{ image: 'busybox:1.36' }] });
      new BatchJob(chart, 'svc', {
        service,
        network,
        platform: Platform.tkestack(),
        containers: [{ image: 'busybox:1.36' }],
      });
    },
  };

  test.each(Object.keys(cases))('%s: options changed after the call change nothing', (name) => {
    expect(synthOne((chart) => cases[name](chart, true))).toBe(
      synthOne((chart) => cases[name](chart, false))
    );
  });
});

describe('value objects are frozen once their factory checked them', () => {
  // One instance of every value class, made by its factories.
  const instances = (): Record<string, object> => ({
    'Volume.emptyDir': Volume.emptyDir('scratch', { sizeLimit: Size.gibibytes(1) }),
    'Volume.fromConfigMap': Volume.fromConfigMap('config', 'settings', { items: [{ key: 'a', path: 'a' }] }),
    'Probe.http': Probe.http({ path: '/healthz', port: 8080, period: Duration.seconds(20) }),
    'LifecycleHandler.command': LifecycleHandler.command(['sh', '-c', 'true']),
    'EnvValue.fromSecretKey': EnvValue.fromSecretKey('api', 'token'),
    'EnvFrom.configMap': EnvFrom.configMap('settings', { prefix: 'APP_' }),
    'JobPattern.indexed': JobPattern.indexed({ completions: 2, workItems: ['a', 'b'] }),
    'PodFailureRule.onExitCodes': PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [1] }),
    'Gpu.wholeCard': Gpu.wholeCard({ count: 1 }),
    'GpuStack.nvidia': GpuStack.nvidia({ resourceNames: { gpu: 'example.com/gpu' } }),
    'Distributed.pytorch': Distributed.pytorch({ nodes: 2 }),
    'JobService.clusterIp': JobService.clusterIp({ ports: [{ port: 80 }] }),
    'NetworkMode.nat': NetworkMode.nat({ randomPortMapping: true }),
    'Platform.kubesphere': Platform.kubesphere({ creator: 'admin' }),
    'RunAs.nonRootUser': RunAs.nonRootUser(1000, 1000),
    'ReapplyPolicy.argoCdHook': ReapplyPolicy.argoCdHook(),
    'Schedule.cron': Schedule.cron('0 1 * * *'),
  });

  test.each(Object.keys(instances()))('%s: assigning to any of its fields throws', (name) => {
    const instance = instances()[name] as Record<string, unknown>;
    expect(Object.keys(instance).length).toBeGreaterThan(0);
    for (const key of Object.keys(instance)) {
      expect(() => {
        instance[key] = 'changed';
      }).toThrow(TypeError);
    }
  });

  test('a JavaScript caller that changes a value object after the Job was made changes nothing', () => {
    const make = () => ({
      pattern: JobPattern.fixedCompletions({ completions: 4, parallelism: 2 }),
      runAs: RunAs.nonRootUser(1000),
      scratch: Volume.emptyDir('scratch'),
    });
    const add = (chart: Chart, v: ReturnType<typeof make>) =>
      new BatchJob(chart, 'j', {
        pattern: v.pattern,
        runAs: v.runAs,
        containers: [{ image: 'busybox:1.36', volumeMounts: [{ volume: v.scratch, mountPath: '/s' }] }],
      });
    const expected = synthOne((chart) => add(chart, make()));
    const given = make();
    const yaml = synthOne((chart) => {
      add(chart, given);
      // Sloppy-mode code (no TypeError there): the assignments are ignored.
      const sloppy = new Function(
        'v',
        'v.pattern.completions = -5; v.runAs.uid = 0; v.scratch.name = "Bad Name!";'
      );
      sloppy(given);
    });
    expect(yaml).toBe(expected);
  });
});

describe('plainDataCopy', () => {
  test('copies lists and plain objects; keeps class instances, a __proto__ key and null-prototype maps as data', () => {
    const size = Size.gibibytes(1);
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 'b' });
    const withProtoKey = JSON.parse('{"__proto__": "x", "k": ["v"]}') as Record<string, unknown>;
    const value = { list: [1, 'two', { three: 3 }], size, nullProto, withProtoKey };
    const copy = plainDataCopy(value) as typeof value;
    expect(copy).not.toBe(value);
    expect(copy.list).not.toBe(value.list);
    expect(copy.list[2]).not.toBe(value.list[2]);
    expect(copy.size).toBe(size);
    expect(Object.getPrototypeOf(copy.withProtoKey)).toBe(Object.prototype);
    expect(Object.keys(copy.withProtoKey)).toEqual(['__proto__', 'k']);
    expect(copy.withProtoKey.__proto__).toBe('x');
    expect(copy.nullProto).toEqual({ a: 'b' });
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });

  test('answers NOT_COPIED where the full walk must look (holes, enumerable symbols, lone surrogates, depth, budget)', () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 40; i++) at = at.next = {};
    // eslint-disable-next-line no-sparse-arrays -- a hole on purpose
    expect(plainDataCopy([1, , 3])).toBe(NOT_COPIED);
    expect(plainDataCopy({ [Symbol('s')]: 1 })).toBe(NOT_COPIED);
    expect(plainDataCopy({ a: 'x\uD800' })).toBe(NOT_COPIED);
    expect(plainDataCopy({ ['k\uDC00']: 1 })).toBe(NOT_COPIED);
    expect(plainDataCopy(deep)).toBe(NOT_COPIED);
    expect(plainDataCopy([[], [], []], 3)).toBe(NOT_COPIED);
    expect(plainDataCopy([[], [], []], 4)).toEqual([[], [], []]);
    const hidden = {};
    Object.defineProperty(hidden, Symbol('hidden'), { value: 1, enumerable: false });
    expect(plainDataCopy({ hidden })).toEqual({ hidden: {} });
  });

  test('a value too large for the quick look is still copied, and validated, by validateOrThrow', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ n: i }));
    const schema = z.array(z.strictObject({ n: z.number() }));
    expect(plainDataCopy(many)).toBe(NOT_COPIED);
    const kept = validateOrThrow(schema, many, 'Test', 'test');
    expect(kept).not.toBe(many);
    many[0].n = -1;
    expect(kept[0]).toEqual({ n: 0 });
    expect(kept).toHaveLength(10_001);
    expect(() => validateOrThrow(schema, [...many, { n: 'x' }], 'Test', 'test')).toThrow(ValidationError);
  });
});

describe.each(CONSTRUCT_KINDS)('%s: generated props changed after construction', (kind: ConstructKind) => {
  test(
    'the manifests are those of the props as given',
    () => {
      const parameters = fuzz.parameters(fuzz.runs(12));
      try {
        fc.assert(
          fc.property(validScenario(kind), (s) => {
            // The changed run works on its own copy of the generated lists and objects.
            const synthScenario = (change: boolean): string => {
              const app = new App();
              const chart = new Chart(
                app,
                CHART_ID,
                s.chartNamespace === undefined ? {} : { namespace: s.chartNamespace }
              );
              const own = <T>(value: T): T =>
                change ? clonePlain(resolveDeferred(value)) : resolveDeferred(value);
              const defaults = s.defaults === undefined ? undefined : own(s.defaults);
              if (defaults !== undefined) JobDefaults.set(chart, defaults);
              const props = own(s.props);
              if (kind === 'BatchJob') new BatchJob(chart, s.id, props);
              else if (kind === 'GpuJob') new GpuJob(chart, s.id, props as GpuJobProps);
              else new CronBatch(chart, s.id, props as CronBatchProps);
              if (change) {
                scramble(props);
                scramble(defaults);
              }
              return app.synthYaml();
            };
            const expected = synthScenario(false);
            expect(synthScenario(true)).toBe(expected);
          }),
          parameters
        );
      } catch (error) {
        (error as Error).message += `\n\n${replayHint(parameters)}`;
        throw error;
      }
    },
    fuzz.timeout
  );
});
