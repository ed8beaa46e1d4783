import * as z from 'zod';
import {
  ContainerProps,
  EnvFrom,
  EnvValue,
  ImagePullPolicy,
  parseImage,
  Protocol,
} from '../values/container';
import { capabilityList, lifecycleHandlerSchema, namedPortOf, portNameProblem, probeSchema } from './probe';
import { hasUrlPassword, looksLikeCredentialName } from '../rules/credentials';
import { Volume } from '../values/volume';
import { runAsSchema } from './run-as';
import { asArray } from '../rules/utils';
import { compiledCheck, reportingCheck } from '../validation/compiled';
import { CONTAINER_PROP_HINTS, withCrossFieldRules } from '../validation/cross-field';
import { absolutePathProblem, relativePathProblem } from '../rules/paths';
import { configKeyProblem, envFieldPathProblem } from '../rules/names';
import { isPlainMap } from '../rules/plain-values';
import { amountBytes, cpuMillis } from '../rules/quantity-amounts';
import {
  bytesAmountSchema,
  cpuAmountSchema,
  dnsLabel,
  namedRefSchema,
  checkedString,
  instanceOf,
  everyEntry,
  everyKey,
  stringMap,
} from '../validation/schemas';

function readImageProblem(image: string): string | undefined {
  if (image.trim() !== image || image.length === 0)
    return 'must be a non-empty image reference without spaces';
  if (!parseImage(image)) {
    return 'must be an image reference such as perl:5.34.0, registry.example.com/team/app:1.2, or app@sha256:<digest>';
  }
  return undefined;
}

/**
 * `readImageProblem` of the images seen so far (null: none): a fleet runs few images, in every job.
 * Bounded: images up to 512 characters, emptied when full.
 */
const IMAGE_PROBLEMS = new Map<string, string | null>();
const IMAGE_PROBLEMS_MAX = 10_000;

const imageSchema = checkedString((image) => {
  if (image.length > 512) return readImageProblem(image);
  let problem = IMAGE_PROBLEMS.get(image);
  if (problem === undefined) {
    problem = readImageProblem(image) ?? null;
    if (IMAGE_PROBLEMS.size >= IMAGE_PROBLEMS_MAX) IMAGE_PROBLEMS.clear();
    IMAGE_PROBLEMS.set(image, problem);
  }
  return problem ?? undefined;
});

const keyRefSchema = (kind: string) =>
  z.object({
    ref: namedRefSchema(kind),
    key: checkedString(configKeyProblem),
    optional: z.boolean().optional(),
  });

const ENV_SOURCES = ['value', 'configMapKeyRef', 'secretKeyRef', 'fieldPath'] as const;

const envValueFieldsSchema = z.object({
  source: z
    .object({
      value: z.string().optional(),
      notSecret: z.boolean().optional(),
      configMapKeyRef: keyRefSchema('ConfigMap').optional(),
      secretKeyRef: keyRefSchema('Secret').optional(),
      fieldPath: checkedString(envFieldPathProblem).optional(),
    })
    .refine(
      (source) =>
        ENV_SOURCES.filter((k) => (source as Record<string, unknown>)[k] !== undefined).length === 1,
      { message: 'must have one source: a value, a ConfigMap key, a Secret key or a field path' }
    ),
});

const checkEnvValueFields = compiledCheck(envValueFieldsSchema);

const envValueSchema = z.union(
  [
    z.string(),
    instanceOf(EnvValue, 'must be a string or an EnvValue').check(
      reportingCheck((value, ctx) => {
        // Raised again as non-aborting issues, so that the union reports what is wrong inside the
        // EnvValue (e.g. a key that is not a string) instead of "must be a string or an EnvValue".
        const result = checkEnvValueFields(value);
        if (!result.success)
          for (const issue of result.error.issues) ctx.addIssue({ ...issue } as z.core.$ZodRawIssue);
      })
    ),
  ],
  { error: 'must be a string or an EnvValue' }
);

/** Stands in for a literal that may be a credential, so error messages never print it. */
class HiddenLiteral {
  toHumanString(): string {
    return 'a literal value, not shown';
  }
}

/**
 * The literal an env value (as parsed: a string, or an `EnvValue`'s fields) writes into the manifest,
 * unless it was declared not secret.
 */
function undeclaredLiteral(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const source = (value as Partial<EnvValue> | null | undefined)?.source;
  return typeof source?.value === 'string' && source.notSecret !== true ? source.value : undefined;
}

const envSchema = z
  .custom<Record<string, EnvValue | string>>(isPlainMap, {
    error: 'must be a map of variable names to values (strings or EnvValues), e.g. { LOG_LEVEL: "debug" }',
  })
  .check(reportingCheck(everyEntry(envValueSchema)))
  .check(
    reportingCheck((env, ctx) => {
      // Also when a value has the wrong type, so that every problem of the map is reported: the issues
      // of the check before never abort (a superRefine's never do), so this one always runs after it,
      // with no `when`: zod's compiled validator cannot compile one, and parsed the map with the runtime.
      if (!env || typeof env !== 'object' || Array.isArray(env)) return;
      const names = Object.keys(env);
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        // The name's rule depends on the target Kubernetes version: the job template's rules check it
        // (env-names-at-the-target-version).
        // Secrets hygiene: a credential never lands in a manifest (and a Git repository) as a literal.
        const literal = undeclaredLiteral(env[name]);
        if (literal !== undefined && (looksLikeCredentialName(name) || hasUrlPassword(literal))) {
          ctx.addIssue({
            code: 'custom',
            message:
              'looks like a credential (by its name, or a URL with a password), so it must not be a literal in the ' +
              'manifest: reference a Secret with ' +
              "EnvValue.fromSecretKey('<secret name>', '<key>'), or write EnvValue.fromValue(value, { notSecret: true }) " +
              'if the value is not secret',
            path: [name],
            params: { got: new HiddenLiteral() },
          });
        }
      }
    })
  );

const envFromFields = <K extends EnvFrom['kind']>(kind: K, refKind: string) =>
  z.object({
    kind: z.literal(kind),
    ref: namedRefSchema(refKind),
    // Checked by the job template's rules, at the target Kubernetes version.
    prefix: z.string().optional(),
    optional: z.boolean().optional(),
  });
const envFromSchema = instanceOf(EnvFrom, 'must be an EnvFrom').pipe(
  z.discriminatedUnion('kind', [
    envFromFields('configMap', 'ConfigMap'),
    envFromFields('secret', 'Secret'),
  ]) as z.ZodType<unknown, any> // eslint-disable-line @typescript-eslint/no-explicit-any
);

function mustBePositive(
  ctx: z.RefinementCtx,
  which: 'request' | 'limit',
  amount: number | undefined,
  unit: string
) {
  if (amount !== undefined && !(amount > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: [which],
      message: `must be more than 0 ${unit}; leave it out for no ${which}`,
    });
  }
}

/** A request and a limit, each measured (undefined: not an amount; the value schema reports it). */
function requestLimitSchema<T>(
  valueSchema: z.ZodType<T>,
  measure: (v: T) => number | undefined,
  unit: string
) {
  return z.strictObject({ request: valueSchema.optional(), limit: valueSchema.optional() }).check(
    reportingCheck((pair, ctx) => {
      // Each amount measured once (it was twice): a quantity string is parsed, a Size converted.
      const request = pair.request === undefined ? undefined : measure(pair.request);
      const limit = pair.limit === undefined ? undefined : measure(pair.limit);
      mustBePositive(ctx, 'request', request, unit);
      mustBePositive(ctx, 'limit', limit, unit);
      if (request !== undefined && limit !== undefined && request > limit) {
        ctx.addIssue({ code: 'custom', path: ['request'], message: 'must not exceed the limit' });
      }
    })
  );
}

const resourcesSchema = z.strictObject({
  cpu: requestLimitSchema(cpuAmountSchema, cpuMillis, 'millicores').optional(),
  memory: requestLimitSchema(bytesAmountSchema, amountBytes, 'bytes').optional(),
  ephemeralStorage: requestLimitSchema(bytesAmountSchema, amountBytes, 'bytes').optional(),
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

/** Alibaba Cloud log names: Logtail env vars (https://help.aliyun.com/document_detail/87540.html) and Logstore names (https://www.alibabacloud.com/help/en/sls/developer-reference/logstores). */
const ACK_LOG_NAME = /^[a-z0-9-]+$/;
const ACK_LOGSTORE = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

const logsSchema = z.strictObject({
  stdout: z.boolean().optional(),
  directory: checkedString(absolutePathProblem).optional(),
  files: z.array(logFileSchema).optional(),
  ack: z
    .strictObject({
      name: z
        .string()
        .regex(ACK_LOG_NAME, "must be lowercase letters, digits and '-' (aliyun_logs_{name})")
        .optional(),
      project: z.string().min(1, 'must not be empty').optional(),
      logstore: z
        .string()
        .regex(
          ACK_LOGSTORE,
          "must be 3-63 lowercase letters, digits, '-' and '_', starting and ending with a letter or digit"
        )
        .optional(),
      ttlDays: z
        .number()
        .int('must be a whole number of days')
        .min(1, 'must be 1 to 3650 days')
        .max(3650, 'must be 1 to 3650 days')
        .optional(),
      shards: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be 1 to 10')
        .max(10, 'must be 1 to 10')
        .optional(),
      tags: stringMap(everyKey(/^[^=,\s]+$/, 'tag keys must not contain "=", "," or spaces')).optional(),
    })
    .optional(),
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

// Module constants, not literals in the rules: a literal list is a new array on every container.
const PROBE_KINDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HOOKS = ['postStart', 'preStop'] as const;

/** Whether the container has a port named `name` (looked up only for a probe or hook that names one). */
function hasPortNamed(c: ContainerProps, name: string): boolean {
  return asArray<{ name?: unknown }>(c.ports).some((p) => p?.name === name);
}

/** successThreshold is 1 for liveness and startup probes; named probe ports exist. */
function refineProbes(c: ContainerProps, ctx: z.RefinementCtx) {
  if (!c || typeof c !== 'object') return;
  for (let k = 0; k < PROBE_KINDS.length; k++) {
    const kind = PROBE_KINDS[k];
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
    if (name !== undefined && !hasPortNamed(c, name)) {
      ctx.addIssue({
        code: 'custom',
        path: [kind, 'port'],
        message: 'names no port of this container; add it to ports',
        params: { got: name },
      });
    }
  }
  for (let h = 0; h < LIFECYCLE_HOOKS.length; h++) {
    const hook = LIFECYCLE_HOOKS[h];
    const name = namedPortOf(c.lifecycle?.[hook]?.action);
    if (name !== undefined && !hasPortNamed(c, name)) {
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
export const containerSchema: z.ZodType<ContainerProps> = withCrossFieldRules<ContainerProps>(
  z.strictObject({
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
    runAs: runAsSchema.optional(),
  }),
  (container, ctx) => {
    const seen = new Set<string>();
    const mounts = asArray<{ mountPath?: unknown }>(container?.volumeMounts);
    for (let i = 0; i < mounts.length; i++) {
      const mountPath = mounts[i]?.mountPath;
      if (typeof mountPath !== 'string') continue;
      if (seen.has(mountPath)) {
        ctx.addIssue({
          code: 'custom',
          path: ['volumeMounts', i, 'mountPath'],
          message: 'must be unique in the container',
        });
      }
      seen.add(mountPath);
    }
    refineContainerSecurity(container, ctx);
    refineProbes(container, ctx);
    refineLogs(container, ctx);
  },
  CONTAINER_PROP_HINTS
) as z.ZodType<ContainerProps>;
