import { Chart, Lazy, Names } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { z } from 'zod';
import type { ContainerProps } from './container';
import { JobDefaults } from './job-defaults';
import { JobPattern } from './job-pattern';
import type { JobTemplateProps } from './job-template';
import { PodFailureAction } from './pod-failure-policy';
import type { Volume } from './volume';
import { JobNaming, maxNameFor } from './private/job-schema';
import { WRITABLE_TMP } from './private/job-template-schema';
import {
  NormalizedJobTemplate,
  normalizeJobTemplate,
  podSecurityOf,
  POD_SECURITY_ANNOTATION,
  renderJobSpec,
} from './private/job-template-render';
import { PodSecurityLevel } from './security/pod-security';
import { renderAnnotations, ResourceMetadataProps } from './private/metadata';
import { addWarning, addWarningProvider } from './private/warnings';
import { QueueProps, queueLabels } from './private/kueue';
import { undefinedIfEmpty } from './private/utils';
import { validateOrThrow } from './validation/parse';

/** Props every job construct accepts. */
export type JobBaseProps = ResourceMetadataProps & JobTemplateProps & QueueProps;

/** What a kind of job construct tells the shared base. @internal */
export interface JobKind extends JobNaming {
  /** The construct type named in errors, e.g. `BatchJob`. */
  readonly typeName: string;
  /** The full props schema (see `jobPropsSchema`). */
  readonly schema: z.ZodType;
}

/**
 * What `BatchJob`, `GpuJob` and `CronBatch` share: validation, defaults, naming, containers and
 * volumes added later, and the one job-spec renderer. Each construct adds its own L1 object.
 */
export abstract class JobBase extends Construct {
  /** The object name. */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The Job pattern. */
  public readonly pattern: JobPattern;
  /** The ConfigMap holding the indexed pattern's work items, when there are any. */
  public readonly workItemsConfigMap?: k8s.KubeConfigMap;

  private props: JobBaseProps;
  private template: NormalizedJobTemplate;

  protected constructor(
    scope: Construct,
    id: string,
    given: JobBaseProps,
    private readonly kind: JobKind
  ) {
    super(scope, id);
    const props = withDefaults(this, given);
    this.props = this.validate(props, true);
    this.template = this.normalize(props);
    this.pattern = this.template.pattern;
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: maxNameFor(kind, this.pattern) });
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';

    const workItems = this.pattern.workItems;
    if (workItems) {
      this.workItemsConfigMap = new k8s.KubeConfigMap(this, 'WorkItems', {
        metadata: { name: `${this.name}-work-items`, namespace: this.namespace, labels: props.labels },
        data: Object.fromEntries(workItems.map((item, i) => [String(i), item])),
      });
    }

    this.node.addValidation({
      validate: () =>
        this.template.containers.length === 0
          ? ['containers: a Job needs at least one container; pass containers or call addContainer()']
          : [],
    });
    this.warnAboutVersions();
    addWarningProvider(this, () =>
      unmountedVolumes(this.template).map((v) => `volume "${v}" is not mounted by any container`)
    );
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
   * The strictest Pod Security Standards level the pods meet, as rendered now (also the
   * `cdk8s-batch.io/pod-security` annotation).
   */
  public get podSecurityLevel(): PodSecurityLevel {
    return podSecurityOf(this.renderJobSpec().template);
  }

  /**
   * The object metadata: name, namespace, labels, and annotations with the identity props and the
   * pods' security level (resolved at synth, so containers added later count).
   */
  protected renderMetadata(): k8s.ObjectMeta {
    return {
      name: this.name,
      namespace: this.namespace,
      labels: undefinedIfEmpty({ ...this.props.labels, ...queueLabels(this.props) }),
      annotations: {
        ...renderAnnotations(this.props),
        [POD_SECURITY_ANNOTATION]: Lazy.any({ produce: () => this.podSecurityLevel }),
      },
    };
  }

  /** The Job spec (for a CronJob, its `jobTemplate.spec`). Pure. */
  protected renderJobSpec(): k8s.JobSpec {
    return renderJobSpec(this.podOverlay(this.template), {
      workItemsConfigMap: this.workItemsConfigMap?.name,
    });
  }

  /**
   * What a subclass adds to the normalized pod before rendering (GPU resources, for `GpuJob`).
   * Must be pure.
   */
  protected podOverlay(template: NormalizedJobTemplate): NormalizedJobTemplate {
    return template;
  }

  private update(next: JobBaseProps): void {
    this.props = this.validate(next, false);
    this.template = this.normalize(next);
  }

  /** Defaults, once; a Kueue queue makes the Job start suspended. */
  private normalize(props: JobBaseProps): NormalizedJobTemplate {
    const queued = props && typeof props === 'object' && props.queue !== undefined;
    return normalizeJobTemplate(queued ? { ...props, suspend: props.suspend ?? true } : props);
  }

  /** Validates props; in the constructor, a failure also removes the half-built construct. */
  private validate<T>(props: T, constructing: boolean): T {
    try {
      return validateOrThrow(this.kind.schema, props, this.kind.typeName, this.node.path);
    } catch (error) {
      if (constructing) this.node.scope?.node.tryRemoveChild(this.node.id);
      throw error;
    }
  }

  private warnAboutVersions(): void {
    const perIndex =
      this.pattern.backoffLimitPerIndex !== undefined ||
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

/** Names of declared volumes that no container mounts. */
function unmountedVolumes(t: NormalizedJobTemplate): string[] {
  const mounted = new Set(
    [...t.containers, ...t.initContainers].flatMap((c) =>
      (c.volumeMounts ?? []).map((m) => (typeof m.volume === 'string' ? m.volume : m.volume.name))
    )
  );
  return t.volumes.map((v) => v.name).filter((name) => !mounted.has(name) && name !== WRITABLE_TMP);
}

/**
 * Merges the scope's `JobDefaults` under the given props. Props that are not an object are passed on
 * as they are, so that validation reports them.
 */
function withDefaults<T extends object>(c: Construct, given: T): T {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return given;
  return { ...JobDefaults.of(c.node.scope!), ...given };
}
