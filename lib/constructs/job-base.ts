import { ApiObject, Chart, Lazy } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { z } from 'zod';
import type { ContainerProps } from '../values/container';
import { JobDefaults } from './job-defaults';
import { JobPattern } from '../values/job-pattern';
import type { JobTemplateProps } from '../props/job-template-props';
import type { Volume } from '../values/volume';
import { derivedName } from '../render/derived-name';
import { kubeBindings } from '../render/kube';
import { JobNaming, maxGeneratedBaseName, maxNameFor } from '../props/job';
import { WRITABLE_TMP } from '../props/rendered-names';
import {
  NormalizedJobTemplate,
  normalizeJobTemplate,
  jobSpecJson,
  podSecurityOf,
  POD_SECURITY_ANNOTATION,
  renderJobSpec,
} from '../render/job-template';
import { PodSecurityLevel } from '../rules/pod-security';
import { renderAnnotations, ResourceMetadataProps } from '../props/metadata';
import { addWarningProvider } from '../validation/warnings';
import { logtailConfigsOf } from '../platforms/logtail';
import { registerLogtailConfigs } from './logtail-names';
import { QueueProps, queueLabels } from '../props/kueue';
import { validateOrThrow } from '../validation/parse';
import { isPlainMap } from '../rules/plain-values';
import { appArmorContainers, CONTAINER_NOT_FOUND } from '../rules/pod-annotations';
import { Platform, platformOf } from '../platforms/platform';
import { applyPlatform } from '../render/platform-overlay';
import { argoCdAnnotations, ArgoCdOptions } from '../delivery/argo-cd';
import { ReapplyPolicy } from '../delivery/reapply';
import { contentHash, hashedName, NAME_HASH_LENGTH } from '../render/content-hash';
import {
  expandDistributed,
  JobServiceProps,
  procsPerNodeOf,
  rendezvousEnv,
  serviceNameProblems,
  serviceSpecs,
  subdomainOf,
} from '../props/job-service';
import { renderServiceSpec } from '../render/service';
import { ValidationError } from '../validation/errors';
import { SITE_FREE } from '../rules/utils';

/** Delivery props of every job construct. */
export interface DeliveryProps {
  /**
   * Argo CD hooks, hook delete policies, sync wave and resource sync options.
   * @default - none
   */
  readonly argoCd?: ArgoCdOptions;
}

/** Delivery props of the constructs that render a Job (CronJobs are mutable and need no policy). */
export interface JobDeliveryProps extends DeliveryProps {
  /**
   * What happens when a changed Job is applied again (a Job's pod template is immutable).
   * @default ReapplyPolicy.renameOnChange()
   */
  readonly reapply?: ReapplyPolicy;
}

/** Props every job construct accepts (`service` and `distributed`: the Job constructs only). */
export type JobBaseProps = ResourceMetadataProps &
  JobTemplateProps &
  QueueProps &
  JobDeliveryProps &
  JobServiceProps;

/** Labels on every object the job constructs render, e.g. for `kubectl apply --prune -l`. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'cdk8s-batch';
/** The label holding a job construct's base name (its Jobs' names carry a content hash). */
export const JOB_LABEL = 'cdk8s-batch.io/job';

/** What a kind of job construct tells the shared base. @internal */
export interface JobKind extends JobNaming {
  /** The construct type named in errors, e.g. `BatchJob`. */
  readonly typeName: string;
  /** The full props schema (see `jobPropsSchema`). */
  readonly schema: z.ZodType;
}

/**
 * What `BatchJob`, `GpuJob` and `CronBatch` share: validation, defaults, naming, containers and
 * volumes added later, and the one job-spec renderer. Each construct adds its own L1 object. Use it as
 * the type of any of the three; only they extend it.
 */
export abstract class JobBase extends Construct {
  /**
   * The base name. The object's name is this name, or under `ReapplyPolicy.renameOnChange()` this
   * name plus a content hash (see `objectName`).
   */
  public readonly name: string;
  /** The namespace. */
  public readonly namespace: string;
  /** The Job pattern. */
  public readonly pattern: JobPattern;
  /** The ConfigMap holding the indexed pattern's work items, when there are any. */
  public readonly workItemsConfigMap?: ApiObject;

  /** The Services rendered next to the Job (`distributed`'s headless one first, then `service`). */
  public readonly services: ApiObject[] = [];

  /** The re-apply policy (`fixedName` for CronJobs, which are mutable). */
  public readonly reapply: ReapplyPolicy;

  private props: JobBaseProps;
  private template: NormalizedJobTemplate;
  private cachedSpec?: k8s.JobSpec;
  /** The pods' security level of `cachedSpec`, once checked: cleared with it. */
  private cachedLevel?: PodSecurityLevel;
  /** Tells the app-wide Logtail check that this job's configs changed (`Platform.ack()` only). */
  private logtailChanged?: () => void;

  /** Only `BatchJob`, `GpuJob` and `CronBatch` extend this class. @internal */
  protected constructor(
    scope: Construct,
    id: string,
    given: JobBaseProps,
    private readonly kind: JobKind
  ) {
    super(scope, id);
    // The validated copy: later changes to the caller's objects reach no manifest (validateOrThrow).
    const props = (this.props = this.validateProps(withDefaults(this, given), true));
    this.template = this.normalize(props);
    this.pattern = this.template.pattern;
    this.reapply =
      kind.generatedSuffix > 0
        ? ReapplyPolicy.fixedName()
        : (props.reapply ?? ReapplyPolicy.renameOnChange());
    const max = maxNameFor(kind, this.pattern);
    this.name =
      props.name ??
      derivedName(
        this,
        this.reapply.kind === 'generateName'
          ? maxGeneratedBaseName(max, props.argoCd)
          : max - (this.reapply.kind === 'renameOnChange' ? NAME_HASH_LENGTH + 1 : 0)
      );
    this.namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';

    const workItems = this.pattern.workItems;
    if (workItems) {
      // cdk8s-plus-28's L1 class, loaded only for work items (lib/render/kube.ts).
      this.workItemsConfigMap = new (kubeBindings().KubeConfigMap)(this, 'WorkItems', {
        metadata: { name: `${this.name}-work-items`, namespace: this.namespace, labels: this.renderLabels() },
        data: Object.fromEntries(workItems.map((item, i) => [String(i), item])),
      });
    }

    this.addServices();

    // Containers are only ever added, so a construct built with containers cannot lose them: the
    // synth-time check is registered only when there are none yet (cdk8s' app.synth() runs every
    // construct's validations once more per chart; synthToDirectory and toYaml once).
    if (this.template.containers.length === 0) {
      this.node.addValidation({
        validate: () =>
          this.template.containers.length === 0
            ? ['containers: a Job needs at least one container; pass containers or call addContainer()']
            : [],
      });
    }
    // AppArmor annotations must name a container of the pod; one added later (addContainer) counts.
    const named = appArmorContainers(this.props.podAnnotations ?? {});
    if (named.some(({ container }) => !this.containerNames.includes(container))) {
      this.node.addValidation({
        validate: () =>
          named
            .filter(({ container }) => !this.containerNames.includes(container))
            .map(
              ({ key }) =>
                `podAnnotations.${key}: ${CONTAINER_NOT_FOUND} (the pod's containers: ${this.containerNames.join(', ') || 'none'})`
            ),
      });
    }
    addWarningProvider(this, () =>
      unmountedVolumes(this.template).map((v) => `volume "${v}" is not mounted by any container`)
    );
    // ACK Logtail config names are unique in the cluster: checked across the app (logtail-names.ts).
    if (this.platform.kind === 'ack') {
      this.logtailChanged = registerLogtailConfigs(this, () => {
        const pod = applyPlatform(this.podOverlay(this.template), this.platform, this.name);
        return logtailConfigsOf([...pod.initContainers, ...pod.containers]);
      });
    }
  }

  /** The Services of `service` and `distributed`: names checked once the job's name is known. */
  private addServices(): void {
    const specs = serviceSpecs(this.props, this.name);
    if (specs.length === 0) return;
    const problems = serviceNameProblems(specs);
    if (problems.length > 0) {
      this.node.scope?.node.tryRemoveChild(this.node.id);
      throw new ValidationError(this.kind.typeName, this.node.path, problems);
    }
    for (const spec of specs) {
      this.services.push(
        new ApiObject(this, spec.prop === 'distributed' ? 'Nodes' : 'Service', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: spec.name, namespace: this.namespace, labels: this.renderLabels() },
          // The selector names the Job as rendered: under renameOnChange, its hashed name.
          spec: Lazy.any({ produce: () => renderServiceSpec(spec, this.objectName) }),
        })
      );
    }
  }

  /** Adds a work container, validated like the `containers` prop. */
  public addContainer(container: ContainerProps): void {
    this.update({ ...this.props, containers: [...(this.props.containers ?? []), container] });
  }

  /** Adds an init container, validated like the `initContainers` prop. */
  public addInitContainer(container: ContainerProps): void {
    this.update({ ...this.props, initContainers: [...(this.props.initContainers ?? []), container] });
  }

  /**
   * Adds a sidecar container (an init container with `restartPolicy: Always`, started before the
   * ordinary init containers), validated like the `sidecars` prop. Needs `kubernetesVersion` 1.29+.
   */
  public addSidecar(container: ContainerProps): void {
    this.update({ ...this.props, sidecars: [...(this.props.sidecars ?? []), container] });
  }

  /** Adds a pod volume, validated like the `volumes` prop. */
  public addVolume(volume: Volume): void {
    this.update({ ...this.props, volumes: [...(this.props.volumes ?? []), volume] });
  }

  /**
   * The props as validated: the caller's props (and the scope's `JobDefaults`) with every list and
   * plain object copied at construction, so a subclass reads what was validated.
   * @internal
   */
  protected validatedProps<P extends JobBaseProps>(): P {
    return this.props as P;
  }

  /** The names of the pod's containers, in order (work containers, then sidecars and init containers). */
  public get containerNames(): string[] {
    return [...this.template.containers, ...this.template.initContainers].map((c) => c.name);
  }

  /**
   * The strictest Pod Security Standards level the pods meet, as rendered now (also the
   * `cdk8s-batch.io/pod-security` annotation).
   */
  public get podSecurityLevel(): PodSecurityLevel {
    // Read twice per synthesized Job (the annotation, and objectName's content hash): checked once.
    this.cachedLevel ??= podSecurityOf(this.renderJobSpec().template);
    return this.cachedLevel;
  }

  /**
   * The rendered object name: `name`, or under `ReapplyPolicy.renameOnChange()`
   * `<name>-<8 hex digits of the SHA-256 of the rendered object and its work items>` (at most 63
   * characters; a long name is cut). Equal content gives the same name on every machine. Throws under
   * `ReapplyPolicy.generateName()`, whose Jobs are named when created.
   */
  public get objectName(): string {
    if (this.reapply.kind === 'generateName') {
      throw new Error(
        `${this.node.path}: objectName: ReapplyPolicy.generateName() leaves the name to the API server ` +
          `(generateName "${this.name}-"), so nothing can refer to this Job by name`
      );
    }
    if (this.reapply.kind !== 'renameOnChange') return this.name;
    // Made while the Job is synthesized: its objects start with a spread (see SITE_FREE).
    const hash = contentHash({
      ...SITE_FREE,
      namespace: this.namespace,
      labels: this.renderLabels(),
      annotations: { ...this.staticAnnotations(), [POD_SECURITY_ANNOTATION]: this.podSecurityLevel },
      spec: jobSpecJson(this.renderJobSpec()),
      // The pods read them from a ConfigMap the spec names but does not hold: changed items make a new Job.
      workItems: this.pattern.workItems,
    });
    return hashedName(this.name, hash, maxNameFor(this.kind, this.pattern));
  }

  /**
   * The object metadata: name, namespace, labels, and annotations with the identity props, the
   * delivery settings and the pods' security level (resolved at synth, so containers added later count).
   * @internal
   */
  protected renderMetadata(): k8s.ObjectMeta {
    return {
      // ReapplyPolicy.generateName(): no name; the API server (or Argo CD, for a hook) appends to the prefix.
      generateName: this.reapply.kind === 'generateName' ? `${this.name}-` : undefined,
      name:
        this.reapply.kind === 'generateName'
          ? undefined
          : this.reapply.kind === 'renameOnChange'
            ? Lazy.any({ produce: () => this.objectName })
            : this.name,
      namespace: this.namespace,
      labels: this.renderLabels(),
      annotations: {
        ...this.staticAnnotations(),
        [POD_SECURITY_ANNOTATION]: Lazy.any({ produce: () => this.podSecurityLevel }),
      },
    };
  }

  /** Our labels, the platform's, then the user's and Kueue's. @internal */
  protected renderLabels(): Record<string, string> {
    return {
      ...SITE_FREE, // also made while the Job is synthesized (see SITE_FREE)
      [MANAGED_BY_LABEL]: MANAGED_BY,
      [JOB_LABEL]: this.name,
      ...this.platformLabels,
      ...this.props.labels,
      ...queueLabels(this.props),
    };
  }

  /** The console profile. */
  public get platform(): Platform {
    return platformOf(this.props);
  }

  /** Labels the platform puts on the object, the pods and a CronJob's Jobs (KubeSphere `app`, TKEStack `qcloud-app`). @internal */
  protected get platformLabels(): Record<string, string> {
    return this.platform._identity(this.name).labels;
  }

  /** The annotations known at construction: identity props, then Argo CD settings. */
  private staticAnnotations(): Record<string, string> {
    const argo = { ...this.props.argoCd };
    if (this.reapply.kind === 'argoCdHook') {
      argo.hooks = [this.reapply.hook!];
      argo.hookDeletePolicies = argo.hookDeletePolicies ?? [this.reapply._hookDeletePolicy!];
    }
    return { ...renderAnnotations(this.props), ...argoCdAnnotations(argo, [...this.reapply.syncOptions]) };
  }

  /** The Job spec (for a CronJob, its `jobTemplate.spec`). Pure; cached until the props change. @internal */
  protected renderJobSpec(): k8s.JobSpec {
    this.cachedSpec ??= renderJobSpec(
      applyPlatform(this.podOverlay(this.withServices(this.template)), this.platform, this.name),
      { ...SITE_FREE, workItemsConfigMap: this.workItemsConfigMap?.name }
    );
    return this.cachedSpec;
  }

  /**
   * The spec for the construct's L1 object (its `Lazy` spec): rendered, then the cache released. The
   * L1 object keeps the manifest JSON it writes; holding the rendered structs as well made every
   * synthesized construct carry its spec twice (10,000 Jobs: 172 MB of heap after synth instead of
   * ~140, and a slower full GC). Rendering is pure, so a later read renders the same spec again.
   * @internal
   */
  protected specForSynth<T>(render: () => T): T {
    const spec = render();
    this.cachedSpec = undefined;
    this.cachedLevel = undefined;
    return spec;
  }

  /** The pods' subdomain and rendezvous variables of `service`/`distributed`. Pure. */
  private withServices(t: NormalizedJobTemplate): NormalizedJobTemplate {
    const subdomain = subdomainOf(this.props, this.name);
    const d = this.props.distributed;
    if (subdomain === undefined && d === undefined) return t;
    return {
      ...t,
      subdomain,
      rendezvousEnv: d && rendezvousEnv(d, subdomain!, procsPerNodeOf(d, this.props)),
    };
  }

  /**
   * What a subclass adds to the normalized pod before rendering (GPU resources, for `GpuJob`).
   * Must be pure.
   * @internal
   */
  protected podOverlay(template: NormalizedJobTemplate): NormalizedJobTemplate {
    return template;
  }

  private update(next: JobBaseProps): void {
    this.props = this.validateProps(next, false);
    this.template = this.normalize(this.props);
    this.cachedSpec = undefined;
    this.cachedLevel = undefined;
    this.logtailChanged?.();
  }

  /** Defaults, once; a Kueue queue makes the Job start suspended. */
  private normalize(props: JobBaseProps): NormalizedJobTemplate {
    const queued = props && typeof props === 'object' && props.queue !== undefined;
    const expanded = expandDistributed(props);
    return normalizeJobTemplate(queued ? { ...expanded, suspend: expanded.suspend ?? true } : expanded);
  }

  /**
   * Validates props; in the constructor, a failure also removes the half-built construct. (Not named
   * `validate`: constructs 10.3.0 and older reject a construct with a `validate()` method at synth.)
   */
  private validateProps<T>(props: T, constructing: boolean): T {
    try {
      return validateOrThrow(this.kind.schema, props, this.kind.typeName, this.node.path);
    } catch (error) {
      if (constructing) this.node.scope?.node.tryRemoveChild(this.node.id);
      throw error;
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
 * Merges the scope's `JobDefaults` under the given props. Props that are not a plain object (or that
 * cannot be read) are passed on as they are, so that validation reports them.
 */
function withDefaults<T extends object>(c: Construct, given: T): T {
  if (!isPlainMap(given)) return given;
  const defaults = JobDefaults.of(c.node.scope!) as Record<string, unknown>;
  let props: Record<string, unknown>;
  try {
    // A spread keeps what validation must see: symbol keys, a `__proto__` key.
    props = { ...defaults, ...given };
  } catch {
    return given; // a getter or Proxy that throws: validation says where
  }
  // A prop given as undefined (`runAs: cond ? RunAs.root() : undefined`) is not given: the default applies.
  for (const key of Object.keys(props)) {
    if (props[key] !== undefined) continue;
    if (defaults[key] === undefined) delete props[key];
    else props[key] = defaults[key];
  }
  return props as T;
}
