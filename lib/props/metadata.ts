import * as z from 'zod';
import { ANNOTATIONS_MAX_BYTES } from '../rules/metadata';
import { annotationsSchema, dnsLabel, labelsSchema } from '../validation/schemas';
import { Platform, platformOf } from '../platforms/platform';
import { CrossFieldRule, reporter, runRules } from './cross-field-rule';

/** Annotation keys of the generic identity props (Kubernetes' well-known description key). */
export const DISPLAY_NAME_ANNOTATION = 'cdk8s-batch.io/display-name';
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
/** Annotation keys this package writes itself. */
const RESERVED_ANNOTATIONS = ['cdk8s-batch.io/pod-security'];
/**
 * Bookkeeping that controllers write: never emitted, so never accepted. KubeSphere's job-revision controller
 * writes `revisions` (https://github.com/kubesphere/kubesphere/blob/master/pkg/controller/job/job_controller.go);
 * the Job controller writes `controller-uid`, `job-name` and `batch.kubernetes.io/job-tracking`
 * (https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/job/job_controller.go).
 */
const CONTROLLER_ANNOTATIONS = [/^revisions$/, /^job\.kpanda\.io\//, /^batch\.kubernetes\.io\/job-tracking$/];
const CONTROLLER_LABELS = [
  /^(batch\.kubernetes\.io\/)?controller-uid$/,
  /^(batch\.kubernetes\.io\/)?job-name$/,
];

/** The controllers' keys by map, a constant: the rule below runs for every job. */
const CONTROLLER_KEYS = [
  ['annotations', CONTROLLER_ANNOTATIONS],
  ['labels', CONTROLLER_LABELS],
] as const;

function matchesAny(patterns: readonly RegExp[], key: string): boolean {
  for (let i = 0; i < patterns.length; i++) if (patterns[i].test(key)) return true;
  return false;
}

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
   * What the job does (at most 512 characters; 256 for KubeSphere, 1000 for TKEStack), as the annotation
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
    // The length limit is the platform's (`identity-within-console-limits`): TKEStack's is above 512.
    description: z.string().min(1, 'must not be empty').optional(),
    labels: labelsSchema.optional(),
    annotations: annotationsSchema.optional(),
  };
}

type MetadataProps = ResourceMetadataProps & { platform?: Platform };

/** What the metadata rules read: the props and their platform. */
interface MetadataView {
  readonly props: MetadataProps;
  readonly platform: Platform;
}

/** The metadata rules, in the order their problems are reported. */
const METADATA_RULES: readonly CrossFieldRule<MetadataView>[] = [
  {
    name: 'identity-within-console-limits',
    check({ props, platform }, report) {
      const limit = (prop: 'displayName' | 'description', max: number | undefined) => {
        const value = props?.[prop];
        const length = typeof value === 'string' ? [...value].length : 0;
        if (max !== undefined && length > max) {
          report([prop], `must be at most ${max} characters for ${platform.displayName} (is ${length})`);
        }
      };
      limit('displayName', platform._displayNameMax);
      limit('description', platform._descriptionMax);
    },
  },
  {
    name: 'controller-bookkeeping-not-set',
    check({ props }, report) {
      for (const [field, patterns] of CONTROLLER_KEYS) {
        const map = props?.[field];
        if (!map || typeof map !== 'object') continue;
        for (const key of Object.keys(map)) {
          if (matchesAny(patterns, key)) {
            report([field, key], 'is written by a controller; do not set it', { key });
          }
        }
      }
    },
  },
  {
    name: 'annotations-within-size-limit',
    check({ props }, report) {
      const rendered = Object.entries(renderAnnotations(props) ?? {});
      const size = rendered.reduce(
        (n, [k, v]) => n + Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0),
        0
      );
      if (size > ANNOTATIONS_MAX_BYTES) {
        report(
          ['annotations'],
          `annotations, displayName and description must total at most ${ANNOTATIONS_MAX_BYTES} bytes (are ${size})`,
          { got: `${rendered.length} annotations` }
        );
      }
    },
  },
  {
    name: 'cdk8s-batch-annotations-not-set',
    check({ props }, report) {
      const annotations = props?.annotations;
      if (!annotations || typeof annotations !== 'object') return;
      for (const key of RESERVED_ANNOTATIONS) {
        if (key in annotations) report(['annotations', key], 'is written by cdk8s-batch; do not set it');
      }
    },
  },
  {
    name: 'identity-props-or-their-annotations',
    check({ props, platform }, report) {
      const annotations = props?.annotations;
      if (!annotations || typeof annotations !== 'object') return;
      const keys = platform._identityKeys;
      for (const [prop, key] of [
        ['displayName', keys.displayName],
        ['description', keys.description],
      ] as const) {
        if (props[prop] !== undefined && key in annotations) {
          report(['annotations', key], `conflicts with the ${prop} prop; set one of them`);
        }
      }
    },
  },
];

/** Cross-field rules of the metadata props, including the platform's console limits. */
export function refineMetadata(props: MetadataProps, ctx: z.RefinementCtx): void {
  runRules(METADATA_RULES, { props, platform: platformOf(props) }, reporter(ctx));
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
