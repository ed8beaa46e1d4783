import * as z from 'zod';
import type { ContainerProps } from '../values/container';
import { JobPattern, JobPatternKind } from '../values/job-pattern';
import { JobTemplateProps, PodReplacementPolicy, RestartPolicy } from './job-template-props';
import { podReplacementPolicyProblem, successPolicyProblems } from '../rules/job-policies';
import {
  ConditionStatus,
  ExitCodeOperator,
  PodFailureAction,
  PodFailureRule,
} from '../values/pod-failure-policy';
import { RunAs } from '../values/run-as';
import { Volume } from '../values/volume';
import { JOB_CONTROLLER_LABELS, JOB_LIMITS } from '../rules/job-limits';
import { INT32_MAX, qualifiedNameProblem } from '../rules/names';
import { CONTAINER_NOT_FOUND, podAnnotationsProblems } from '../rules/pod-annotations';
import {
  annotationsSchema,
  durationSchema,
  int,
  labelsSchema,
  dnsSubdomain,
  namedRefSchema,
  instanceOf,
  checkedString,
} from '../validation/schemas';
import { containerSchema } from './container';
import { runAsSchema, runAsText } from './run-as';
import { volumeSchema } from './volume';
import { nodeAffinitySchema, tolerationSchema } from './scheduling';
import { NetworkMode } from '../values/scheduling';
import { Platform, platformOf } from '../platforms/platform';
import { asArray, asInt } from '../rules/utils';
import { CheckResult, compiledCheck, reportingCheck } from '../validation/compiled';
import { CrossFieldRule, Report, reporter, runRules } from './cross-field-rule';
import { targetVersionOf, versionedFieldsRule } from './versioned-fields';
import { KubernetesVersion } from '../rules/kube-versions';
import { managedByProblems } from '../rules/managed-by';
import { envVarNameProblemAt } from '../rules/names';
import { isPlainMap } from '../rules/plain-values';
import {
  COMPLETION_INDEX_ENV,
  defaultContainerName,
  defaultSidecarName,
  LOGS_ANNOTATION,
  WORK_ITEM_FILE_ENV,
  WORK_ITEMS_DIR,
  WORK_ITEMS_VOLUME,
  WRITABLE_TMP,
} from './rendered-names';

const checkVolume = compiledCheck(volumeSchema);

/** Kubernetes limits a ConfigMap's data to 1 MiB. */
const CONFIG_MAP_MAX_BYTES = 1024 * 1024;
/** Index limits of the API server (`maxParallelismForIndexedJob` and friends), written once in rules.ts. */
const MAX_INDEXED_PARALLELISM = JOB_LIMITS.indexed;
const MAX_PER_INDEX_LARGE = JOB_LIMITS.indexedLarge;

/** Labels the Job controller owns on pod templates. */
const RESERVED_POD_LABELS = [...JOB_CONTROLLER_LABELS.jobName, ...JOB_CONTROLLER_LABELS.controllerUid];

const issue = (ctx: z.RefinementCtx, path: PropertyKey[], message: string) =>
  ctx.addIssue({ code: 'custom', path, message });

/** The pod security context's seccomp profile every pod template renders. */
const RENDERED_POD_SECCOMP = { type: 'RuntimeDefault' } as const;

/** A container's effective name, and where it is (its path, `[list, index, 'name']`, is built only to report). */
export interface ContainerName {
  readonly name: string;
  readonly list: ContainerList;
  readonly index: number;
}

/** Effective container names, in order: containers, then sidecars, then init containers. */
export function containerNames(
  props: Pick<JobTemplateProps, 'containers' | 'sidecars' | 'initContainers'>
): ContainerName[] {
  const names: ContainerName[] = [];
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const list = CONTAINER_LISTS[l];
    const containers = asArray<ContainerProps>(props[list]);
    for (let index = 0; index < containers.length; index++) {
      const c = containers[index];
      names.push({ name: typeof c?.name === 'string' ? c.name : defaultNameIn(list, index), list, index });
    }
  }
  return names;
}

/** The name a container of `list` gets when none is given. */
function defaultNameIn(list: ContainerList, index: number): string {
  return list === 'sidecars'
    ? defaultSidecarName(index)
    : defaultContainerName(index, list === 'initContainers');
}

// ---------------------------------------------------------------------------------------------
// Pattern

/** What the pattern rules read: the pattern and its counts when they are whole numbers. */
interface PatternView {
  readonly p: JobPattern;
  readonly completions: number | undefined;
  readonly parallelism: number | undefined;
  readonly maxFailed: number | undefined;
}

function intIn(report: Report, field: keyof JobPattern, value: unknown, min: number, max = INT32_MAX) {
  if (value === undefined) return;
  if (asInt(value) === undefined || (value as number) < min || (value as number) > max) {
    report([field], `must be a whole number from ${min} to ${max}`);
  }
}

/** A rule of the indexed pattern only. */
const indexedOnly = (rule: CrossFieldRule<PatternView>): CrossFieldRule<PatternView> => ({
  name: rule.name,
  check: (view, report) => view.p.kind === JobPatternKind.INDEXED && rule.check(view, report),
});

/** The rules of a `JobPattern`, in the order their problems are reported. */
const PATTERN_RULES: readonly CrossFieldRule<PatternView>[] = [
  {
    // Only a work queue leaves completions unset; every pattern sets parallelism. (A factory called
    // without its options, e.g. `JobPattern.fixedCompletions({})` from JavaScript, leaves them unset.)
    name: 'completions-and-parallelism-required',
    check({ p }, report) {
      const required = (field: 'completions' | 'parallelism') =>
        report([field], `is required: a whole number from 1 to ${INT32_MAX}`);
      if (p.completions === undefined && p.kind !== JobPatternKind.WORK_QUEUE) required('completions');
      if (p.parallelism === undefined) required('parallelism');
    },
  },
  {
    name: 'completions-and-parallelism-whole-numbers',
    check({ p }, report) {
      intIn(report, 'completions', p.completions, 1);
      intIn(report, 'parallelism', p.parallelism, 1);
    },
  },
  {
    name: 'parallelism-within-completions',
    check({ p, completions, parallelism }, report) {
      if (
        p.kind === JobPatternKind.FIXED_COMPLETIONS &&
        completions === 1 &&
        parallelism !== undefined &&
        parallelism > 1
      ) {
        report(
          ['parallelism'],
          `completions 1 with parallelism ${parallelism} runs only one pod: Kubernetes runs at most ` +
            `(completions - succeeded) pods at once. For ${parallelism} pods that take work from a queue use ` +
            `JobPattern.workQueue({ parallelism: ${parallelism} }); for ${parallelism} pods that must each succeed ` +
            `use JobPattern.fixedCompletions({ completions: ${parallelism}, parallelism: ${parallelism} })`
        );
      } else if (completions !== undefined && parallelism !== undefined && parallelism > completions) {
        report(
          ['parallelism'],
          `must not exceed completions (${completions}): Kubernetes would run only ${completions} pod${completions === 1 ? '' : 's'} at once`
        );
      }
    },
  },
  indexedOnly({
    name: 'indexed-counts-within-api-server-limits',
    check({ p }, report) {
      intIn(report, 'parallelism', p.parallelism, 1, MAX_INDEXED_PARALLELISM);
      intIn(report, 'backoffLimitPerIndex', p.backoffLimitPerIndex, 0);
      intIn(report, 'maxFailedIndexes', p.maxFailedIndexes, 0, MAX_INDEXED_PARALLELISM);
    },
  }),
  indexedOnly({
    name: 'max-failed-indexes-needs-backoff-limit-per-index',
    check({ p, maxFailed }, report) {
      if (maxFailed !== undefined && p.backoffLimitPerIndex === undefined) {
        report(['maxFailedIndexes'], 'needs backoffLimitPerIndex');
      }
    },
  }),
  indexedOnly({
    name: 'max-failed-indexes-within-completions',
    check({ completions, maxFailed }, report) {
      if (maxFailed !== undefined && completions !== undefined && maxFailed > completions) {
        report(['maxFailedIndexes'], `must not exceed completions (${completions})`);
      }
    },
  }),
  indexedOnly({
    name: 'large-indexed-job-limits',
    check({ p, completions, parallelism, maxFailed }, report) {
      if (
        completions === undefined ||
        completions <= MAX_INDEXED_PARALLELISM ||
        p.backoffLimitPerIndex === undefined
      ) {
        return;
      }
      const why = `when completions is above ${MAX_INDEXED_PARALLELISM} with backoffLimitPerIndex`;
      if (maxFailed === undefined) report(['maxFailedIndexes'], `is required ${why}`);
      else if (maxFailed > MAX_PER_INDEX_LARGE)
        report(['maxFailedIndexes'], `must be at most ${MAX_PER_INDEX_LARGE} ${why}`);
      if (parallelism !== undefined && parallelism > MAX_PER_INDEX_LARGE) {
        report(['parallelism'], `must be at most ${MAX_PER_INDEX_LARGE} ${why}`);
      }
    },
  }),
  indexedOnly({
    // The API server's validateSuccessPolicy (lib/rules/job-policies.ts), against the indexes.
    name: 'success-policy-api-server-rules',
    check({ p, completions }, report) {
      if (p.successPolicy === undefined) return;
      if (!Array.isArray(p.successPolicy)) return report(['successPolicy'], 'must be a list of rules');
      for (const problem of successPolicyProblems(p.successPolicy, completions ?? 0)) {
        report(['successPolicy', ...problem.path], problem.message);
      }
    },
  }),
  indexedOnly({
    name: 'work-items-one-per-index',
    check({ p, completions }, report) {
      if (p.workItems === undefined) return;
      if (!Array.isArray(p.workItems)) report(['workItems'], 'must be a list of strings, one per index');
      else if (completions !== undefined && p.workItems.length !== completions) {
        report(
          ['workItems'],
          `must have exactly one item per index: ${completions} items (has ${p.workItems.length})`
        );
      }
    },
  }),
  indexedOnly({
    name: 'work-items-strings-within-config-map-limit',
    check({ p }, report) {
      if (p.workItems === undefined) return;
      let bytes = 0;
      asArray<unknown>(p.workItems).forEach((item, i) => {
        if (typeof item !== 'string') report(['workItems', i], 'must be a string');
        else bytes += Buffer.byteLength(item) + String(i).length;
      });
      if (bytes > CONFIG_MAP_MAX_BYTES) {
        report(
          ['workItems'],
          `must total at most ${CONFIG_MAP_MAX_BYTES} bytes, the ConfigMap limit (are ${bytes})`
        );
      }
    },
  }),
];

function refinePattern(p: JobPattern, ctx: z.RefinementCtx) {
  const view = {
    p,
    completions: asInt(p.completions),
    parallelism: asInt(p.parallelism),
    maxFailed: asInt(p.maxFailedIndexes),
  };
  runRules(PATTERN_RULES, view, reporter(ctx));
}

const patternSchema = instanceOf(JobPattern, 'must be a JobPattern (e.g. JobPattern.oneOff())').check(
  reportingCheck(refinePattern)
);

// ---------------------------------------------------------------------------------------------
// Pod failure policy

const podFailureRuleSchema = instanceOf(PodFailureRule, 'must be a PodFailureRule').check(
  reportingCheck((rule, ctx) => {
    if (!Object.values(PodFailureAction).includes(rule.action)) {
      issue(ctx, ['action'], `must be one of ${Object.values(PodFailureAction).join(', ')}`);
    }
    const exit = rule.onExitCodes;
    if (exit) {
      const codes = asArray<unknown>(exit.codes);
      if (!Array.isArray(exit.codes) || codes.length === 0 || codes.length > JOB_LIMITS.onExitCodesValues) {
        issue(ctx, ['onExitCodes', 'codes'], `must list 1 to ${JOB_LIMITS.onExitCodesValues} exit codes`);
      }
      codes.forEach((code, i) => {
        const c = asInt(code);
        if (c === undefined || c < 0 || c > 255)
          issue(ctx, ['onExitCodes', 'codes', i], 'must be an exit code from 0 to 255');
        else if (c === 0 && exit.operator === ExitCodeOperator.IN) {
          issue(ctx, ['onExitCodes', 'codes', i], 'must not be 0 with the In operator (0 means success)');
        }
      });
      if (!Object.values(ExitCodeOperator).includes(exit.operator)) {
        issue(ctx, ['onExitCodes', 'operator'], 'must be In or NotIn');
      }
    }
    const condition = rule.onPodCondition;
    if (condition) {
      const problem =
        typeof condition.type === 'string' ? qualifiedNameProblem(condition.type) : 'must be a string';
      if (problem) issue(ctx, ['onPodCondition', 'type'], `condition type ${problem}`);
      if (!Object.values(ConditionStatus).includes(condition.status)) {
        issue(ctx, ['onPodCondition', 'status'], 'must be True, False or Unknown');
      }
    }
  })
);

// ---------------------------------------------------------------------------------------------
// Job template

/** Field schemas of `JobTemplateProps`, to be spread into a construct's strict object schema. */
export const jobTemplateShape = {
  pattern: patternSchema.optional(),
  backoffLimit: int(0).optional(),
  activeDeadline: durationSchema(0).optional(),
  ttlAfterFinished: durationSchema(0).nullable().optional(),
  restartPolicy: z
    .enum(RestartPolicy, { error: 'must be Never or OnFailure (Jobs do not allow Always)' })
    .optional(),
  suspend: z.boolean().optional(),
  terminationGracePeriod: durationSchema(0).optional(),
  podFailurePolicy: z
    .array(podFailureRuleSchema)
    .max(JOB_LIMITS.podFailurePolicyRules, `must have at most ${JOB_LIMITS.podFailurePolicyRules} rules`)
    .optional(),
  podReplacementPolicy: z
    .enum(PodReplacementPolicy, { error: 'must be a PodReplacementPolicy, TerminatingOrFailed or Failed' })
    .optional(),
  podLabels: labelsSchema.optional(),
  podAnnotations: annotationsSchema.optional(),
  containers: z.array(containerSchema).optional(),
  initContainers: z.array(containerSchema).optional(),
  sidecars: z.array(containerSchema).optional(),
  volumes: z.array(instanceOf(Volume, 'must be a Volume (e.g. Volume.emptyDir("scratch"))')).optional(),
  imagePullSecrets: z.array(namedRefSchema('Secret')).optional(),
  nodeSelector: labelsSchema.optional(),
  runAs: runAsSchema.optional(),
  automountServiceAccountToken: z.boolean().optional(),
  serviceAccount: namedRefSchema('ServiceAccount').optional(),
  nodeAffinity: nodeAffinitySchema.optional(),
  tolerations: z.array(tolerationSchema).optional(),
  priorityClassName: dnsSubdomain.optional(),
  fsGroup: int(0).optional(),
  network: instanceOf(NetworkMode, 'must be a NetworkMode (e.g. NetworkMode.host())').optional(),
  platform: instanceOf(Platform, 'must be a Platform (e.g. Platform.kubesphere())').optional(),
  kubernetesVersion: z
    .enum(KubernetesVersion, {
      error: `must be a KubernetesVersion, ${Object.values(KubernetesVersion).join(', ')}`,
    })
    .optional(),
  managedBy: checkedString((value) => managedByProblems(value).join('; ') || undefined).optional(),
};

/** What the pod-wide rules of `JobTemplateProps` read, worked out once. */
interface PodView {
  readonly props: JobTemplateProps;
  readonly pattern: JobPattern | undefined;
  readonly indexed: boolean;
  /** The indexed pattern renders a work-items volume. */
  readonly workItems: boolean;
  readonly names: ReturnType<typeof containerNames>;
}

const CONTAINER_LISTS = ['containers', 'sidecars', 'initContainers'] as const;
export type ContainerList = (typeof CONTAINER_LISTS)[number];

/** Calls `visit` on each container, sidecar and init container, in that order, with its list and index. */
function eachContainer(
  props: JobTemplateProps,
  visit: (c: ContainerProps, list: ContainerList, i: number) => void
) {
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const list = CONTAINER_LISTS[l];
    const containers = asArray<ContainerProps>(props[list]);
    for (let i = 0; i < containers.length; i++) visit(containers[i], list, i);
  }
}

/** Adds the volumes of the pod one at a time: each valid, its name free and unique. */
class PodVolumes {
  private readonly byName = new Map<string, Volume>();
  constructor(
    private readonly pod: PodView,
    private readonly report: Report
  ) {}

  has(name: string): boolean {
    return this.byName.has(name);
  }

  isDeclared(v: Volume): boolean {
    return this.byName.get(v.name) === v;
  }

  add(v: Volume, path: PropertyKey[]): void {
    liftIssues(this.report, checkVolume(v), path);
    if (typeof v.name !== 'string') return;
    if (v.name === WRITABLE_TMP) {
      this.report(
        [...path, 'name'],
        `"${WRITABLE_TMP}" is the volume cdk8s-batch mounts at /tmp for read-only root filesystems`
      );
    }
    if (v.name === WORK_ITEMS_VOLUME && this.pod.workItems) {
      this.report([...path, 'name'], `"${WORK_ITEMS_VOLUME}" is the indexed pattern's work-items volume`);
    }
    const existing = this.byName.get(v.name);
    if (existing && existing !== v) this.report([...path, 'name'], `volume name "${v.name}" is used twice`);
    this.byName.set(v.name, v);
  }
}

type MountLike = { volume?: unknown; mountPath?: unknown };

/**
 * A container's mounts (container `list[ci]`): each names a volume of the pod (or brings its own), none at
 * the work-items dir. Paths are built only to report (this runs for every mount of every job).
 */
function checkMounts(
  pod: PodView,
  volumes: PodVolumes,
  c: ContainerProps,
  list: ContainerList,
  ci: number,
  report: Report
) {
  const mounts = asArray<MountLike>(c?.volumeMounts);
  for (let mi = 0; mi < mounts.length; mi++) {
    const m = mounts[mi];
    if (typeof m?.volume === 'string') {
      if (!volumes.has(m.volume) && !(m.volume === WORK_ITEMS_VOLUME && pod.workItems)) {
        report(
          [list, ci, 'volumeMounts', mi, 'volume'],
          `no volume named "${m.volume}" in the pod; add it to volumes`
        );
      }
    } else if (m?.volume instanceof Volume && !volumes.isDeclared(m.volume)) {
      volumes.add(m.volume, [list, ci, 'volumeMounts', mi, 'volume']);
    }
    if (pod.workItems && m?.mountPath === WORK_ITEMS_DIR) {
      report(
        [list, ci, 'volumeMounts', mi, 'mountPath'],
        `${WORK_ITEMS_DIR} is where the indexed pattern mounts its work items`
      );
    }
  }
}

/** Env variables the indexed pattern sets itself (container `list[ci]`). */
function checkReservedEnv(pod: PodView, c: ContainerProps, list: ContainerList, ci: number, report: Report) {
  if (!pod.indexed || !c?.env || typeof c.env !== 'object') return;
  for (const reserved of [COMPLETION_INDEX_ENV, ...(pod.pattern?.workItems ? [WORK_ITEM_FILE_ENV] : [])]) {
    if (reserved in c.env)
      report([list, ci, 'env', reserved], 'is set by the indexed pattern; do not set it yourself');
  }
}

const isMap = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object';

/** The pod-wide and cross-field rules of `JobTemplateProps`, in the order their problems are reported. */
const JOB_TEMPLATE_RULES: readonly CrossFieldRule<PodView>[] = [
  {
    name: 'container-names-unique',
    check({ names }, report) {
      const seen = new Set<string>();
      for (const { name, list, index } of names) {
        if (seen.has(name))
          report([list, index, 'name'], `container name "${name}" is used twice in the pod`);
        seen.add(name);
      }
    },
  },
  {
    // One pass in container order: a mount that brings its own volume declares it for the mounts after it.
    name: 'volumes-valid-and-mounted-by-name',
    check(pod, report) {
      const volumes = new PodVolumes(pod, report);
      asArray<unknown>(pod.props.volumes).forEach((v, i) => {
        if (v instanceof Volume) volumes.add(v, ['volumes', i]);
      });
      eachContainer(pod.props, (c, list, ci) => {
        checkMounts(pod, volumes, c, list, ci, report);
        checkReservedEnv(pod, c, list, ci, report);
      });
    },
  },
  {
    // Kubernetes' name rule of the target version (relaxed from 1.32), one function with the checker's.
    name: 'env-names-at-the-target-version',
    check({ props }, report) {
      const version = targetVersionOf(props);
      eachContainer(props, (c, list, ci) => {
        if (!isMap(c)) return;
        if (isPlainMap(c.env)) {
          const names = Object.keys(c.env);
          for (let n = 0; n < names.length; n++) {
            const name = names[n];
            const problem = envVarNameProblemAt(name, version);
            if (problem) report([list, ci, 'env', name], `variable name: ${problem}`, { key: name });
          }
        }
        asArray<{ prefix?: unknown }>(c.envFrom).forEach((source, j) => {
          const prefix = isMap(source) ? source.prefix : undefined;
          const problem = typeof prefix === 'string' ? envVarNameProblemAt(prefix, version) : undefined;
          if (problem) report([list, ci, 'envFrom', j, 'prefix'], problem);
        });
      });
    },
  },
  {
    name: 'init-containers-run-to-completion',
    check({ props }, report) {
      asArray<ContainerProps>(props.initContainers).forEach((c, i) => {
        for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const) {
          if (isMap(c) && c[field] !== undefined) {
            report(
              ['initContainers', i, field],
              'is not allowed on init containers, which run to completion'
            );
          }
        }
      });
    },
  },
  {
    // Number/protocol unique among the containers that run together (work containers and sidecars, which
    // share the pod's network); names unique in the pod.
    name: 'ports-unique',
    check({ props }, report) {
      const portsSeen = new Map<string, string>();
      const portNames = new Set<string>();
      eachContainer(props, (c, list, ci) => {
        asArray<{ number?: unknown; name?: unknown; protocol?: unknown }>(c?.ports).forEach((p, pi) => {
          if (list !== 'initContainers' && typeof p?.number === 'number') {
            const key = `${p.number}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`;
            const owner = portsSeen.get(key);
            if (owner !== undefined)
              report([list, ci, 'ports', pi, 'number'], `${key} is already used by ${owner} of the pod`);
            else portsSeen.set(key, `${list}[${ci}]`);
          }
          if (typeof p?.name === 'string') {
            if (portNames.has(p.name))
              report([list, ci, 'ports', pi, 'name'], `port name "${p.name}" is used twice in the pod`);
            portNames.add(p.name);
          }
        });
      });
    },
  },
  {
    name: 'platform-can-render',
    check({ props }, report) {
      const platform = platformOf(props);
      for (const p of platform._problems(props)) report(p.path, p.message, p.params);
    },
  },
  {
    name: 'logs-annotation-reserved',
    check({ props }, report) {
      if (isMap(props.podAnnotations) && LOGS_ANNOTATION in props.podAnnotations) {
        report(
          ['podAnnotations', LOGS_ANNOTATION],
          "is written from the containers' logs props; set those instead"
        );
      }
    },
  },
  {
    // The API server's checks; the pod renders seccompProfile RuntimeDefault, containers none.
    name: 'pod-annotations-api-server-rules',
    check({ props, names }, report) {
      if (!isMap(props.podAnnotations)) return;
      const context = { containerNames: names.map((n) => n.name), podSeccompProfile: RENDERED_POD_SECCOMP };
      for (const p of podAnnotationsProblems(props.podAnnotations, context)) {
        // A container may still be added (addContainer): that one is checked at synth (job-base.ts).
        if (p.message === CONTAINER_NOT_FOUND) continue;
        const rendered = p.field
          ? ' (the pod renders securityContext.seccompProfile.type RuntimeDefault)'
          : '';
        report(['podAnnotations', p.key], `${p.message}${rendered}`);
      }
    },
  },
  {
    name: 'pod-labels-of-the-job-controller',
    check({ props }, report) {
      if (!isMap(props.podLabels)) return;
      for (const key of RESERVED_POD_LABELS) {
        if (key in props.podLabels)
          report(['podLabels', key], 'is set by the Job controller and may not be given');
      }
    },
  },
  {
    name: 'pod-failure-policy-needs-restart-policy-never',
    check({ props }, report) {
      if (asArray(props.podFailurePolicy).length > 0 && props.restartPolicy === RestartPolicy.ON_FAILURE) {
        report(['podFailurePolicy'], 'needs restartPolicy Never (Kubernetes rejects it with OnFailure)');
      }
    },
  },
  {
    name: 'pod-replacement-policy-failed-with-pod-failure-policy',
    check({ props }, report) {
      const value = props.podReplacementPolicy;
      if (!Object.values(PodReplacementPolicy).includes(value as PodReplacementPolicy)) return;
      const problem = podReplacementPolicyProblem(value, asArray(props.podFailurePolicy).length > 0);
      if (problem) report(['podReplacementPolicy'], problem);
    },
  },
  {
    // Both checks of a rule, rule by rule.
    name: 'pod-failure-rules-fit-the-pod',
    check(pod, report) {
      const nameSet = new Set(pod.names.map((n) => n.name));
      asArray<unknown>(pod.props.podFailurePolicy).forEach((rule, i) => {
        if (!(rule instanceof PodFailureRule)) return;
        if (
          rule.action === PodFailureAction.FAIL_INDEX &&
          !(pod.indexed && pod.pattern?.backoffLimitPerIndex !== undefined)
        ) {
          report(
            ['podFailurePolicy', i, 'action'],
            'FailIndex needs JobPattern.indexed with backoffLimitPerIndex'
          );
        }
        const containerName = rule.onExitCodes?.containerName;
        if (containerName !== undefined && !nameSet.has(containerName)) {
          report(
            ['podFailurePolicy', i, 'onExitCodes', 'containerName'],
            `must name a container or init container of the pod (${[...nameSet].join(', ') || 'none yet'})`
          );
        }
      });
    },
  },
  {
    // A container's securityContext can replace the pod's runAsUser but not unset it, so the image's own
    // user (RunAs.imageUser(): runAsNonRoot without a UID) cannot take effect under a pod UID.
    name: 'container-image-user-needs-no-pod-uid',
    check({ props }, report) {
      const pod = props.runAs instanceof RunAs ? props.runAs : RunAs.DEFAULT;
      if (pod.uid === undefined) return;
      eachContainer(props, (c, list, i) => {
        if (!(c?.runAs instanceof RunAs) || c.runAs.kind !== 'imageUser') return;
        report(
          [list, i, 'runAs'],
          `RunAs.imageUser() cannot take effect: the pod's runAs (${runAsText(pod)}) sets runAsUser ${pod.uid}, ` +
            "which a container's securityContext can replace but not unset; give this container " +
            "RunAs.nonRootUser(<uid>), or make the pod's runAs RunAs.imageUser() and give the other containers their UIDs"
        );
      });
    },
  },
  versionedFieldsRule,
];

/** Pod-wide and cross-field rules of `JobTemplateProps`. Safe on invalid input: each rule checks its types. */
export function refineJobTemplate(props: JobTemplateProps, ctx: z.RefinementCtx): void {
  if (!props || typeof props !== 'object') return;
  const pattern = props.pattern instanceof JobPattern ? props.pattern : undefined;
  const pod: PodView = {
    props,
    pattern,
    indexed: pattern?.kind === JobPatternKind.INDEXED,
    workItems: pattern?.workItems !== undefined,
    names: containerNames(props),
  };
  runRules(JOB_TEMPLATE_RULES, pod, reporter(ctx));
}

/** Reports the issues of a nested parse, under `prefix`. */
function liftIssues(report: Report, result: CheckResult, prefix: PropertyKey[]): void {
  if (result.success) return;
  for (const i of result.error.issues) {
    report([...prefix, ...i.path], i.message, (i as { params?: Record<string, unknown> }).params);
  }
}
