import { Chart, Lazy, Names } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import type { ContainerProps } from './container';
import { JobPattern, JobPatternKind } from './job-pattern';
import type { JobTemplateProps } from './job-template';
import { PodFailureAction } from './pod-failure-policy';
import type { Volume } from './volume';
import { JobDefaults } from './job-defaults';
import { jobTemplateShape, refineJobTemplate } from './private/job-template-schema';
import { NormalizedJobTemplate, normalizeJobTemplate, renderJobSpec } from './private/job-template-render';
import { metadataShape, refineMetadata, renderAnnotations, ResourceMetadataProps } from './private/metadata';
import { addWarning } from './private/warnings';
import { validateOrThrow } from './validation/parse';
import { asInt } from './private/utils';

/** Props of `BatchJob`: identity plus everything about the Job and its pods. */
export interface BatchJobProps extends ResourceMetadataProps, JobTemplateProps {}

const JOB_NAME_MAX = 63;

/** Indexed pods are named `<job>-<index>`, which must stay a DNS label (API server rule). */
function refineIndexedName(props: BatchJobProps, ctx: z.RefinementCtx) {
  const completions = props?.pattern instanceof JobPattern ? asInt(props.pattern.completions) : undefined;
  if (typeof props?.name !== 'string' || props.pattern?.kind !== JobPatternKind.INDEXED || !completions)
    return;
  const hostname = `${props.name}-${completions - 1}`;
  if (hostname.length > JOB_NAME_MAX) {
    ctx.addIssue({
      code: 'custom',
      path: ['name'],
      message: `must be at most ${JOB_NAME_MAX - 1 - String(completions - 1).length} characters with ${completions} indexes: pod hostnames "<name>-<index>" must be DNS labels (≤ ${JOB_NAME_MAX}), e.g. "${hostname}"`,
    });
  }
}

const always = { when: () => true };
const batchJobSchema = z
  .strictObject({ ...metadataShape(JOB_NAME_MAX), ...jobTemplateShape })
  .superRefine((props, ctx) => {
    refineMetadata(props as BatchJobProps, ctx);
    refineJobTemplate(props as BatchJobProps, ctx);
    refineIndexedName(props as BatchJobProps, ctx);
  }, always);

/**
 * A Kubernetes `batch/v1` Job, validated before it is written.
 *
 * Every Job setting and pattern is a typed prop; bad props throw one `ValidationError` listing every
 * problem. The default pod passes the Pod Security Standards "restricted" profile.
 *
 * @example
 * new BatchJob(chart, 'pi', {
 *   pattern: JobPattern.fixedCompletions({ completions: 2, parallelism: 2 }),
 *   containers: [{ image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }],
 * });
 */
export class BatchJob extends Construct {
  /** The Job name. */
  public readonly name: string;
  /** The Job namespace. */
  public readonly namespace: string;
  /** The Job pattern. */
  public readonly pattern: JobPattern;
  /** The generated `batch/v1` Job (also `ApiObject.of(this)`). */
  public readonly apiObject: k8s.KubeJob;
  /** The ConfigMap holding the indexed pattern's work items, when there are any. */
  public readonly workItemsConfigMap?: k8s.KubeConfigMap;

  private props: BatchJobProps;
  private template: NormalizedJobTemplate;

  constructor(scope: Construct, id: string, given: BatchJobProps = {}) {
    super(scope, id);
    const props = withDefaults(this, given);
    this.props = validateInTree(this, () =>
      validateOrThrow(batchJobSchema, props, 'BatchJob', this.node.path)
    );
    this.template = normalizeJobTemplate(props);
    this.pattern = this.template.pattern;
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: maxDerivedNameLength(this.pattern) });
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';

    const workItems = this.pattern.workItems;
    if (workItems) {
      this.workItemsConfigMap = new k8s.KubeConfigMap(this, 'WorkItems', {
        metadata: { name: `${this.name}-work-items`, namespace: this.namespace, labels: props.labels },
        data: Object.fromEntries(workItems.map((item, i) => [String(i), item])),
      });
    }

    this.apiObject = new k8s.KubeJob(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: props.labels,
        annotations: renderAnnotations(props),
      },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });

    this.node.addValidation({
      validate: () =>
        this.template.containers.length === 0
          ? ['containers: a Job needs at least one container; pass containers or call addContainer()']
          : [],
    });
    this.warnAboutVersions();
  }

  /** Adds a work container, validated like the `containers` prop. */
  public addContainer(container: ContainerProps): void {
    this.update({ ...this.props, containers: [...(this.props.containers ?? []), container] });
  }

  /** Adds an init container, validated like the `initContainers` prop. */
  public addInitContainer(container: ContainerProps): void {
    this.update({ ...this.props, initContainers: [...(this.props.initContainers ?? []), container] });
  }

  /** Adds a pod volume, validated like the `volumes` prop. */
  public addVolume(volume: Volume): void {
    this.update({ ...this.props, volumes: [...(this.props.volumes ?? []), volume] });
  }

  /** The names of the pod's containers, in order (work containers, then init containers). */
  public get containerNames(): string[] {
    return [...this.template.containers, ...this.template.initContainers].map((c) => c.name);
  }

  /**
   * Renders the Job spec. Pure: the same state always gives the same spec.
   * @internal
   */
  public _toKube(): k8s.JobSpec {
    return renderJobSpec(this.template, {
      workItemsConfigMap: this.workItemsConfigMap?.name,
    });
  }

  private update(next: BatchJobProps): void {
    this.props = validateOrThrow(batchJobSchema, next, 'BatchJob', this.node.path);
    this.template = normalizeJobTemplate(next);
  }

  private warnAboutVersions(): void {
    const p = this.pattern;
    const perIndex =
      p.backoffLimitPerIndex !== undefined ||
      this.template.podFailurePolicy.some((r) => r.action === PodFailureAction.FAIL_INDEX);
    if (perIndex) {
      addWarning(
        this,
        'backoffLimitPerIndex, maxFailedIndexes and FailIndex need Kubernetes 1.29+: a 1.28 API server ' +
          '(feature gate JobBackoffLimitPerIndex off) drops them silently'
      );
    }
  }
}

/**
 * Merges the scope's `JobDefaults` under the given props. Props that are not an object are passed on
 * as they are, so that validation reports them.
 */
function withDefaults<T extends object>(c: Construct, given: T): T {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return given;
  return { ...JobDefaults.of(c.node.scope!), ...given };
}

/** Runs a validation; when it throws, removes the half-built construct so its id can be reused. */
function validateInTree<T>(c: Construct, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    c.node.scope?.node.tryRemoveChild(c.node.id);
    throw error;
  }
}

/** Derived names leave room for the indexed pattern's `-<index>` hostname suffix. */
function maxDerivedNameLength(pattern: JobPattern): number {
  if (pattern.kind !== JobPatternKind.INDEXED || !pattern.completions) return JOB_NAME_MAX;
  return JOB_NAME_MAX - 1 - String(pattern.completions - 1).length;
}
