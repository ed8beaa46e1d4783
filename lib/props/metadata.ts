import { z } from 'zod';
import { ANNOTATIONS_MAX_BYTES } from '../rules/metadata';
import { annotationsSchema, dnsLabel, labelsSchema } from '../validation/schemas';
import { Platform, platformOf } from '../platforms/platform';

/** Annotation keys of the generic identity props (Kubernetes' well-known description key). */
export const DISPLAY_NAME_ANNOTATION = 'cdk8s-batch.io/display-name';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION_MAX = 512;
/** Annotation keys this package writes itself. */
const RESERVED_ANNOTATIONS = ['cdk8s-batch.io/pod-security'];
/** Bookkeeping consoles' controllers write (github.com/kubesphere/kubesphere pkg/controller/job/job_controller.go, DaoCloud kpanda create-job.md): never emitted, so never accepted. */
const CONTROLLER_ANNOTATIONS = [/^revisions$/, /^job\.kpanda\.io\//, /^batch\.kubernetes\.io\/job-tracking$/];
const CONTROLLER_LABELS = [
  /^(batch\.kubernetes\.io\/)?controller-uid$/,
  /^(batch\.kubernetes\.io\/)?job-name$/,
];

/** Identity and metadata props shared by BatchJob, GpuJob and CronBatch. */
export interface ResourceMetadataProps {
  /**
   * The object name: a DNS-1123 label.
   * @default - derived from the construct path: lowercase, valid and stable across synths
   */
  readonly name?: string;
  /**
   * The namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly namespace?: string;
  /**
   * A human-friendly name (free text, any language), as the annotation `cdk8s-batch.io/display-name`
   * (or the platform's key: KubeSphere `kubesphere.io/alias-name`, DCE `kpanda.io/alias-name`).
   * @default - none
   */
  readonly displayName?: string;
  /**
   * What the job does (at most 512 characters; 256 for KubeSphere), as the annotation
   * `kubernetes.io/description` (or the platform's key: `kubesphere.io/description`, DCE
   * `kpanda.io/describe`, TKEStack `description`).
   * @default - none
   */
  readonly description?: string;
  /**
   * Labels of the object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the object.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Field schemas of `ResourceMetadataProps`; `maxNameLength` is the kind's own name limit. */
export function metadataShape(maxNameLength: number) {
  return {
    name: dnsLabel(maxNameLength).optional(),
    namespace: dnsLabel().optional(),
    displayName: z.string().min(1, 'must not be empty').optional(),
    description: z
      .string()
      .min(1, 'must not be empty')
      .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
      .optional(),
    labels: labelsSchema.optional(),
    annotations: annotationsSchema.optional(),
  };
}

/** Cross-field rules of the metadata props, including the platform's console limits. */
export function refineMetadata(
  props: ResourceMetadataProps & { platform?: Platform },
  ctx: z.RefinementCtx
): void {
  const platform = platformOf(props);
  const limit = (prop: 'displayName' | 'description', max: number | undefined) => {
    const value = props?.[prop];
    if (typeof value === 'string' && max !== undefined && [...value].length > max) {
      ctx.addIssue({
        code: 'custom',
        path: [prop],
        message: `must be at most ${max} characters for ${platform.displayName}`,
      });
    }
  };
  limit('displayName', platform._displayNameMax);
  if (platform._descriptionMax < DESCRIPTION_MAX) limit('description', platform._descriptionMax);
  for (const [field, patterns] of [
    ['annotations', CONTROLLER_ANNOTATIONS],
    ['labels', CONTROLLER_LABELS],
  ] as const) {
    const map = props?.[field];
    if (!map || typeof map !== 'object') continue;
    for (const key of Object.keys(map)) {
      if (patterns.some((p) => p.test(key))) {
        ctx.addIssue({
          code: 'custom',
          path: [field, key],
          message: 'is written by a controller; do not set it',
          params: { key },
        });
      }
    }
  }
  const rendered = Object.entries(renderAnnotations(props) ?? {});
  const size = rendered.reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0),
    0
  );
  if (size > ANNOTATIONS_MAX_BYTES) {
    ctx.addIssue({
      code: 'custom',
      path: ['annotations'],
      message: `annotations, displayName and description must total at most ${ANNOTATIONS_MAX_BYTES} bytes (are ${size})`,
      params: { got: `${rendered.length} annotations` },
    });
  }
  const annotations = props?.annotations;
  if (!annotations || typeof annotations !== 'object') return;
  for (const key of RESERVED_ANNOTATIONS) {
    if (key in annotations) {
      ctx.addIssue({
        code: 'custom',
        path: ['annotations', key],
        message: 'is written by cdk8s-batch; do not set it',
      });
    }
  }
  const keys = platform._identityKeys;
  for (const [prop, key] of [
    ['displayName', keys.displayName],
    ['description', keys.description],
  ] as const) {
    if (props[prop] !== undefined && key in annotations) {
      ctx.addIssue({
        code: 'custom',
        path: ['annotations', key],
        message: `conflicts with the ${prop} prop; set one of them`,
      });
    }
  }
}

/** The object's annotations: the identity props under the platform's keys, then the user's. */
export function renderAnnotations(
  props: ResourceMetadataProps & { platform?: Platform }
): Record<string, string> | undefined {
  if (!props || typeof props !== 'object') return undefined;
  const identity = platformOf(props)._identity(props.name ?? '', props.displayName, props.description);
  const out: Record<string, string> = { ...identity.annotations };
  if (props.annotations && typeof props.annotations === 'object') Object.assign(out, props.annotations);
  return Object.keys(out).length === 0 ? undefined : out;
}
