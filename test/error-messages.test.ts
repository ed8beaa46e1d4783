import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  BatchJob,
  BatchJobProps,
  CronBatch,
  CronBatchProps,
  Gpu,
  GpuJob,
  GpuJobProps,
  GpuStack,
  JobPattern,
  PodFailureRule,
  Probe,
  RestartPolicy,
  RunAs,
  Schedule,
  ValidationError,
  Volume,
} from '../lib';

/*
 * The exact messages users see for 20 representative mistakes, in one file for reviewers.
 * Each construct lives in a chart named `test` (cdk8s `Testing.chart()`), so paths read `test/<id>`.
 * The property tests (properties.test.ts) check the shape of every message over generated mistakes;
 * this file pins the wording.
 */

const IMAGE = 'busybox:1.36';

/** The message of the error that `create` throws, which must be a ValidationError. */
function messageOf(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

/** Props as a plain-JavaScript caller may pass them, which TypeScript would refuse. */
function untyped<T>(props: unknown): T {
  return props as T;
}

const batchJob = (props: BatchJobProps) => () => new BatchJob(Testing.chart(), 'job', props);
const gpuJob = (props: GpuJobProps) => () => new GpuJob(Testing.chart(), 'train', props);
const cronBatch = (props: CronBatchProps) => () => new CronBatch(Testing.chart(), 'report', props);

describe('the messages users see', () => {
  test('1. a misspelled prop', () => {
    expect(messageOf(batchJob(untyped({ backofflimit: 3, containers: [{ image: IMAGE }] })))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - (props): unknown prop 'backofflimit' (did you mean 'backoffLimit'?)`
    );
  });

  test('2. a Kubernetes field given where cdk8s-batch has its own prop', () => {
    expect(messageOf(batchJob(untyped({ completions: 3, containers: [{ image: IMAGE }] })))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - (props): unknown prop 'completions' (set by pattern, e.g. pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 2 }))`
    );
  });

  test("2b. a misspelled container prop: the container's own hints (the props' lookup replaced them)", () => {
    expect(messageOf(batchJob(untyped({ containers: [{ image: IMAGE, comand: ['true'] }] })))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0]: unknown prop 'comand' (did you mean 'command'?)`
    );
    expect(messageOf(batchJob(untyped({ containers: [{ image: IMAGE, workingDirectory: '/data' }] })))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0]: unknown prop 'workingDirectory' (use workingDir)`
    );
  });

  test('3. parallelism above completions', () => {
    const pattern = JobPattern.fixedCompletions({ completions: 2, parallelism: 5 });
    expect(messageOf(batchJob({ pattern, containers: [{ image: IMAGE }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - pattern.parallelism: must not exceed completions (2): Kubernetes would run only 2 pods at once (got 5)`
    );
  });

  test('4. completions 1 with parallelism 3 (the "parallel job" of some consoles)', () => {
    const pattern = JobPattern.fixedCompletions({ completions: 1, parallelism: 3 });
    expect(messageOf(batchJob({ pattern, containers: [{ image: IMAGE }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - pattern.parallelism: completions 1 with parallelism 3 runs only one pod: Kubernetes runs at most (completions - succeeded) pods at once. For 3 pods that take work from a queue use JobPattern.workQueue({ parallelism: 3 }); for 3 pods that must each succeed use JobPattern.fixedCompletions({ completions: 3, parallelism: 3 }) (got 3)`
    );
  });

  test('5. a name that is not a DNS label', () => {
    expect(messageOf(batchJob({ name: 'Nightly_Report', containers: [{ image: IMAGE }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got "Nightly_Report")`
    );
  });

  test('6. root through UID 0 instead of the RunAs.root() opt-in', () => {
    expect(messageOf(batchJob({ runAs: RunAs.nonRootUser(0), containers: [{ image: IMAGE }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - runAs.uid: must be a non-root UID from 1 to 2147483647; RunAs.root() is the opt-in for root (got 0)`
    );
  });

  test('7. a cron expression with a seconds field', () => {
    expect(
      messageOf(cronBatch({ schedule: Schedule.cron('0 0 2 * * *'), containers: [{ image: IMAGE }] }))
    ).toBe(
      `invalid CronBatch at 'test/report' (1 problem):
  - schedule: has 6 fields; Kubernetes takes exactly 5 (minute hour day-of-month month day-of-week): a leading seconds field is not supported (got "0 0 2 * * *")`
    );
  });

  test('8. a schedule given as a string', () => {
    expect(messageOf(cronBatch(untyped({ schedule: '0 2 * * *', containers: [{ image: IMAGE }] })))).toBe(
      `invalid CronBatch at 'test/report' (1 problem):
  - schedule: must be a Schedule, e.g. Schedule.expression("0 2 * * *") (got "0 2 * * *")`
    );
  });

  test('9. a time zone that is not in the IANA database', () => {
    const props = { schedule: Schedule.daily(), timeZone: 'Asia/Beijing', containers: [{ image: IMAGE }] };
    expect(messageOf(cronBatch(props))).toBe(
      `invalid CronBatch at 'test/report' (1 problem):
  - timeZone: unknown time zone: expected an IANA name such as "Asia/Shanghai", "Europe/Berlin" or "UTC" (got "Asia/Beijing")`
    );
  });

  test('10. a virtual GPU on a stack without GPU sharing', () => {
    const gpu = Gpu.virtual({ cards: 1, coresPercent: 30 });
    expect(messageOf(gpuJob({ gpu, containers: [{ image: IMAGE }] }))).toBe(
      `invalid GpuJob at 'test/train' (1 problem):
  - gpu.cards: NVIDIA device plugin (GpuStack.nvidia()) cannot express virtual GPUs (use GpuStack.hami() or another sharing stack, or Gpu.mig) (got 1)`
    );
  });

  test('11. GPU memory the stack cannot express in its unit', () => {
    const gpu = Gpu.virtual({ cards: 1, memory: Size.mebibytes(1536) });
    expect(messageOf(gpuJob({ gpu, gpuStack: GpuStack.aliyunCgpu(), containers: [{ image: IMAGE }] }))).toBe(
      `invalid GpuJob at 'test/train' (1 problem):
  - gpu.memory: must be a whole number of GiB on Alibaba Cloud cGPU (GpuStack.aliyunCgpu()) (got 1536 mebibytes)`
    );
  });

  test('12. a memory request above the limit', () => {
    const resources = { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) } };
    expect(messageOf(batchJob({ containers: [{ image: IMAGE, resources }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0].resources.memory.request: must not exceed the limit (got 2 gibibytes)`
    );
  });

  test('13. a memory amount in millibytes (m is milli, Mi is mebi)', () => {
    const resources = { memory: { request: '250m' } };
    expect(messageOf(batchJob({ containers: [{ image: IMAGE, resources }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0].resources.memory.request: must not be in thousandths of a byte ("m" is milli): did you mean "250Mi"? (got "250m")`
    );
  });

  test('14. two containers with the same name', () => {
    const containers = [
      { image: IMAGE, name: 'worker' },
      { image: IMAGE, name: 'worker' },
    ];
    expect(messageOf(batchJob({ containers }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[1].name: container name "worker" is used twice in the pod (got "worker")`
    );
  });

  test('15. a mount of a volume the pod does not have', () => {
    const containers = [{ image: IMAGE, volumeMounts: [{ volume: 'data', mountPath: '/data' }] }];
    expect(messageOf(batchJob({ containers }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0].volumeMounts[0].volume: no volume named "data" in the pod; add it to volumes (got "data")`
    );
  });

  test('16. a pod failure policy with restartPolicy OnFailure', () => {
    const props = {
      restartPolicy: RestartPolicy.ON_FAILURE,
      podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
      containers: [{ image: IMAGE }],
    };
    expect(messageOf(batchJob(props))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - podFailurePolicy: needs restartPolicy Never (Kubernetes rejects it with OnFailure) (got [a PodFailureRule])`
    );
  });

  test('17. a password as a literal env value', () => {
    expect(messageOf(batchJob({ containers: [{ image: IMAGE, env: { DB_PASSWORD: 'hunter2' } }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0].env.DB_PASSWORD: looks like a credential (by its name, or a URL with a password), so it must not be a literal in the manifest: reference a Secret with EnvValue.fromSecretKey('<secret name>', '<key>'), or write EnvValue.fromValue(value, { notSecret: true }) if the value is not secret (got a literal value, not shown)`
    );
  });

  test('18. a liveness probe that needs several successes', () => {
    const livenessProbe = Probe.http({ port: 8080, successThreshold: 3 });
    expect(messageOf(batchJob({ containers: [{ image: IMAGE, livenessProbe }] }))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - containers[0].livenessProbe.successThreshold: must be 1 for a liveness probe (got 3)`
    );
  });

  test('19. a file mode written in decimal', () => {
    const props = {
      volumes: [Volume.fromSecret('creds', 'db-creds', { defaultMode: 644 })],
      containers: [{ image: IMAGE, volumeMounts: [{ volume: 'creds', mountPath: '/creds' }] }],
    };
    expect(messageOf(batchJob(props))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - volumes[0].defaultMode: must be a file mode from 0 to 0o777 (write it as an octal literal, e.g. 0o644) (got 644)`
    );
  });

  test('20. a MIG profile the GPU model does not offer', () => {
    const gpu = Gpu.mig({ profile: '1g.5gb', count: 1, model: 'A100-80GB' });
    expect(messageOf(gpuJob({ gpu, containers: [{ image: IMAGE }] }))).toBe(
      `invalid GpuJob at 'test/train' (1 problem):
  - gpu.profile: is not a MIG profile of A100-80GB (1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb) (got "1g.5gb")`
    );
  });

  test('21. a Duration prop given as a number of seconds', () => {
    expect(messageOf(batchJob(untyped({ ttlAfterFinished: 86400, containers: [{ image: IMAGE }] })))).toBe(
      `invalid BatchJob at 'test/job' (1 problem):
  - ttlAfterFinished: must be a cdk8s Duration (e.g. Duration.minutes(30)) (got 86400)`
    );
  });

  test('22. a factory called from JavaScript without its options', () => {
    expect(messageOf(() => JobPattern.workQueue(untyped(undefined)))).toBe(
      `invalid JobPattern at 'JobPattern.workQueue(options)' (1 problem):
  - options: must be an object (got nothing)`
    );
  });

  test("22b. a factory's option named as Kubernetes names the field", () => {
    expect(messageOf(() => Probe.http(untyped({ port: 8080, initialDelaySeconds: 3 })))).toBe(
      `invalid Probe at 'Probe.http(options)' (1 problem):
  - options: unknown prop 'initialDelaySeconds' (use initialDelay: Duration.seconds(n))`
    );
  });

  test("22c. a factory's option misspelled", () => {
    expect(messageOf(() => Volume.emptyDir('scratch', untyped({ sizelimit: Size.gibibytes(1) })))).toBe(
      `invalid Volume at 'Volume.emptyDir(name, options)' (1 problem):
  - options: unknown prop 'sizelimit' (did you mean 'sizeLimit'?)`
    );
  });

  test('23. several mistakes at once: one error lists them all, type errors and cross-field rules alike', () => {
    const props = untyped<BatchJobProps>({
      name: 'My_Job',
      backoffLimit: -1,
      activeDeadline: Duration.millis(1500),
      network: 'host',
      podLabels: { 'job-name': 'mine' },
      containers: [{ image: IMAGE, name: 'Main', resources: { cpu: { request: Cpu.millis(0) } } }],
    });
    expect(messageOf(batchJob(props))).toBe(
      `invalid BatchJob at 'test/job' (7 problems):
  - name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got "My_Job")
  - backoffLimit: must be at least 0 (got -1)
  - activeDeadline: must be a whole number of seconds (got 1 second 500 millis)
  - containers[0].name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit (got "Main")
  - containers[0].resources.cpu.request: must be more than 0 millicores; leave it out for no request (got "0m")
  - network: must be a NetworkMode (e.g. NetworkMode.host()) (got "host")
  - podLabels.job-name: is set by the Job controller and may not be given (got "mine")`
    );
  });
});
