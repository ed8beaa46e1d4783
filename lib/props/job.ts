import { z } from 'zod';
import { JobPattern, JobPatternKind } from '../values/job-pattern';
import type { JobTemplateProps } from './job-template-props';
import { jobTemplateShape, refineJobTemplate } from './job-template';
import { metadataShape, refineMetadata, ResourceMetadataProps } from './metadata';
import { asInt } from '../rules/utils';
import { JOB_PROP_HINTS, withCrossFieldRules } from '../validation/cross-field';
import { argoCdOptionsSchema, ArgoCdOptions } from '../delivery/argo-cd';
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
  if (renames) return;
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
      if (naming.generatedSuffix === 0) refineJobServices(props as P & JobServiceProps, ctx);
      extraRefine?.(props as P, ctx);
    },
    JOB_PROP_HINTS
  );
}
