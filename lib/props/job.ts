import * as z from 'zod';
import { JobPattern, JobPatternKind } from '../values/job-pattern';
import type { JobTemplateProps } from './job-template-props';
import { jobTemplateShape, refineJobTemplate } from './job-template';
import { metadataShape, refineMetadata, ResourceMetadataProps } from './metadata';
import { asArray, asInt } from '../rules/utils';
import { JOB_PROP_HINTS, withCrossFieldRules } from '../validation/cross-field';
import { ArgoCdHook, argoCdOptionsSchema, ArgoCdOptions } from '../delivery/argo-cd';
import { ReapplyPolicy } from '../delivery/reapply';
import { instanceOf } from '../validation/schemas';
import { Distributed } from '../values/distributed';
import { distributedPattern, jobServiceShape, JobServiceProps, refineJobServices } from './job-service';

/** Pod hostnames are at most a DNS label. */
const HOSTNAME_MAX = 63;

/** How a kind of job construct names its objects. @internal */
export interface JobNaming {
  /** The longest object name the kind allows (63 for a Job, 52 for a CronJob). */
  readonly maxNameLength: number;
  /**
   * Characters the controller appends to the name to name each Job (`-<minutes since epoch>`, 11 for
   * a CronJob); 0 when the object is the Job.
   */
  readonly generatedSuffix: number;
}

/** The longest name that leaves room for the indexed pattern's `-<index>` hostname suffix. */
export function maxNameFor(naming: JobNaming, pattern: JobPattern | undefined): number {
  const completions = pattern?.kind === JobPatternKind.INDEXED ? asInt(pattern.completions) : undefined;
  if (!completions) return naming.maxNameLength;
  return Math.min(
    naming.maxNameLength,
    HOSTNAME_MAX - naming.generatedSuffix - 1 - String(completions - 1).length
  );
}

/**
 * Indexed pods are named `<job name>-<index>`, which must stay a DNS label (API server rule). The
 * API server checks it for Jobs; for a CronJob's Jobs it is only found when the controller creates
 * them, so it is checked here for both.
 */
function refineIndexedName(
  props: ResourceMetadataProps & JobTemplateProps,
  naming: JobNaming,
  ctx: z.RefinementCtx
) {
  const distributed = (props as JobServiceProps | undefined)?.distributed;
  const pattern =
    props?.pattern instanceof JobPattern
      ? props.pattern
      : distributed instanceof Distributed && asInt(distributed.nodes) !== undefined && distributed.nodes >= 1
        ? distributedPattern(distributed, props)
        : undefined;
  // Under rename-on-change (the Jobs' default) a long name is cut to fit instead.
  const reapply = (props as { reapply?: unknown } | undefined)?.reapply;
  const renames =
    naming.generatedSuffix === 0 &&
    (reapply === undefined || (reapply instanceof ReapplyPolicy && reapply.kind === 'renameOnChange'));
  const generated = reapply instanceof ReapplyPolicy && reapply.kind === 'generateName';
  if (renames || generated) return; // generateName: refineGenerateName has the stricter limit
  const max = maxNameFor(naming, pattern);
  if (typeof props?.name !== 'string' || max >= naming.maxNameLength || props.name.length <= max) return;
  const suffix = naming.generatedSuffix > 0 ? `-<${naming.generatedSuffix - 1} digits>` : '';
  ctx.addIssue({
    code: 'custom',
    path: ['name'],
    message:
      `must be at most ${max} characters with ${pattern!.completions} indexes: pod hostnames ` +
      `"<name>${suffix}-<index>" must be DNS labels (≤ ${HOSTNAME_MAX} characters)`,
  });
}

/**
 * The API server names an object with `generateName` `generateName[:58]` plus 5 random characters
 * (`maxGeneratedNameLength = 63 - 5`, k8s.io/apiserver pkg/storage/names/generate.go).
 */
const API_SERVER_RANDOM = 5;
const API_SERVER_PREFIX_MAX = 58;
/**
 * Argo CD names a hook that has `generateName` itself: `<generateName><revision[0:7]>-<phase>-<unix time>`
 * (argoproj/gitops-engine pkg/sync/sync_context.go), i.e. 7 + 1 + phase + 1 + 10 characters.
 */
const ARGO_CD_HOOK_POSTFIX = 19;

/** Who names a Job rendered with `ReapplyPolicy.generateName()`, and the characters added to `<name>-`. @internal */
export function generatedNameRoom(argoCd: ArgoCdOptions | undefined): { by: string; added: number } {
  const hooks = asArray<ArgoCdHook>(argoCd?.hooks).filter(
    (h) => typeof h === 'string' && h !== ArgoCdHook.SKIP
  );
  if (hooks.length === 0) return { by: 'the API server', added: API_SERVER_RANDOM };
  const phase = Math.max(...hooks.map((h) => h.length));
  return { by: 'Argo CD', added: ARGO_CD_HOOK_POSTFIX + phase };
}

/** The longest base name `ReapplyPolicy.generateName()` takes: `<name>-` plus what is added must fit `max`. @internal */
export function maxGeneratedBaseName(max: number, argoCd: ArgoCdOptions | undefined): number {
  const room = generatedNameRoom(argoCd);
  // The API server cuts the prefix at 58; a longer one would lose its trailing '-' (and the room counted here).
  return Math.min(max - room.added, API_SERVER_PREFIX_MAX) - 1;
}

/**
 * `ReapplyPolicy.generateName()`: the name is left to the API server (kubectl create) or Argo CD (hooks only),
 * so nothing may need it, and `<name>-` plus what they add must still be a valid Job name.
 */
function refineGenerateName(
  props: ResourceMetadataProps & JobTemplateProps & { reapply?: unknown; argoCd?: ArgoCdOptions },
  naming: JobNaming,
  ctx: z.RefinementCtx
) {
  if (!(props?.reapply instanceof ReapplyPolicy) || props.reapply.kind !== 'generateName') return;
  const pattern = props.pattern instanceof JobPattern ? props.pattern : undefined;
  const argoCd = props.argoCd && typeof props.argoCd === 'object' ? props.argoCd : undefined;
  if (argoCd && asArray(argoCd.hooks).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['argoCd'],
      message:
        'Argo CD syncs a resource without a name only as a hook (generateName is supported for hooks only, ' +
        'argoproj/argo-cd#1639): add argoCd.hooks, or use ReapplyPolicy.argoCdHook() for a named hook',
    });
  }
  if (pattern?.workItems !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['reapply'],
      message:
        'ReapplyPolicy.generateName() cannot be combined with work items: they are a ConfigMap created beside the Job (<name>-work-items), which a second create finds already there; use ReapplyPolicy.renameOnChange()',
    });
  }
  for (const key of ['service', 'distributed'] as const) {
    if ((props as Record<string, unknown>)[key] === undefined) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['reapply'],
      message:
        `ReapplyPolicy.generateName() cannot be combined with ${key}: the Service selects the pods by the ` +
        "Job's name, which the API server only picks at create; use ReapplyPolicy.renameOnChange()",
    });
  }
  const max = maxGeneratedBaseName(maxNameFor(naming, pattern), argoCd);
  if (typeof props.name === 'string' && props.name.length > max) {
    const room = generatedNameRoom(argoCd);
    const indexed =
      pattern?.kind === JobPatternKind.INDEXED ? ` and the pods' "-<index>" hostname suffix` : '';
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message:
        `must be at most ${max} characters with ReapplyPolicy.generateName(): ${room.by} adds ` +
        `${room.added} characters to "<name>-"${indexed}, and the Job name must stay within ${naming.maxNameLength}`,
    });
  }
}

/** An Argo CD hook set twice: by the re-apply policy and by `argoCd.hooks`. */
function refineDelivery(props: { reapply?: unknown; argoCd?: ArgoCdOptions }, ctx: z.RefinementCtx) {
  if (props?.reapply instanceof ReapplyPolicy && props.reapply.kind === 'argoCdHook' && props.argoCd?.hooks) {
    ctx.addIssue({
      code: 'custom',
      path: ['argoCd', 'hooks'],
      message: 'conflicts with reapply: ReapplyPolicy.argoCdHook(...) sets the hook; set it in one place',
    });
  }
}

/**
 * The props schema of a job construct: identity, job template, and the kind's own fields and rules.
 * Every refinement runs even when some fields are invalid, so all problems are reported together.
 */
export function jobPropsSchema<P extends ResourceMetadataProps & JobTemplateProps>(
  naming: JobNaming,
  extraShape: z.ZodRawShape = {},
  extraRefine?: (props: P, ctx: z.RefinementCtx) => void
): z.ZodType {
  // Jobs have a re-apply policy; CronJobs are mutable and have none.
  const jobOnly =
    naming.generatedSuffix === 0
      ? {
          reapply: instanceOf(
            ReapplyPolicy,
            'must be a ReapplyPolicy (e.g. ReapplyPolicy.renameOnChange())'
          ).optional(),
          ...jobServiceShape,
        }
      : {};
  return withCrossFieldRules<P>(
    z.strictObject({
      ...metadataShape(naming.maxNameLength),
      ...jobTemplateShape,
      argoCd: argoCdOptionsSchema.optional(),
      ...jobOnly,
      ...extraShape,
    }),
    (props, ctx) => {
      refineMetadata(props as P, ctx);
      refineJobTemplate(props as P, ctx);
      refineIndexedName(props as P, naming, ctx);
      refineDelivery(props as P & { reapply?: unknown; argoCd?: ArgoCdOptions }, ctx);
      refineGenerateName(props as P & { reapply?: unknown; argoCd?: ArgoCdOptions }, naming, ctx);
      if (naming.generatedSuffix === 0) refineJobServices(props as P & JobServiceProps, ctx);
      extraRefine?.(props as P, ctx);
    },
    JOB_PROP_HINTS
  );
}
