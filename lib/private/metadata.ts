import { z } from 'zod';
import { annotationsSchema, ANNOTATIONS_MAX_BYTES, dnsLabel, labelsSchema } from '../validation/rules';

/** Annotation keys of the generic identity props (Kubernetes' well-known description key). */
export const DISPLAY_NAME_ANNOTATION = 'cdk8s-batch.io/display-name';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION_MAX = 512;
/** Annotation keys this package writes itself. */
const RESERVED_ANNOTATIONS = ['cdk8s-batch.io/pod-security'];

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
   * A human-friendly name (free text, any language), as the annotation `cdk8s-batch.io/display-name`.
   * @default - none
   */
  readonly displayName?: string;
  /**
   * What the job does (at most 512 characters), as the annotation `kubernetes.io/description`.
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

/** Cross-field rules of the metadata props. */
export function refineMetadata(props: ResourceMetadataProps, ctx: z.RefinementCtx): void {
  const rendered = Object.entries(renderAnnotations(props) ?? {});
  const size = rendered.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
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
  for (const [prop, key] of [
    ['displayName', DISPLAY_NAME_ANNOTATION],
    ['description', DESCRIPTION_ANNOTATION],
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

/** The object's annotations: the identity props' keys, then the user's. */
export function renderAnnotations(props: ResourceMetadataProps): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (!props || typeof props !== 'object') return undefined;
  if (props.displayName !== undefined) out[DISPLAY_NAME_ANNOTATION] = props.displayName;
  if (props.description !== undefined) out[DESCRIPTION_ANNOTATION] = props.description;
  if (props.annotations && typeof props.annotations === 'object') Object.assign(out, props.annotations);
  return Object.keys(out).length === 0 ? undefined : out;
}
