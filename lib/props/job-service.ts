/**
 * The Service props of the Job constructs (`service`, `distributed`): their rules, and what `distributed`
 * expands to (an indexed pattern, failure handling, the rendezvous environment, a headless Service).
 */
import * as z from 'zod';
import { Gpu } from '../gpu/gpu';
import { Distributed, DistributedFramework } from '../values/distributed';
import { JobPattern } from '../values/job-pattern';
import { JobService, JobServiceType, ServicePort } from '../values/job-service';
import { ExitCodeOperator, PodFailureAction, PodFailureRule } from '../values/pod-failure-policy';
import { Protocol, type ContainerProps } from '../values/container';
import { servicePortProblems } from './service-ports';
import { JobTemplateProps, PodReplacementPolicy, RestartPolicy } from './job-template-props';
import { targetVersionOf } from './versioned-fields';
import { COMPLETION_INDEX_ENV } from './rendered-names';
import { CrossFieldRule, Report, reporter, runRules } from './cross-field-rule';
import { dns1035LabelProblem, isPortNumber, PORT_NUMBER_RULE } from '../rules/names';
import { JOB_LIMITS } from '../rules/job-limits';
import { gateEnabled, GATES } from '../rules/kube-versions';
import { asArray, asInt } from '../rules/utils';
import { instanceOf } from '../validation/schemas';

/** The Service props of `BatchJob` and `GpuJob`. */
export interface JobServiceProps {
  /**
   * A Service in front of the Job's pods (the DCE console's "service" step): `JobService.clusterIp(...)`,
   * `JobService.nodePort(...)` or `JobService.headless(...)`, rendered next to the Job.
   * @default - none
   */
  readonly service?: JobService;
  /**
   * Run `nodes` cooperating pods (multi-node training: PyTorch, JAX, TensorFlow) without an operator: an Indexed Job, a headless
   * Service for stable pod DNS names, the framework's rendezvous variables and failure handling for a group
   * of ranks. Sets the pattern: do not give `pattern` with it. See docs/multi-node.md.
   * @default - none: an ordinary Job
   */
  readonly distributed?: Distributed;
}

/**
 * The label Kubernetes (1.27+) puts on a Job's pods, with the Job's name
 * (https://kubernetes.io/docs/reference/labels-annotations-taints/#batchkubernetesiojob-name).
 */
export const JOB_NAME_POD_LABEL = 'batch.kubernetes.io/job-name';

/** The env variable holding the Job's name (from the pod label), first of the rendezvous variables. */
export const JOB_NAME_ENV = 'JOB_NAME';

/** A variable of the rendezvous environment: a value, or a pod field. @internal */
export interface RendezvousVar {
  readonly name: string;
  readonly value?: string;
  readonly fieldPath?: string;
}

/** A Service the construct renders, with its effective name. */
export interface ServiceSpec {
  readonly name: string;
  readonly type: JobServiceType;
  readonly ports: readonly ServicePort[];
  readonly publishNotReadyAddresses?: boolean;
  /** Where the Service comes from, for messages. */
  readonly prop: 'service' | 'distributed';
}

/** The props shape of `service` and `distributed` (Job constructs only, not CronBatch). */
export const jobServiceShape = {
  service: instanceOf(
    JobService,
    'must be a JobService (e.g. JobService.clusterIp({ ports: [{ port: 80 }] }))'
  ).optional(),
  distributed: instanceOf(
    Distributed,
    'must be a Distributed (e.g. Distributed.pytorch({ nodes: 2 }))'
  ).optional(),
};

/** The variables a framework reads, in order; `$(VAR)` refers only to variables before it. */
export function rendezvousEnv(d: Distributed, service: string, procsPerNode?: number): RendezvousVar[] {
  const host = `$(${JOB_NAME_ENV})-0.${service}`;
  const index = `$(${COMPLETION_INDEX_ENV})`;
  const nodes = String(d.nodes);
  const port = String(d.port);
  const vars: RendezvousVar[] = [
    { name: JOB_NAME_ENV, fieldPath: `metadata.labels['${JOB_NAME_POD_LABEL}']` },
  ];
  switch (d.framework) {
    case DistributedFramework.PYTORCH:
      // torchrun reads every option from PET_<OPTION> (torch/distributed/argparse_util.py); the others are
      // torch.distributed's env:// initialization, for one process a pod.
      vars.push(
        { name: 'MASTER_ADDR', value: host },
        { name: 'MASTER_PORT', value: port },
        { name: 'WORLD_SIZE', value: nodes },
        { name: 'RANK', value: index },
        { name: 'PET_MASTER_ADDR', value: host },
        { name: 'PET_MASTER_PORT', value: port },
        { name: 'PET_NNODES', value: nodes },
        { name: 'PET_NODE_RANK', value: index }
      );
      if (procsPerNode !== undefined) vars.push({ name: 'PET_NPROC_PER_NODE', value: String(procsPerNode) });
      break;
    case DistributedFramework.JAX:
      // jax.distributed.initialize() reads JAX_COORDINATOR_ADDRESS (jax/_src/distributed.py); the process
      // count and id are passed from the other two.
      vars.push(
        { name: 'JAX_COORDINATOR_ADDRESS', value: `${host}:${port}` },
        { name: 'JAX_NUM_PROCESSES', value: nodes },
        { name: 'JAX_PROCESS_ID', value: index }
      );
      break;
    case DistributedFramework.TENSORFLOW:
      vars.push({ name: 'TF_CONFIG', value: tfConfig(d, service) });
      break;
    case DistributedFramework.GENERIC:
      vars.push(
        { name: 'COORDINATOR_ADDRESS', value: host },
        { name: 'COORDINATOR_PORT', value: port },
        { name: 'NUM_NODES', value: nodes },
        { name: 'NODE_RANK', value: index }
      );
      break;
  }
  return vars;
}

/**
 * TensorFlow's cluster spec: every worker, and this pod's index (`$(JOB_COMPLETION_INDEX)` becomes a number).
 * https://www.tensorflow.org/guide/distributed_training#setting_up_the_tf_config_environment_variable
 */
function tfConfig(d: Distributed, service: string): string {
  const count = Number.isInteger(d.nodes) && d.nodes > 0 ? Math.min(d.nodes, JOB_LIMITS.indexed) : 0;
  const workers = Array.from({ length: count }, (_, i) => `"$(${JOB_NAME_ENV})-${i}.${service}:${d.port}"`);
  return `{"cluster":{"worker":[${workers.join(',')}]},"task":{"type":"worker","index":$(${COMPLETION_INDEX_ENV})}}`;
}

/** Linux's limit on one environment string (`MAX_ARG_STRLEN`, 32 pages of 4 KiB). */
export const ENV_STRING_MAX_BYTES = 128 * 1024;

/** Whole GPU cards per pod of a GpuJob's props (torchrun's processes a node), when it has them. */
function wholeCardsOf(props: unknown): number | undefined {
  const given = props as { gpu?: unknown; containerGpus?: unknown } | undefined;
  // `gpu`, or the only request of `containerGpus` (with several GPU containers, which one runs torchrun is
  // not known: give procsPerNode).
  const perContainer =
    given?.containerGpus && typeof given.containerGpus === 'object' ? Object.values(given.containerGpus) : [];
  const gpu = given?.gpu ?? (perContainer.length === 1 ? perContainer[0] : undefined);
  return gpu instanceof Gpu && gpu.request.mode === 'wholeCard' ? asInt(gpu.request.count) : undefined;
}

/** The processes per pod torchrun starts: given, or a GpuJob's whole cards. */
export function procsPerNodeOf(d: Distributed, props: unknown): number | undefined {
  if (d.framework !== DistributedFramework.PYTORCH) return undefined;
  return d.procsPerNode ?? wholeCardsOf(props);
}

/** The indexed pattern of `distributed`: every rank runs at once. */
export function distributedPattern(d: Distributed, props: JobTemplateProps): JobPattern {
  // A success policy (1.31+): the Job succeeds when the leader (rank 0) has, as a Kubeflow PyTorchJob
  // does when its master succeeds; the other ranks are then stopped instead of holding their GPUs.
  const leader = gateEnabled(GATES.JobSuccessPolicy, targetVersionOf(props));
  return JobPattern.indexed({
    completions: d.nodes,
    parallelism: d.nodes,
    ...(leader ? { successPolicy: [{ succeededIndexes: '0' }] } : {}),
  });
}

/**
 * The failure handling of a group of ranks, when the props give none: a disruption (preemption, eviction,
 * node drain) is ignored, so it does not count as a retry and the pod is replaced; any other failure
 * (a container exiting non-zero) fails the Job at once, since a rank that restarts alone cannot rejoin a
 * static rendezvous the others have left.
 */
export function distributedPodFailurePolicy(): PodFailureRule[] {
  return [
    PodFailureRule.ignoreDisruptions(),
    PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { operator: ExitCodeOperator.NOT_IN, codes: [0] }),
  ];
}

/**
 * What `distributed` expands to, for the job template: the indexed pattern, the failure handling (unless
 * given) and, where the target has it, `podReplacementPolicy: Failed` (a replacement never runs next to its
 * terminating predecessor of the same rank). Input must have passed the props schema.
 */
export function expandDistributed<P extends JobTemplateProps & JobServiceProps>(props: P): P {
  const d = props.distributed;
  if (!(d instanceof Distributed)) return props;
  const replacement = gateEnabled(GATES.JobPodReplacementPolicy, targetVersionOf(props));
  return {
    ...props,
    pattern: distributedPattern(d, props),
    podFailurePolicy: props.podFailurePolicy ?? distributedPodFailurePolicy(),
    ...(replacement
      ? { podReplacementPolicy: props.podReplacementPolicy ?? PodReplacementPolicy.FAILED }
      : {}),
  };
}

/** The Services of validated props, with their effective names (`baseName`: the job construct's name). */
export function serviceSpecs(props: JobServiceProps, baseName: string): ServiceSpec[] {
  const specs: ServiceSpec[] = [];
  const d = props.distributed;
  if (d instanceof Distributed) {
    specs.push({
      name: d.serviceName ?? baseName,
      type: JobServiceType.HEADLESS,
      ports: [{ name: 'coordinator', port: d.port }],
      publishNotReadyAddresses: true,
      prop: 'distributed',
    });
  }
  const s = props.service;
  if (s instanceof JobService) {
    specs.push({
      name: s.name ?? baseName,
      type: s.type,
      ports: s.ports,
      publishNotReadyAddresses: s.publishNotReadyAddresses,
      prop: 'service',
    });
  }
  return specs;
}

/**
 * The pods' `subdomain`: the distributed Service, or a headless `service` of an indexed Job (whose pods get
 * hostnames `<job name>-<index>`).
 */
export function subdomainOf(props: JobTemplateProps & JobServiceProps, baseName: string): string | undefined {
  const [first] = serviceSpecs(props, baseName);
  if (first?.prop === 'distributed') return first.name;
  const indexed = props.pattern instanceof JobPattern && props.pattern.completionMode === 'Indexed';
  return first?.type === JobServiceType.HEADLESS && indexed ? first.name : undefined;
}

/** Problems of the effective Service names: a DNS-1035 label each, and two Services never share one. */
export function serviceNameProblems(specs: readonly ServiceSpec[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const s of specs) {
    const field = s.prop === 'service' ? 'service.name' : 'distributed.serviceName';
    const problem = dns1035LabelProblem(s.name);
    if (problem) {
      problems.push({
        field,
        message:
          `Service name "${s.name}" ${problem}` +
          (s.prop === 'service' ? '; give JobService a name' : '; give Distributed a serviceName'),
      });
    }
  }
  if (specs.length === 2 && specs[0].name === specs[1].name) {
    problems.push({
      field: 'service.name',
      message: `"${specs[1].name}" is also the name of the distributed Job's headless Service; give the JobService another name`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Rules

const PROTOCOLS = Object.values(Protocol) as string[];

/** The rules of one Service's ports: the API server's (`servicePortProblems`), with the constructs' protocols. */
function checkPorts(s: JobService, report: Report) {
  const problems = servicePortProblems(asArray<ServicePort>(s.ports), {
    portsOptional: s.type === JobServiceType.HEADLESS,
    what: `a ${s.type} Service`,
    nodePortForbidden: s.type === JobServiceType.NODE_PORT ? undefined : 'needs JobService.nodePort',
    protocols: PROTOCOLS,
  });
  for (const p of problems) report(['ports', ...p.path], p.message);
}

/** What the Service rules read. */
interface ServiceView {
  readonly props: JobTemplateProps & JobServiceProps & { readonly name?: unknown };
  readonly d: Distributed | undefined;
  readonly s: JobService | undefined;
}

/** The names `distributed` sets in every container's environment. */
function distributedEnvNames(d: Distributed): string[] {
  return rendezvousEnv(d, 'x', d.framework === DistributedFramework.PYTORCH ? 1 : undefined).map(
    (v) => v.name
  );
}

const SERVICE_RULES: readonly CrossFieldRule<ServiceView>[] = [
  {
    name: 'service-ports-valid',
    check({ s }, report) {
      if (s) checkPorts(s, (path, message) => report(['service', ...path], message));
    },
  },
  {
    name: 'service-name-dns-1035',
    check({ s, d, props }, report) {
      if (!s && !d) return; // no Service: nothing to name (most jobs)
      const given: [PropertyKey[], unknown][] = [
        [['service', 'name'], s?.name],
        [['distributed', 'serviceName'], d?.serviceName],
      ];
      for (const [path, name] of given) {
        if (name === undefined) continue;
        const problem = typeof name === 'string' ? dns1035LabelProblem(name) : 'must be a string';
        if (problem) report(path, `Service name ${problem}`);
      }
      // The default is the job's name, when given (a derived one is checked by the construct).
      const base = typeof props.name === 'string' ? props.name : undefined;
      if (base === undefined || dns1035LabelProblem(base) === undefined) return;
      if (d && d.serviceName === undefined) {
        report(
          ['distributed', 'serviceName'],
          `is required: the job's name "${base}" is not a Service name (${dns1035LabelProblem(base)})`
        );
      }
      if (s && s.name === undefined) {
        report(
          ['service', 'name'],
          `is required: the job's name "${base}" is not a Service name (${dns1035LabelProblem(base)})`
        );
      }
    },
  },
  {
    name: 'distributed-counts-within-limits',
    check({ d }, report) {
      if (!d) return;
      const nodes = asInt(d.nodes);
      if (nodes === undefined || nodes < 1 || nodes > JOB_LIMITS.indexed) {
        report(['distributed', 'nodes'], `must be a whole number from 1 to ${JOB_LIMITS.indexed}`);
      }
      if (!isPortNumber(d.port)) report(['distributed', 'port'], PORT_NUMBER_RULE);
      if (
        d.framework === DistributedFramework.TENSORFLOW &&
        nodes !== undefined &&
        nodes >= 1 &&
        nodes <= JOB_LIMITS.indexed
      ) {
        // TF_CONFIG as the container sees it: $(JOB_NAME) at its longest (63), the index at its longest.
        const service = d.serviceName ?? 'x'.repeat(63);
        const bytes =
          Buffer.byteLength(`TF_CONFIG=${tfConfig(d, service)}`) +
          nodes * (63 - `$(${JOB_NAME_ENV})`.length) +
          String(nodes - 1).length -
          `$(${COMPLETION_INDEX_ENV})`.length;
        if (bytes > ENV_STRING_MAX_BYTES) {
          report(
            ['distributed', 'nodes'],
            `${nodes} TensorFlow workers make TF_CONFIG up to ${bytes} bytes, above the ${ENV_STRING_MAX_BYTES} bytes Linux allows one environment string`
          );
        }
      }
      const procs = d.procsPerNode;
      if (procs !== undefined && (asInt(procs) === undefined || procs < 1)) {
        report(['distributed', 'procsPerNode'], 'must be a whole number ≥ 1');
      }
    },
  },
  {
    name: 'distributed-sets-the-pattern',
    check({ d, props }, report) {
      if (d && props.pattern !== undefined) {
        report(
          ['pattern'],
          `is set by distributed (JobPattern.indexed({ completions: ${String(d.nodes)}, parallelism: ${String(d.nodes)} })); remove it`
        );
      }
    },
  },
  {
    name: 'distributed-needs-restart-policy-never',
    check({ d, props }, report) {
      if (d && props.restartPolicy === RestartPolicy.ON_FAILURE) {
        report(
          ['restartPolicy'],
          'must be Never with distributed: its podFailurePolicy needs it, and a rank restarted in place cannot rejoin the group'
        );
      }
    },
  },
  {
    name: 'distributed-replaces-failed-pods-only',
    check({ d, props }, report) {
      if (d && props.podReplacementPolicy === PodReplacementPolicy.TERMINATING_OR_FAILED) {
        report(
          ['podReplacementPolicy'],
          'must be Failed with distributed: a replacement must not run next to the rank it replaces ' +
            '(and the podFailurePolicy allows only Failed)'
        );
      }
    },
  },
  {
    name: 'distributed-env-not-set-by-hand',
    check({ d, props }, report) {
      if (!d) return;
      const reserved = new Set(distributedEnvNames(d));
      for (const list of ['containers', 'initContainers'] as const) {
        asArray<ContainerProps>(props[list]).forEach((c, i) => {
          if (!c?.env || typeof c.env !== 'object') return;
          for (const name of Object.keys(c.env)) {
            if (reserved.has(name)) {
              report(
                [list, i, 'env', name],
                `is set by distributed (${d.framework}); do not set it yourself`
              );
            }
          }
        });
      }
    },
  },
];

/** The rules of `service` and `distributed`. Safe on invalid input. */
export function refineJobServices(props: ServiceView['props'], ctx: z.RefinementCtx): void {
  if (!props || typeof props !== 'object') return;
  const view: ServiceView = {
    props,
    d: props.distributed instanceof Distributed ? props.distributed : undefined,
    s: props.service instanceof JobService ? props.service : undefined,
  };
  runRules(SERVICE_RULES, view, reporter(ctx));
}
