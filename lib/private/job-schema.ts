import { z } from 'zod';
import { JobPattern, JobPatternKind } from '../job-pattern';
import type { JobTemplateProps } from '../job-template';
import { jobTemplateShape, refineJobTemplate } from './job-template-schema';
import { metadataShape, refineMetadata, ResourceMetadataProps } from './metadata';
import { asInt } from './utils';

/** Pod hostnames are at most a DNS label. */
const HOSTNAME_MAX = 63;

/** How a kind of job construct names its objects. */
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
  const pattern = props?.pattern instanceof JobPattern ? props.pattern : undefined;
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
 * The props schema of a job construct: identity, job template, and the kind's own fields and rules.
 * Every refinement runs even when some fields are invalid, so all problems are reported together.
 */
export function jobPropsSchema<P extends ResourceMetadataProps & JobTemplateProps>(
  naming: JobNaming,
  extraShape: z.ZodRawShape = {},
  extraRefine?: (props: P, ctx: z.RefinementCtx) => void
): z.ZodType {
  return z
    .strictObject({ ...metadataShape(naming.maxNameLength), ...jobTemplateShape, ...extraShape })
    .superRefine(
      (props, ctx) => {
        refineMetadata(props as P, ctx);
        refineJobTemplate(props as P, ctx);
        refineIndexedName(props as P, naming, ctx);
        extraRefine?.(props as P, ctx);
      },
      { when: () => true }
    );
}
