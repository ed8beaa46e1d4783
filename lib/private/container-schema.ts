import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { z } from 'zod';
import { ContainerProps, EnvFrom, EnvValue, ImagePullPolicy, parseImage } from '../container';
import { Volume } from '../volume';
import { asArray } from './utils';
import { absolutePathProblem, relativePathProblem } from './paths';
import {
  CONFIG_KEY,
  cpuSchema,
  dnsLabel,
  ENV_NAME,
  namedRefSchema,
  sizeSchema,
  checkedString,
  instanceOf,
} from '../validation/rules';

/** Field paths the pod may expose through `EnvValue.fromFieldPath` (core `validation.go`). */
const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const LABEL_OR_ANNOTATION_PATH = /^metadata\.(labels|annotations)\['[^']+'\]$/;

const ENV_NAME_RULE = "letters, digits and '_', not starting with a digit";

const imageSchema = checkedString((image) => {
  if (image.trim() !== image || image.length === 0)
    return 'must be a non-empty image reference without spaces';
  if (!parseImage(image)) {
    return 'must be an image reference such as perl:5.34.0, registry.example.com/team/app:1.2, or app@sha256:<digest>';
  }
  return undefined;
});

const keyRefSchema = z.object({
  ref: namedRefSchema,
  key: checkedString((key) =>
    key.length === 0 || key.length > 253 || !CONFIG_KEY.test(key)
      ? "must be 1 to 253 letters, digits, '-', '_' or '.'"
      : undefined
  ),
  optional: z.boolean().optional(),
});

const envValueSchema = z.union(
  [
    z.string(),
    instanceOf(EnvValue, 'must be a string or an EnvValue').pipe(
      z.object({
        source: z.object({
          value: z.string().optional(),
          configMapKeyRef: keyRefSchema.optional(),
          secretKeyRef: keyRefSchema.optional(),
          fieldPath: checkedString((path) =>
            FIELD_PATHS.has(path) || LABEL_OR_ANNOTATION_PATH.test(path)
              ? undefined
              : `must be one of ${[...FIELD_PATHS].join(', ')}, or metadata.labels['<key>'] / metadata.annotations['<key>']`
          ).optional(),
        }),
      }) as z.ZodType<unknown, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    ),
  ],
  { error: 'must be a string or an EnvValue' }
);

const envSchema = z.record(z.string(), envValueSchema).superRefine((env, ctx) => {
  for (const name of Object.keys(env)) {
    if (!ENV_NAME.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `variable name must be ${ENV_NAME_RULE}`,
        path: [name],
        params: { key: name },
      });
    }
  }
});

const envFromSchema = instanceOf(EnvFrom, 'must be an EnvFrom').pipe(
  z.object({
    ref: namedRefSchema,
    prefix: z.string().regex(ENV_NAME, `must be ${ENV_NAME_RULE}`).optional(),
    optional: z.boolean().optional(),
  }) as z.ZodType<unknown, any> // eslint-disable-line @typescript-eslint/no-explicit-any
);

/** Milli-CPUs of a cdk8s-plus `Cpu`. @internal */
export function cpuMillis(cpu: Cpu): number {
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

/** Bytes of a cdk8s `Size`. @internal */
export function sizeBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

function requestLimitSchema<T>(valueSchema: z.ZodType<T>, measure: (v: T) => number, unit: string) {
  return z
    .strictObject({ request: valueSchema.optional(), limit: valueSchema.optional() })
    .superRefine((pair, ctx) => {
      for (const which of ['request', 'limit'] as const) {
        const v = pair[which];
        if (v === undefined) continue;
        const amount = measure(v);
        if (!Number.isFinite(amount) || amount <= 0) {
          ctx.addIssue({
            code: 'custom',
            path: [which],
            message: `must be more than 0 ${unit}; leave it out for no ${which}`,
          });
        }
      }
      if (
        pair.request !== undefined &&
        pair.limit !== undefined &&
        measure(pair.request) > measure(pair.limit)
      ) {
        ctx.addIssue({ code: 'custom', path: ['request'], message: 'must not exceed the limit' });
      }
    });
}

const resourcesSchema = z.strictObject({
  cpu: requestLimitSchema(cpuSchema, cpuMillis, 'millicores').optional(),
  memory: requestLimitSchema(sizeSchema, sizeBytes, 'bytes').optional(),
  ephemeralStorage: requestLimitSchema(sizeSchema, sizeBytes, 'bytes').optional(),
});

const volumeMountSchema = z.strictObject({
  volume: z.union([z.string(), instanceOf(Volume, 'must be a Volume')], {
    error: 'must be a Volume or a volume name',
  }),
  mountPath: checkedString(absolutePathProblem),
  readOnly: z.boolean().optional(),
  subPath: checkedString(relativePathProblem).optional(),
});

/** The schema of `ContainerProps`. Pod-wide rules (unique names, volumes) are in the job template schema. */
export const containerSchema: z.ZodType<ContainerProps> = z
  .strictObject({
    name: dnsLabel().optional(),
    image: imageSchema,
    imagePullPolicy: z.enum(ImagePullPolicy).optional(),
    command: z
      .array(z.string())
      .min(1, "must not be empty; leave it out to use the image's entrypoint")
      .optional(),
    args: z.array(z.string()).optional(),
    workingDir: checkedString(absolutePathProblem).optional(),
    env: envSchema.optional(),
    envFrom: z.array(envFromSchema).optional(),
    resources: resourcesSchema.optional(),
    volumeMounts: z.array(volumeMountSchema).optional(),
  })
  .superRefine(
    (container, ctx) => {
      const seen = new Set<string>();
      asArray<{ mountPath?: unknown }>(container?.volumeMounts).forEach((mount, i) => {
        if (typeof mount?.mountPath !== 'string') return;
        if (seen.has(mount.mountPath as string)) {
          ctx.addIssue({
            code: 'custom',
            path: ['volumeMounts', i, 'mountPath'],
            message: 'must be unique in the container',
          });
        }
        seen.add(mount.mountPath as string);
      });
    },
    { when: () => true }
  ) as unknown as z.ZodType<ContainerProps>;
