import { Size, SizeRoundingBehavior } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { z } from 'zod';
import { ContainerProps, EnvFrom, EnvValue, ImagePullPolicy, parseImage, Protocol } from '../container';
import {
  capabilityList,
  lifecycleHandlerSchema,
  namedPortOf,
  portNameProblem,
  probeSchema,
} from './probe-schema';
import { Volume } from '../volume';
import { asArray } from './utils';
import { absolutePathProblem, relativePathProblem } from './paths';
import {
  configKeyProblem,
  cpuSchema,
  envFieldPathProblem,
  dnsLabel,
  ENV_NAME,
  namedRefSchema,
  sizeSchema,
  checkedString,
  instanceOf,
} from '../validation/rules';

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
  key: checkedString(configKeyProblem),
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
          fieldPath: checkedString(envFieldPathProblem).optional(),
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

const portSchema = z.strictObject({
  number: z
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be a port number from 1 to 65535')
    .max(65535, 'must be a port number from 1 to 65535'),
  name: checkedString((name) => portNameProblem(name)).optional(),
  protocol: z.enum(Protocol, { error: 'must be TCP or UDP' }).optional(),
});

/** An absolute path, `*` wildcards allowed. */
const logFileSchema = checkedString((path) => absolutePathProblem(path));

const logsSchema = z.strictObject({
  stdout: z.boolean().optional(),
  directory: checkedString(absolutePathProblem).optional(),
  files: z.array(logFileSchema).optional(),
});

const issue = (ctx: z.RefinementCtx, path: PropertyKey[], message: string) =>
  ctx.addIssue({ code: 'custom', path, message });

/** Cross-field security rules the API server applies. */
function refineContainerSecurity(c: ContainerProps, ctx: z.RefinementCtx) {
  if (!c || typeof c !== 'object') return;
  if (c.privileged === true && c.allowPrivilegeEscalation === false) {
    issue(ctx, ['allowPrivilegeEscalation'], 'cannot be false for a privileged container');
  }
  const added = asArray<string>(c.capabilities?.add);
  if (added.includes('SYS_ADMIN') && c.allowPrivilegeEscalation !== true && c.privileged !== true) {
    issue(
      ctx,
      ['capabilities', 'add'],
      'adding SYS_ADMIN needs allowPrivilegeEscalation: true (Kubernetes rule)'
    );
  }
  if (c.writableTmp !== undefined && c.readOnlyRootFilesystem !== true) {
    issue(ctx, ['writableTmp'], 'only applies with readOnlyRootFilesystem: true');
  }
}

/** successThreshold is 1 for liveness and startup probes; named probe ports exist. */
function refineProbes(c: ContainerProps, ctx: z.RefinementCtx) {
  if (!c || typeof c !== 'object') return;
  const portNames = new Set(asArray<{ name?: string }>(c.ports).map((p) => p?.name));
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[kind];
    if (!probe || typeof probe !== 'object') continue;
    const threshold = probe.timing?.successThreshold;
    if (kind !== 'readinessProbe' && threshold !== undefined && threshold !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [kind, 'successThreshold'],
        message: `must be 1 for a ${kind.replace('Probe', '')} probe`,
        params: { got: threshold },
      });
    }
    const name = namedPortOf(probe.action);
    if (name !== undefined && !portNames.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [kind, 'port'],
        message: 'names no port of this container; add it to ports',
        params: { got: name },
      });
    }
  }
  for (const hook of ['postStart', 'preStop'] as const) {
    const name = namedPortOf(c.lifecycle?.[hook]?.action);
    if (name !== undefined && !portNames.has(name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['lifecycle', hook, 'port'],
        message: 'names no port of this container; add it to ports',
        params: { got: name },
      });
    }
  }
}

/** A log directory must lie on one of the container's volume mounts. */
function refineLogs(c: ContainerProps, ctx: z.RefinementCtx) {
  const dir = c?.logs?.directory;
  if (typeof dir !== 'string' || !dir.startsWith('/')) return;
  const mounts = asArray<{ mountPath?: unknown }>(c.volumeMounts)
    .map((m) => m?.mountPath)
    .filter((p): p is string => typeof p === 'string');
  if (!mounts.some((m) => isWithin(dir, m))) {
    issue(
      ctx,
      ['logs', 'directory'],
      `must lie on a volume mount of the container (${mounts.join(', ') || 'none yet'})`
    );
  }
}

/** Whether `path` is `dir` or below it. @internal */
export function isWithin(path: string, dir: string): boolean {
  const d = dir.endsWith('/') ? dir : `${dir}/`;
  return path === dir || path.startsWith(d);
}

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
    ports: z.array(portSchema).optional(),
    livenessProbe: probeSchema.optional(),
    readinessProbe: probeSchema.optional(),
    startupProbe: probeSchema.optional(),
    lifecycle: z
      .strictObject({
        postStart: lifecycleHandlerSchema.optional(),
        preStop: lifecycleHandlerSchema.optional(),
      })
      .optional(),
    stdin: z.boolean().optional(),
    tty: z.boolean().optional(),
    privileged: z.boolean().optional(),
    allowPrivilegeEscalation: z.boolean().optional(),
    capabilities: z
      .strictObject({ add: capabilityList.optional(), drop: capabilityList.optional() })
      .optional(),
    readOnlyRootFilesystem: z.boolean().optional(),
    writableTmp: z.boolean().optional(),
    logs: logsSchema.optional(),
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
      const c = container as ContainerProps;
      refineContainerSecurity(c, ctx);
      refineProbes(c, ctx);
      refineLogs(c, ctx);
    },
    { when: () => true }
  ) as unknown as z.ZodType<ContainerProps>;
