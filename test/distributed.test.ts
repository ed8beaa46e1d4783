import { App, Chart, Testing } from 'cdk8s';
import {
  BatchJob,
  BatchJobProps,
  CronBatch,
  Distributed,
  Gpu,
  GpuJob,
  JobPattern,
  JobService,
  KubernetesVersion,
  PodFailureRule,
  PodReplacementPolicy,
  Protocol,
  ReapplyPolicy,
  RestartPolicy,
  Schedule,
  toYaml,
  ValidationError,
} from '../lib';
import { expectProblem, problemRule, problemsOf } from './support/problems';
import { manifestProblems } from './support/build';

const IMAGE = 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime';
type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Synthesizes a fixed-name BatchJob `train` in namespace `ml`. */
function synthJob(props: BatchJobProps): Manifest[] {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'ml' });
  new BatchJob(chart, 'train', {
    name: 'train',
    reapply: ReapplyPolicy.fixedName(),
    containers: [{ image: IMAGE }],
    ...props,
  });
  return Testing.synth(chart);
}

const ofKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);
const jobOf = (objects: Manifest[]) => ofKind(objects, 'Job')[0];
const envOf = (job: Manifest, container = 0) =>
  (job.spec.template.spec.containers[container].env as { name: string; value?: string }[]).map((e) =>
    e.value === undefined ? e.name : `${e.name}=${e.value}`
  );

describe('Distributed.pytorch', () => {
  test('renders an Indexed Job of N pods, a headless Service as their subdomain, and the rendezvous env', () => {
    // GIVEN / WHEN
    const objects = synthJob({ distributed: Distributed.pytorch({ nodes: 4, procsPerNode: 2 }) });
    // THEN
    const job = jobOf(objects);
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 });
    expect(job.spec.template.spec.subdomain).toBe('train');
    expect(envOf(job)).toEqual([
      'JOB_COMPLETION_INDEX',
      'JOB_NAME',
      'MASTER_ADDR=$(JOB_NAME)-0.train',
      'MASTER_PORT=29500',
      'WORLD_SIZE=4',
      'RANK=$(JOB_COMPLETION_INDEX)',
      'PET_MASTER_ADDR=$(JOB_NAME)-0.train',
      'PET_MASTER_PORT=29500',
      'PET_NNODES=4',
      'PET_NODE_RANK=$(JOB_COMPLETION_INDEX)',
      'PET_NPROC_PER_NODE=2',
    ]);
    expect(job.spec.template.spec.containers[0].env[1].valueFrom).toEqual({
      fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" },
    });
    const [service] = ofKind(objects, 'Service');
    expect(service).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'train',
        namespace: 'ml',
        labels: { 'app.kubernetes.io/managed-by': 'cdk8s-batch', 'cdk8s-batch.io/job': 'train' },
      },
      spec: {
        clusterIP: 'None',
        ports: [{ name: 'coordinator', port: 29500, protocol: 'TCP', targetPort: 29500 }],
        publishNotReadyAddresses: true,
        selector: { 'batch.kubernetes.io/job-name': 'train' },
        type: 'ClusterIP',
      },
    });
  });

  test.each([
    [KubernetesVersion.V1_28, undefined, undefined],
    [KubernetesVersion.V1_29, 'Failed', undefined],
    [KubernetesVersion.V1_31, 'Failed', { rules: [{ succeededIndexes: '0' }] }],
  ])(
    'failure handling on %s: disruptions ignored, failures fail the Job; podReplacementPolicy %s; successPolicy %j',
    (kubernetesVersion, replacement, success) => {
      const job = jobOf(synthJob({ kubernetesVersion, distributed: Distributed.pytorch({ nodes: 2 }) }));
      expect(job.spec.podFailurePolicy).toEqual({
        rules: [
          { action: 'Ignore', onPodConditions: [{ status: 'True', type: 'DisruptionTarget' }] },
          { action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [0] } },
        ],
      });
      expect(job.spec.podReplacementPolicy).toBe(replacement);
      expect(job.spec.successPolicy).toEqual(success);
    }
  );

  test("the user's podFailurePolicy replaces the default one", () => {
    const job = jobOf(
      synthJob({
        distributed: Distributed.pytorch({ nodes: 2 }),
        podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
      })
    );
    expect(job.spec.podFailurePolicy.rules).toHaveLength(1);
  });

  test("a GpuJob's whole cards per pod become torchrun's processes per node; its GPU rendering applies", () => {
    const chart = Testing.chart();
    new GpuJob(chart, 'train', {
      name: 'train',
      gpu: Gpu.wholeCard({ count: 8 }),
      distributed: Distributed.pytorch({ nodes: 4 }),
      containers: [{ image: IMAGE }],
    });
    const job = jobOf(Testing.synth(chart));
    expect(envOf(job)).toContain('PET_NPROC_PER_NODE=8');
    expect(job.spec.template.spec.containers[0].resources.limits).toEqual({ 'nvidia.com/gpu': 8 });
  });

  test("containerGpus with one container: its whole cards are torchrun's processes; with two, none is assumed", () => {
    const procs = (containerGpus: Record<string, Gpu>) => {
      const chart = Testing.chart();
      new GpuJob(chart, 'train', {
        name: 'train',
        containerGpus,
        distributed: Distributed.pytorch({ nodes: 2 }),
        containers: [
          { name: 'trainer', image: IMAGE },
          { name: 'eval', image: IMAGE },
        ],
      });
      return envOf(jobOf(Testing.synth(chart))).filter((e: string) => e.startsWith('PET_NPROC_PER_NODE='));
    };
    expect(procs({ trainer: Gpu.wholeCard({ count: 4 }) })).toEqual(['PET_NPROC_PER_NODE=4']);
    expect(procs({ trainer: Gpu.wholeCard({ count: 4 }), eval: Gpu.wholeCard({ count: 1 }) })).toEqual([]);
  });

  test('every container gets the variables, also one added later', () => {
    const chart = Testing.chart();
    const job = new BatchJob(chart, 'train', {
      name: 'train',
      distributed: Distributed.pytorch({ nodes: 2 }),
      initContainers: [{ image: 'busybox:1.36' }],
    });
    job.addContainer({ image: IMAGE, env: { NCCL_DEBUG: 'INFO' } });
    const spec = jobOf(Testing.synth(chart)).spec.template.spec;
    expect(spec.initContainers[0].env.map((e: { name: string }) => e.name)).toContain('MASTER_ADDR');
    // Ours first, so the user's may refer to them as $(MASTER_ADDR).
    expect(spec.containers[0].env.map((e: { name: string }) => e.name).slice(-2)).toEqual([
      'PET_NODE_RANK',
      'NCCL_DEBUG',
    ]);
  });

  test('under renameOnChange the Service selects the hashed Job name, and synthesizing twice is identical', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new BatchJob(chart, 'train', {
      distributed: Distributed.pytorch({ nodes: 2 }),
      containers: [{ image: IMAGE }],
    });
    const first = toYaml(app);
    expect(toYaml(app)).toBe(first);
    const objects = Testing.synth(chart);
    const job = jobOf(objects);
    expect(job.metadata.name).toMatch(/^c-train-[0-9a-f]{8}-[0-9a-f]{8}$/);
    const service = ofKind(objects, 'Service')[0];
    expect(service.spec.selector).toEqual({ 'batch.kubernetes.io/job-name': job.metadata.name });
    // The Service (and subdomain) keep the base name: pods of the next Job find it under the same name.
    expect(service.metadata.name).toBe(job.metadata.labels['cdk8s-batch.io/job']);
    expect(job.spec.template.spec.subdomain).toBe(service.metadata.name);
  });
});

describe('Distributed.jax and Distributed.generic', () => {
  test('JAX: the coordinator address jax.distributed.initialize() reads, the process count and id', () => {
    const job = jobOf(synthJob({ distributed: Distributed.jax({ nodes: 3, serviceName: 'peers' }) }));
    expect(envOf(job)).toEqual([
      'JOB_COMPLETION_INDEX',
      'JOB_NAME',
      'JAX_COORDINATOR_ADDRESS=$(JOB_NAME)-0.peers:1234',
      'JAX_NUM_PROCESSES=3',
      'JAX_PROCESS_ID=$(JOB_COMPLETION_INDEX)',
    ]);
    expect(job.spec.template.spec.subdomain).toBe('peers');
  });

  test('generic: coordinator address and port, node count and rank', () => {
    const job = jobOf(synthJob({ distributed: Distributed.generic({ nodes: 2, port: 7000 }) }));
    expect(envOf(job).slice(2)).toEqual([
      'COORDINATOR_ADDRESS=$(JOB_NAME)-0.train',
      'COORDINATOR_PORT=7000',
      'NUM_NODES=2',
      'NODE_RANK=$(JOB_COMPLETION_INDEX)',
    ]);
  });
});

describe('JobService', () => {
  test('a NodePort Service with named ports next to the Job', () => {
    const [service] = ofKind(
      synthJob({
        service: JobService.nodePort({
          ports: [
            { name: 'http', port: 80, targetPort: 'web' },
            { name: 'metrics', port: 9090, nodePort: 30090, protocol: Protocol.UDP },
          ],
        }),
      }),
      'Service'
    );
    expect(service.spec).toEqual({
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' },
        { name: 'metrics', nodePort: 30090, port: 9090, protocol: 'UDP', targetPort: 9090 },
      ],
      selector: { 'batch.kubernetes.io/job-name': 'train' },
      type: 'NodePort',
    });
  });

  test('a ClusterIP Service has no subdomain; a headless one is the subdomain of an indexed Job only', () => {
    const clusterIp = synthJob({
      pattern: JobPattern.indexed({ completions: 2 }),
      service: JobService.clusterIp({ name: 'api', ports: [{ port: 8080 }] }),
    });
    expect(jobOf(clusterIp).spec.template.spec.subdomain).toBeUndefined();
    expect(ofKind(clusterIp, 'Service')[0].spec.type).toBe('ClusterIP');
    const headless = synthJob({
      pattern: JobPattern.indexed({ completions: 2 }),
      service: JobService.headless(),
    });
    expect(jobOf(headless).spec.template.spec.subdomain).toBe('train');
    expect(ofKind(headless, 'Service')[0].spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'batch.kubernetes.io/job-name': 'train' },
      type: 'ClusterIP',
    });
    expect(jobOf(synthJob({ service: JobService.headless() })).spec.template.spec.subdomain).toBeUndefined();
  });

  test('both props: two Services, which need different names', () => {
    const both = synthJob({
      distributed: Distributed.pytorch({ nodes: 2 }),
      service: JobService.nodePort({ name: 'tensorboard', ports: [{ port: 6006 }] }),
    });
    expect(ofKind(both, 'Service').map((s) => s.metadata.name)).toEqual(['train', 'tensorboard']);
    expectProblem(
      () =>
        synthJob({
          distributed: Distributed.pytorch({ nodes: 2 }),
          service: JobService.nodePort({ ports: [{ port: 6006 }] }),
        }),
      `service.name: "train" is also the name of the distributed Job's headless Service; give the JobService another name`
    );
  });

  test("a Service another construct also writes is a duplicate object, named with both constructs' paths", () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'ml' });
    for (const id of ['a', 'b']) {
      new BatchJob(chart, id, {
        containers: [{ image: IMAGE }],
        service: JobService.clusterIp({ name: 'shared', ports: [{ port: 80 }] }),
      });
    }
    expect(() => toYaml(app)).toThrow(
      "  - metadata.name: Service ml/shared is also written by 'c/b/Service': one would replace the other on apply"
    );
  });

  test('CronBatch does not take service or distributed', () => {
    expectProblem(
      () =>
        new CronBatch(Testing.chart(), 'cron', {
          schedule: Schedule.daily(),
          containers: [{ image: IMAGE }],
          ...({ service: JobService.headless() } as object),
        }),
      problemRule("(props): unknown prop 'service'")
    );
  });
});

describe('rules', () => {
  test.each<[string, BatchJobProps, string]>([
    [
      'nodes below 1',
      { distributed: Distributed.pytorch({ nodes: 0 }) },
      'distributed.nodes: must be a whole number from 1 to 100000',
    ],
    [
      'a port outside 1–65535',
      { distributed: Distributed.jax({ nodes: 2, port: 70000 }) },
      'distributed.port: must be between 1 and 65535, inclusive',
    ],
    [
      'procsPerNode below 1',
      { distributed: Distributed.pytorch({ nodes: 2, procsPerNode: 0 }) },
      'distributed.procsPerNode: must be a whole number ≥ 1',
    ],
    [
      'a pattern given with distributed',
      { distributed: Distributed.pytorch({ nodes: 2 }), pattern: JobPattern.oneOff() },
      'pattern: is set by distributed (JobPattern.indexed({ completions: 2, parallelism: 2 })); remove it',
    ],
    [
      'restartPolicy OnFailure',
      { distributed: Distributed.pytorch({ nodes: 2 }), restartPolicy: RestartPolicy.ON_FAILURE },
      'restartPolicy: must be Never with distributed: its podFailurePolicy needs it, and a rank restarted in place cannot rejoin the group',
    ],
    [
      'podReplacementPolicy TerminatingOrFailed',
      {
        kubernetesVersion: KubernetesVersion.V1_29,
        distributed: Distributed.pytorch({ nodes: 2 }),
        podReplacementPolicy: PodReplacementPolicy.TERMINATING_OR_FAILED,
      },
      'podReplacementPolicy: must be Failed with distributed: a replacement must not run next to the rank it replaces (and the podFailurePolicy allows only Failed)',
    ],
    [
      'a variable distributed sets',
      {
        distributed: Distributed.pytorch({ nodes: 2 }),
        containers: [{ image: IMAGE, env: { MASTER_PORT: '1' } }],
      },
      'containers[0].env.MASTER_PORT: is set by distributed (pytorch); do not set it yourself',
    ],
    [
      'a Service name that is not a DNS-1035 label',
      { distributed: Distributed.pytorch({ nodes: 2, serviceName: '1peers' }) },
      "distributed.serviceName: Service name must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
    ],
    [
      'a job name that is no Service name, without serviceName',
      { name: '9train', distributed: Distributed.pytorch({ nodes: 2 }) },
      `distributed.serviceName: is required: the job's name "9train" is not a Service name (must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)`,
    ],
    [
      'a fixed job name too long for the last pod hostname',
      { name: 'a'.repeat(62), distributed: Distributed.pytorch({ nodes: 2 }) },
      'name: must be at most 61 characters with 2 indexes: pod hostnames "<name>-<index>" must be DNS labels (≤ 63 characters)',
    ],
    [
      'a ClusterIP Service without ports',
      { service: JobService.clusterIp({ ports: [] }) },
      'service.ports: must list at least one port (a ClusterIP Service needs one)',
    ],
    [
      'two unnamed ports',
      { service: JobService.clusterIp({ ports: [{ port: 80 }, { port: 81 }] }) },
      'service.ports[0].name: is required when the Service has more than one port',
    ],
    [
      'a port twice',
      {
        service: JobService.clusterIp({
          ports: [
            { name: 'a', port: 80 },
            { name: 'b', port: 80 },
          ],
        }),
      },
      'service.ports[1].port: 80/TCP is used twice',
    ],
    [
      'a port name twice',
      {
        service: JobService.clusterIp({
          ports: [
            { name: 'a', port: 80 },
            { name: 'a', port: 81 },
          ],
        }),
      },
      'service.ports[1].name: port name "a" is used twice',
    ],
    [
      'a target port name that is no port name',
      { service: JobService.clusterIp({ ports: [{ port: 80, targetPort: 'Web' }] }) },
      "service.ports[0].targetPort: port name must consist of lowercase letters, digits and '-'",
    ],
    [
      'a nodePort on a ClusterIP Service',
      { service: JobService.clusterIp({ ports: [{ port: 80, nodePort: 30080 }] }) },
      'service.ports[0].nodePort: needs JobService.nodePort',
    ],
    [
      'a port number 0',
      { service: JobService.headless({ ports: [{ port: 0 }] }) },
      'service.ports[0].port: must be between 1 and 65535, inclusive',
    ],
    [
      // ValidateService: (protocol, nodePort) pairs are unique.
      'a node port twice',
      {
        service: JobService.nodePort({
          ports: [
            { name: 'a', port: 80, nodePort: 30080 },
            { name: 'b', port: 81, nodePort: 30080 },
          ],
        }),
      },
      'service.ports[1].nodePort: node port 30080/TCP is used twice',
    ],
  ])('fails with %s', (_, props, line) => {
    expectProblem(() => synthJob({ ...props }), problemRule(line));
  });

  test('a derived job name that is no Service name is reported by the construct', () => {
    const chart = new Chart(Testing.app(), '9c');
    expect(
      () =>
        new BatchJob(chart, 'train', {
          distributed: Distributed.pytorch({ nodes: 2 }),
          containers: [{ image: IMAGE }],
        })
    ).toThrow(
      /distributed\.serviceName: Service name "9c-train-[0-9a-f]{8}" must be a DNS-1035 label.*; give Distributed a serviceName/
    );
    expect(chart.node.children).toHaveLength(0);
  });

  test('the factories check their options at the call, with hints', () => {
    expect(() => Distributed.pytorch({ nodes: 2, nprocPerNode: 8 } as never)).toThrow(
      "options: unknown prop 'nprocPerNode' (use procsPerNode)"
    );
    expect(() => JobService.nodePort({ ports: [{ containerPort: 80 }] } as never)).toThrow(ValidationError);
    expect(() => JobService.clusterIp({ ports: [{ port: '80' }] } as never)).toThrow(
      /options\.ports\[0\]\.port/
    );
  });

  test('a targetPort neither number nor name is named with the rule, not a bare "Invalid input"', () => {
    expect(() =>
      JobService.nodePort({ ports: [{ port: 80, targetPort: new Int32Array() }] } as never)
    ).toThrow(
      "invalid JobService at 'JobService.nodePort(options)' (1 problem):\n" +
        '  - options.ports[0].targetPort: must be a port number or a port name (got an Int32Array)'
    );
  });

  test('all problems of one construct come together', () => {
    expect(
      problemsOf(() =>
        synthJob({
          distributed: Distributed.pytorch({ nodes: 0, port: 0 }),
          pattern: JobPattern.oneOff(),
        })
      )
    ).toHaveLength(3);
  });
});

describe('validate', () => {
  test.each([KubernetesVersion.V1_28, KubernetesVersion.V1_29, KubernetesVersion.V1_31])(
    'the manifests pass the checker of %s',
    (kubernetesVersion) => {
      for (const obj of synthJob({
        kubernetesVersion,
        distributed: Distributed.pytorch({ nodes: 4 }),
        service: JobService.nodePort({ name: 'tensorboard', ports: [{ name: 'tb', port: 6006 }] }),
      })) {
        expect(manifestProblems(obj, kubernetesVersion)).toEqual([]);
      }
    }
  );

  test('the checker reports a Service name that is not a DNS-1035 label', () => {
    const [service] = ofKind(synthJob({ service: JobService.headless() }), 'Service');
    expect(manifestProblems({ ...service, metadata: { ...service.metadata, name: '9x' } })).toEqual([
      "metadata (1.28) metadata.name: must be a DNS-1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
    ]);
  });

  test("the checker applies the constructs' port rules to a Service (ValidateService)", () => {
    // GIVEN a rendered NodePort Service, edited the way the API server rejects
    const [service] = ofKind(
      synthJob({ service: JobService.nodePort({ ports: [{ name: 'tb', port: 6006 }] }) }),
      'Service'
    );
    const ports = [
      { port: 80, nodePort: 30080, targetPort: 'Web' },
      { name: 'b', port: 80, nodePort: 30080, protocol: 'SCTP' },
      { name: 'b', port: 81, nodePort: 30080, protocol: 'SCTP' },
    ];
    // WHEN / THEN
    expect(manifestProblems({ ...service, spec: { ...service.spec, ports } })).toEqual([
      'service (1.28) spec.ports[0].name: is required when the Service has more than one port',
      "service (1.28) spec.ports[0].targetPort: port name must consist of lowercase letters, digits and '-'",
      'service (1.28) spec.ports[2].name: port name "b" is used twice',
      'service (1.28) spec.ports[2].nodePort: node port 30080/SCTP is used twice',
    ]);
    // A headless Service is type ClusterIP: no node ports, and never NodePort.
    const headless = { ...service.spec, clusterIP: 'None', type: 'ClusterIP', ports };
    expect(manifestProblems({ ...service, spec: headless })).toContain(
      "service (1.28) spec.ports[0].nodePort: may not be used when `type` is 'ClusterIP'"
    );
    expect(manifestProblems({ ...service, spec: { ...service.spec, clusterIP: 'None' } })).toEqual([
      "service (1.28) spec.clusterIP: may not be set to 'None' for LoadBalancer or NodePort services",
    ]);
    // A node port outside the default 30000-32767 is the cluster's range to judge, and a zero one is allocated.
    const wide = [
      { name: 'a', port: 80, nodePort: 8080 },
      { name: 'b', port: 81, nodePort: 0, targetPort: 0 },
    ];
    expect(manifestProblems({ ...service, spec: { ...service.spec, ports: wide } })).toEqual([]);
  });
});

describe('Distributed.tensorflow', () => {
  test('TF_CONFIG lists every worker by its DNS name and gives this pod its index', () => {
    const job = jobOf(synthJob({ distributed: Distributed.tensorflow({ nodes: 3 }) }));
    expect(envOf(job).slice(2)).toEqual([
      'TF_CONFIG={"cluster":{"worker":["$(JOB_NAME)-0.train:2222","$(JOB_NAME)-1.train:2222","$(JOB_NAME)-2.train:2222"]},"task":{"type":"worker","index":$(JOB_COMPLETION_INDEX)}}',
    ]);
    // As the container sees it (rank 1 of Job "train"): valid JSON.
    const value = envOf(job)[2]
      .slice('TF_CONFIG='.length)
      .replace(/\$\(JOB_NAME\)/g, 'train')
      .replace('$(JOB_COMPLETION_INDEX)', '1');
    expect(JSON.parse(value)).toEqual({
      cluster: { worker: ['train-0.train:2222', 'train-1.train:2222', 'train-2.train:2222'] },
      task: { type: 'worker', index: 1 },
    });
  });

  test('fails when TF_CONFIG could exceed the 128 KiB Linux allows one environment string', () => {
    expectProblem(
      () => synthJob({ distributed: Distributed.tensorflow({ nodes: 2000, serviceName: 'w' }) }),
      problemRule(
        'distributed.nodes: 2000 TensorFlow workers make TF_CONFIG up to 154962 bytes, above the 131072 bytes Linux allows one environment string'
      )
    );
  });
});
