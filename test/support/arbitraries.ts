/**
 * fast-check generators (arbitraries) of props for `BatchJob`, `GpuJob` and `CronBatch`.
 *
 * - `validScenario(kind)` generates prop sets that must synthesize: every Job pattern, containers
 *   (env, resources, ports, probes, lifecycle, security opt-ins, logs), every volume factory,
 *   scheduling (node affinity, tolerations), GPU modes × the stacks that can express them, schedules
 *   (5 fields, macros, cdk8s `Cron`) and IANA time zones, plus chart-level `JobDefaults`.
 *   Cross-field rules are respected by construction: names are unique, mounts name existing
 *   volumes, probes name existing ports, `parallelism ≤ completions`, and so on.
 * - `invalidScenario(kind)` takes a valid scenario and injects one to three rule violations from
 *   `MUTATIONS` (out-of-range numbers, bad names, parallelism > completions, bad schedules, unknown
 *   zones, impossible GPU pairs, wrong types as a plain-JavaScript caller would pass them, typos,
 *   literal credentials). Each violation records the prop path the error must name.
 *
 * Generated values are plain data and value objects (`Volume`, `Probe`, `Gpu`, ...), so the same
 * scenario can be built into any number of apps.
 */
import { Cron, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import fc from 'fast-check';
import {
  ArgoCdHook,
  ArgoCdOptions,
  BatchJobProps,
  BytesAmount,
  ConcurrencyPolicy,
  ConditionStatus,
  ContainerProps,
  CpuAmount,
  Distributed,
  JobService,
  PodReplacementPolicy,
  CronBatchProps,
  EmptyDirMedium,
  EnvFrom,
  EnvValue,
  ExitCodeOperator,
  Gpu,
  GpuJobProps,
  GpuSchedulingPolicy,
  GpuStack,
  GpuTaskPriority,
  HostPathType,
  HttpScheme,
  ImagePullPolicy,
  JobDefaultsProps,
  JobPattern,
  KubernetesVersion,
  JobPatternKind,
  LifecycleHandler,
  MIG_PROFILES,
  MigStrategy,
  NetworkMode,
  NodeLabel,
  NodeOperator,
  NodeRequirement,
  PodFailureAction,
  PodFailureRule,
  Probe,
  Protocol,
  ReapplyPolicy,
  RestartPolicy,
  RunAs,
  Schedule,
  TaintEffect,
  Toleration,
  TolerationOperator,
  PersistentVolumeAccessMode,
  Volume,
  VolumeMount,
} from '../../lib';
import { amountBytes, cpuMillis } from '../../lib/rules/quantity-amounts';
import { firstVersionWith, targetVersionOf, VERSIONED_FIELDS } from '../../lib/props/versioned-fields';
import { migFamilyOf } from '../../lib/gpu/stack';
import { maxGeneratedBaseName, maxNameFor } from '../../lib/props/job';

// ---------------------------------------------------------------------------------------------
// Scenarios

/** The constructs the properties cover. */
export type ConstructKind = 'BatchJob' | 'GpuJob' | 'CronBatch';
export const CONSTRUCT_KINDS: readonly ConstructKind[] = ['BatchJob', 'GpuJob', 'CronBatch'];

/** Props of any of the three constructs. */
export type AnyProps = BatchJobProps & Partial<GpuJobProps> & Partial<CronBatchProps>;

/** Everything needed to build one construct in a fresh app. */
export interface Scenario {
  readonly kind: ConstructKind;
  /** The construct id (the chart is always `props`). */
  readonly id: string;
  /** The chart's namespace. */
  readonly chartNamespace?: string;
  /** `JobDefaults` set on the chart before the construct is added. */
  readonly defaults?: JobDefaultsProps;
  readonly props: AnyProps;
}

/** A violation injected into a valid scenario, and what the error must say about it. */
export interface Violation {
  /** The mutation's name, for reports. */
  readonly rule: string;
  /** The prop path a problem line must name (it, or a path below it). */
  readonly field: string;
  /** Text the message must contain besides the path (e.g. the unknown prop's name). */
  readonly mentions?: string;
}

export interface InvalidScenario extends Scenario {
  readonly violations: readonly Violation[];
}

export const CHART_ID = 'props';

// ---------------------------------------------------------------------------------------------
// Primitive values

const INT32_MAX = 2147483647;
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';

/**
 * Memoizes an arbitrary factory: fast-check prepares every string arbitrary when it is created, so
 * arbitraries built inside `chain` for each generated value would dominate the run time.
 */
function memo<A extends unknown[], T>(
  make: (...args: A) => fc.Arbitrary<T>
): (...args: A) => fc.Arbitrary<T> {
  const cache = new Map<string, fc.Arbitrary<T>>();
  return (...args) => {
    const key = JSON.stringify(args);
    let arb = cache.get(key);
    if (!arb) cache.set(key, (arb = make(...args)));
    return arb;
  };
}

const charOf = memo((alphabet: string) => fc.constantFrom(...alphabet.split('')));
const fixedWord = memo((alphabet: string, n: number) =>
  fc.string({ unit: charOf(alphabet), minLength: n, maxLength: n })
);

/** A string over `alphabet` whose length is usually short, sometimes anywhere up to `max`. */
const word = memo((alphabet: string, min: number, max: number): fc.Arbitrary<string> => {
  if (max < min) return fc.constant('');
  const length = fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min, max: Math.min(max, min + 8) }) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
    { weight: 1, arbitrary: fc.constant(max) }
  );
  return length.chain((n) => fixedWord(alphabet, n));
});

/** `first` + middle + `last` characters: the shape of DNS labels and qualified names. */
const bracketed = memo((edge: string, middle: string, maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    charOf(edge),
    fc
      .tuple(charOf(edge), word(middle, 0, Math.max(0, maxLength - 2)), charOf(edge))
      .map(([a, mid, z]) => `${a}${mid}${z}`)
  )
);

/** A DNS-1123 label of at most `max` characters. */
export const dnsLabel = memo((max: number = 63) => bracketed(LOWER + DIGITS, `${LOWER}${DIGITS}-`, max));

/** A DNS-1123 subdomain of one to three labels. */
export const dnsSubdomain = fc
  .array(dnsLabel(20), { minLength: 1, maxLength: 3 })
  .map((labels) => labels.join('.'));

/** The name part of a qualified name (label and annotation keys). */
const qualifiedNamePart = bracketed(UPPER + LOWER + DIGITS, `${UPPER}${LOWER}${DIGITS}-_.`, 63);

/** A label key: `[prefix/]name`, never one Kubernetes or cdk8s-batch reserves. */
export const labelKey = fc
  .tuple(fc.constantFrom('', 'example.com/', 'team.example.org/', 'app.kubernetes.io/'), qualifiedNamePart)
  .map(([prefix, name]) => `${prefix}${name}`)
  .filter((k) => !['job-name', 'controller-uid'].includes(k));

/** A label value: empty or a qualified-name-shaped string of at most 63 characters. */
export const labelValue = fc.oneof(fc.constant(''), qualifiedNamePart);

/** Strings YAML readers like to turn into something else (booleans, numbers, dates, nulls). */
const YAML_TRICKY = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'N',
  'true',
  'False',
  'null',
  '~',
  '0777',
  '0x1F',
  '1e3',
  '1_000',
  '12:30',
  '.inf',
  '-.NaN',
  '2001-12-14',
  '+12',
  '',
  ' ',
  'a: b',
  '# not a comment',
  '- item',
  '&anchor',
  '*alias',
  '!tag',
  '%directive',
  '@at',
  '`tick',
  '|',
  '>',
  '? q',
  '{}',
  '[]',
  '"double"',
  "'single'",
  'line\nbreak',
  'tab\tinside',
  'trailing ',
  'ünïcödé',
  '日本語',
  '🙂',
];

/** Free text: labels of humans, env values, command arguments. */
export const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...YAML_TRICKY) }
);

export const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });

/** Annotation keys that neither Kubernetes nor cdk8s-batch write. */
const annotationKey = fc
  .tuple(fc.constantFrom('', 'example.com/', 'ci.example.org/'), qualifiedNamePart)
  .map(([prefix, name]) => `${prefix}${name}`);
export const annotations = fc.dictionary(annotationKey, text, { maxKeys: 3 });

/** A `Duration` of whole seconds from 0 to `maxSeconds`, built with any of cdk8s' units. */
export function duration(minSeconds = 0, maxSeconds = INT32_MAX): fc.Arbitrary<Duration> {
  const seconds = fc.oneof(
    fc.integer({ min: minSeconds, max: Math.min(maxSeconds, minSeconds + 600) }),
    fc.integer({ min: minSeconds, max: maxSeconds })
  );
  return seconds.chain((s) => {
    const options: fc.Arbitrary<Duration>[] = [fc.constant(Duration.seconds(s))];
    if (s % 60 === 0) options.push(fc.constant(Duration.minutes(s / 60)));
    if (s % 3600 === 0) options.push(fc.constant(Duration.hours(s / 3600)));
    if (s % 86400 === 0) options.push(fc.constant(Duration.days(s / 86400)));
    if (s <= 1_000_000) options.push(fc.constant(Duration.millis(s * 1000)));
    return fc.oneof(...options);
  });
}

/** A positive `Size` in any binary unit, from 1 KiB up to 1 TiB. */
export const size: fc.Arbitrary<Size> = fc.oneof(
  fc.integer({ min: 1, max: 1024 * 1024 }).map((n) => Size.kibibytes(n)),
  fc.integer({ min: 1, max: 64 * 1024 }).map((n) => Size.mebibytes(n)),
  fc.integer({ min: 1, max: 1024 }).map((n) => Size.gibibytes(n)),
  fc.constant(Size.tebibytes(1))
);

/** A positive amount of bytes: a `Size`, or a Kubernetes quantity string in a binary or decimal unit. */
export const bytesAmount: fc.Arbitrary<BytesAmount> = fc.oneof(
  size,
  fc.integer({ min: 1, max: 64 * 1024 }).map((n) => `${n}Mi`),
  fc.integer({ min: 1, max: 1024 }).map((n) => `${n}Gi`),
  fc.integer({ min: 1, max: 4000 }).map((n) => `${n}M`),
  fc.integer({ min: 0, max: 99 }).map((n) => `1.${String(n).padStart(2, '0')}G`)
);

/** A positive CPU amount: a cdk8s-plus `Cpu` in millicores or (fractional) cores, or a quantity string. */
export const cpu: fc.Arbitrary<CpuAmount> = fc.oneof(
  fc.integer({ min: 1, max: 64_000 }).map((n) => Cpu.millis(n)),
  fc.integer({ min: 1, max: 64 }).map((n) => Cpu.units(n)),
  fc.integer({ min: 1, max: 999 }).map((n) => Cpu.units(n / 1000 + 1)),
  fc.integer({ min: 1, max: 64_000 }).map((n) => `${n}m`),
  fc.integer({ min: 0, max: 999 }).map((n) => `1.${String(n).padStart(3, '0')}`)
);

/** `{ request?, limit? }` with request ≤ limit. */
function requestLimit<T>(value: fc.Arbitrary<T>, measure: (v: T) => number) {
  return fc
    .tuple(fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined }))
    .map(([a, b]) => {
      if (a !== undefined && b !== undefined && measure(a) > measure(b)) [a, b] = [b, a];
      const out: { request?: T; limit?: T } = {};
      if (a !== undefined) out.request = a;
      if (b !== undefined) out.limit = b;
      return out;
    });
}

export const resources = fc.record(
  {
    cpu: requestLimit(cpu, (c) => cpuMillis(c)!),
    memory: requestLimit(bytesAmount, (b) => amountBytes(b)!),
    ephemeralStorage: requestLimit(bytesAmount, (b) => amountBytes(b)!),
  },
  { requiredKeys: [] }
);

// ---------------------------------------------------------------------------------------------
// Images, env, references

const IMAGES = [
  'busybox',
  'busybox:1.36',
  'busybox:latest',
  'perl:5.34.0',
  'python:3.12-slim',
  'nvcr.io/nvidia/pytorch:24.05-py3',
  'registry.example.com:5000/team/app:1.2.3',
  'localhost/app',
  'ghcr.io/org/sub/image:v1',
  `alpine@sha256:${'a'.repeat(64)}`,
  `registry.example.com/app:2.0@sha256:${'0123456789abcdef'.repeat(4)}`,
];

const imageComponent = bracketed(LOWER + DIGITS, `${LOWER}${DIGITS}`, 12);
export const image = fc.oneof(
  fc.constantFrom(...IMAGES),
  fc
    .tuple(
      fc.option(fc.constantFrom('docker.io/', 'registry.example.com/', 'reg.example.com:443/'), { nil: '' }),
      fc.array(imageComponent, { minLength: 1, maxLength: 3 }),
      fc.option(bracketed(LOWER + UPPER + DIGITS + '_', `${LOWER}${UPPER}${DIGITS}_.-`, 20), {
        nil: undefined,
      })
    )
    .map(([registry, path, tag]) => `${registry}${path.join('/')}${tag === undefined ? '' : `:${tag}`}`)
);

/** POSIX env names, upper or lower case. */
const posixEnvName = fc
  .tuple(charOf(`${UPPER}${LOWER}_`), word(`${UPPER}${DIGITS}_${LOWER}`, 0, 20))
  .map(([a, rest]) => `${a}${rest}`);
/**
 * Kubernetes' env name rule before 1.32 (`IsEnvVarName`: `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.` or `..`, not
 * starting with `..`): mostly POSIX, sometimes with `-` and `.` (ACK's Logtail names, `my.env-name`).
 */
const envName = fc.oneof(
  { weight: 3, arbitrary: posixEnvName },
  {
    weight: 1,
    arbitrary: fc
      .tuple(charOf(`${UPPER}${LOWER}_-.`), word(`${UPPER}${DIGITS}_${LOWER}-.`, 0, 20))
      .map(([a, rest]) => `${a}${rest}`)
      .filter((n) => n !== '.' && !n.startsWith('..')),
  }
);
const K8S_ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Names of env variables only Kubernetes 1.32+ takes (RelaxedEnvironmentVariableValidation): printable ASCII but `=`. */
const relaxedEnvName = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
    maxLength: 20,
  })
  .filter((n) => !n.includes('=') && !K8S_ENV_NAME.test(n));
/** Names that look like credentials. */
const credentialName = fc
  .tuple(
    fc.constantFrom('DB_', 'API', 'my_', 'GITHUB_', ''),
    fc.constantFrom('PASSWORD', 'Token', 'secret', '_KEY', 'ACCESS_KEY', 'CLIENT_SECRET')
  )
  .map(([a, b]) => `${a}${b}`)
  .filter((n) => /^[A-Za-z_]/.test(n));

/** Env variable names the Job patterns render themselves. */
const RESERVED_ENV = ['JOB_COMPLETION_INDEX', 'WORK_ITEM_FILE'];
const CREDENTIAL = /PASSWORD|TOKEN|SECRET|_KEY$/i;

const configKey = fc
  .tuple(charOf(`${LOWER}${UPPER}${DIGITS}-._`), word(`${LOWER}${UPPER}${DIGITS}-._`, 0, 30))
  .map(([a, b]) => `${a}${b}`)
  .filter((k) => k !== '.' && k !== '..');

const FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const fieldPath = fc.oneof(
  fc.constantFrom(...FIELD_PATHS),
  fc
    .tuple(fc.constantFrom('labels', 'annotations'), labelKey)
    .map(([where, key]) => `metadata.${where}['${key}']`)
);

const keyRefOptions = fc.record({ optional: fc.boolean() }, { requiredKeys: [] });

/** A literal that is safe under any name (declared not secret, or a reference). */
const referenceValue: fc.Arbitrary<EnvValue> = fc.oneof(
  fc.tuple(dnsSubdomain, configKey, keyRefOptions).map(([s, k, o]) => EnvValue.fromSecretKey(s, k, o)),
  fc.tuple(dnsSubdomain, configKey, keyRefOptions).map(([c, k, o]) => EnvValue.fromConfigMapKey(c, k, o)),
  fieldPath.map((p) => EnvValue.fromFieldPath(p))
);
const literalValue: fc.Arbitrary<EnvValue | string> = fc.oneof(
  text,
  text.map((v) => EnvValue.fromValue(v)),
  text.map((v) => EnvValue.fromValue(v, { notSecret: false }))
);

/** An env map for one container: literals only where the name does not look like a credential. */
function envMap(reserved: readonly string[]): fc.Arbitrary<Record<string, EnvValue | string>> {
  const plain = fc.tuple(
    fc.oneof({ weight: 30, arbitrary: envName }, { weight: 1, arbitrary: relaxedEnvName }),
    fc.oneof(literalValue, referenceValue)
  );
  const credential = fc.tuple(
    credentialName,
    fc.oneof(
      referenceValue,
      text.map((v) => EnvValue.fromValue(v, { notSecret: true }))
    )
  );
  return fc
    .uniqueArray(fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: credential }), {
      maxLength: 4,
      selector: ([name]) => name,
    })
    .map((entries) =>
      Object.fromEntries(
        entries
          .filter(([name]) => !reserved.includes(name))
          .map(([name, value]) =>
            CREDENTIAL.test(name) && (typeof value === 'string' || value.source.value !== undefined)
              ? [
                  name,
                  EnvValue.fromValue(typeof value === 'string' ? value : value.source.value!, {
                    notSecret: true,
                  }),
                ]
              : [name, value]
          )
      )
    );
}

const envFromList = fc.array(
  fc
    .tuple(
      fc.boolean(),
      dnsSubdomain,
      fc.record({ prefix: envName, optional: fc.boolean() }, { requiredKeys: [] })
    )
    .map(([secret, name, options]) =>
      secret ? EnvFrom.secret(name, options) : EnvFrom.configMap(name, options)
    ),
  { maxLength: 2 }
);

// ---------------------------------------------------------------------------------------------
// Volumes

const relativePath = fc
  .array(bracketed(LOWER + DIGITS, `${LOWER}${DIGITS}-_.`, 10), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('/'))
  .filter((p) => !p.split('/').includes('..') && !p.startsWith('..'));

const fileMode = fc.integer({ min: 0, max: 0o777 });

const configVolumeOptions = fc.record(
  {
    items: fc.uniqueArray(
      fc.record({ key: configKey, path: relativePath, mode: fc.option(fileMode, { nil: undefined }) }),
      { maxLength: 3, selector: (i) => i.path }
    ),
    defaultMode: fileMode,
    optional: fc.boolean(),
  },
  { requiredKeys: [] }
);

/** A volume of any factory named `name`. */
function volumeNamed(name: string): fc.Arbitrary<Volume> {
  return fc.oneof(
    fc.tuple(dnsSubdomain, configVolumeOptions).map(([s, o]) => Volume.fromSecret(name, s, o)),
    fc.tuple(dnsSubdomain, configVolumeOptions).map(([c, o]) => Volume.fromConfigMap(name, c, o)),
    fc
      .record(
        { medium: fc.constantFrom(EmptyDirMedium.DEFAULT, EmptyDirMedium.MEMORY), sizeLimit: size },
        { requiredKeys: [] }
      )
      .map((o) => Volume.emptyDir(name, o)),
    fc
      .tuple(dnsSubdomain, fc.record({ readOnly: fc.boolean() }, { requiredKeys: [] }))
      .map(([claim, o]) => Volume.fromPersistentVolumeClaim(name, claim, o)),
    fc
      .tuple(
        relativePath,
        fc.record({ type: fc.constantFrom(...Object.values(HostPathType)) }, { requiredKeys: [] })
      )
      .map(([p, o]) => Volume.fromHostPath(name, `/${p}`, o)),
    fc
      .tuple(
        fc.oneof(dnsSubdomain, fc.constant('10.0.0.5')),
        relativePath,
        fc.record({ readOnly: fc.boolean() }, { requiredKeys: [] })
      )
      .map(([server, p, o]) => Volume.fromNfs(name, `${server}:/${p}`, o)),
    fc
      .tuple(
        fc.constantFrom('disk.csi.example.com', 'com.tencent.cloud.csi.cbs', 'secrets-store.csi.k8s.io'),
        fc.record(
          {
            attributes: fc.dictionary(configKey, text, { maxKeys: 2 }),
            readOnly: fc.boolean(),
            fsType: fc.constantFrom('ext4', 'xfs'),
            nodePublishSecret: dnsSubdomain,
          },
          { requiredKeys: [] }
        )
      )
      .map(([driver, o]) => Volume.fromCsi(name, driver, o)),
    fc
      .record(
        {
          size,
          storageClass: fc.oneof(fc.constant('alicloud-disk-topology-alltype'), dnsSubdomain),
          accessModes: fc.oneof(
            fc.constant([PersistentVolumeAccessMode.READ_WRITE_ONCE_POD]).map((m) => [...m]),
            fc.uniqueArray(
              fc.constantFrom(
                PersistentVolumeAccessMode.READ_WRITE_ONCE,
                PersistentVolumeAccessMode.READ_ONLY_MANY,
                PersistentVolumeAccessMode.READ_WRITE_MANY
              ),
              { minLength: 1, maxLength: 3 }
            )
          ),
        },
        { requiredKeys: ['size'] }
      )
      .map((o) => Volume.ephemeralClaim(name, o))
  );
}

/** Volume names cdk8s-batch uses itself. */
const RESERVED_VOLUMES = ['writable-tmp', 'work-items', 'dshm'];

/** Volumes with distinct names, none of them reserved. */
function volumes(max: number): fc.Arbitrary<Volume[]> {
  return fc
    .uniqueArray(dnsLabel(20), { maxLength: max })
    .map((names) => names.filter((n) => !RESERVED_VOLUMES.includes(n)))
    .chain((names) => (names.length === 0 ? fc.constant([]) : fc.tuple(...names.map(volumeNamed))));
}

const MOUNT_PATHS = [
  '/data',
  '/cache',
  '/config',
  '/secrets',
  '/models',
  '/tmp',
  '/var/log/app',
  '/scratch/x',
  '/out/',
];
const mountPath = fc.oneof(
  fc.constantFrom(...MOUNT_PATHS),
  relativePath.map((p) => `/${p}`)
);

// ---------------------------------------------------------------------------------------------
// Containers

const portName = fc
  .tuple(charOf(LOWER), word(`${LOWER}${DIGITS}`, 0, 14))
  .map(([a, b]) => `${a}${b}`.slice(0, 15));

const probeTiming = (liveOrStartup: boolean) =>
  fc.record(
    {
      initialDelay: duration(0, 3600),
      period: duration(1, 3600),
      timeout: duration(1, 600),
      successThreshold: liveOrStartup ? fc.constant(1) : fc.integer({ min: 1, max: 10 }),
      failureThreshold: fc.integer({ min: 1, max: 30 }),
    },
    { requiredKeys: [] }
  );

const headerName = bracketed(`${LOWER}${UPPER}`, `${LOWER}${UPPER}${DIGITS}-`, 20);
const httpOptions = (port: fc.Arbitrary<number | string>) =>
  fc.record(
    {
      port,
      path: relativePath.map((p) => `/${p}`),
      scheme: fc.constantFrom(HttpScheme.HTTP, HttpScheme.HTTPS),
      headers: fc.oneof(
        fc.dictionary(headerName, text, { maxKeys: 2 }),
        // a list keeps its order and may repeat a name
        fc.array(fc.record({ name: fc.oneof(headerName, fc.constant('Accept')), value: text }), {
          maxLength: 3,
        })
      ),
    },
    { requiredKeys: ['port'] }
  );
const command = fc.array(text, { minLength: 1, maxLength: 4 });

function probe(kind: 'liveness' | 'readiness' | 'startup', port: fc.Arbitrary<number | string>) {
  const timing = probeTiming(kind !== 'readiness');
  return fc.oneof(
    fc.tuple(httpOptions(port), timing).map(([h, t]) => Probe.http({ ...h, ...t })),
    fc.tuple(port, timing).map(([p, t]) => Probe.tcp({ port: p, ...t })),
    fc.tuple(command, timing).map(([c, t]) => Probe.command(c, t))
  );
}

const handler = (port: fc.Arbitrary<number | string>) =>
  fc.oneof(
    command.map((c) => LifecycleHandler.command(c)),
    httpOptions(port).map((h) => LifecycleHandler.http(h))
  );

const CAPABILITIES = [
  'NET_BIND_SERVICE',
  'CHOWN',
  'KILL',
  'NET_RAW',
  'SYS_PTRACE',
  'SYS_ADMIN',
  'NET_ADMIN',
  'ALL',
];

/** The security fields of a container, including every opt-in. */
const containerSecurity = fc
  .record(
    {
      privileged: fc.boolean(),
      allowPrivilegeEscalation: fc.boolean(),
      capabilities: fc.record(
        {
          add: fc.subarray(CAPABILITIES, { maxLength: 3 }),
          drop: fc.subarray(['ALL', 'NET_RAW', 'CHOWN'], { maxLength: 2 }),
        },
        { requiredKeys: [] }
      ),
      readOnlyRootFilesystem: fc.boolean(),
      writableTmp: fc.boolean(),
      // A container's own user (DCE's per-container security settings); imageUser needs a pod without a UID.
      runAs: fc.oneof(
        fc.constant(RunAs.root()),
        fc
          .tuple(fc.integer({ min: 1, max: INT32_MAX }), fc.option(fc.nat(INT32_MAX), { nil: undefined }))
          .map(([uid, gid]) => RunAs.nonRootUser(uid, gid))
      ),
    },
    { requiredKeys: [] }
  )
  .map((s) => {
    const out: Record<string, unknown> = { ...s };
    if (s.privileged === true && s.allowPrivilegeEscalation === false) delete out.allowPrivilegeEscalation;
    if (
      s.capabilities?.add?.includes('SYS_ADMIN') &&
      s.allowPrivilegeEscalation !== true &&
      s.privileged !== true
    ) {
      out.allowPrivilegeEscalation = true;
    }
    if (s.readOnlyRootFilesystem !== true) delete out.writableTmp;
    return out as Pick<
      ContainerProps,
      | 'privileged'
      | 'allowPrivilegeEscalation'
      | 'capabilities'
      | 'readOnlyRootFilesystem'
      | 'writableTmp'
      | 'runAs'
    >;
  });

/** What a container may refer to: the pod's volumes and the ports it owns. */
interface ContainerContext {
  readonly init: boolean;
  readonly name?: string;
  readonly volumes: readonly Volume[];
  /** Port numbers (TCP/UDP) and names reserved for this container, unique in the pod. */
  readonly ports: readonly { number: number; protocol?: Protocol; name?: string }[];
  readonly reservedEnv: readonly string[];
}

function container(ctx: ContainerContext): fc.Arbitrary<ContainerProps> {
  const names = ctx.ports.map((p) => p.name).filter((n): n is string => n !== undefined);
  const numbers = ctx.ports.map((p) => p.number);
  const port: fc.Arbitrary<number | string> =
    names.length + numbers.length === 0
      ? fc.integer({ min: 1, max: 65535 })
      : fc.oneof(fc.constantFrom<number | string>(...names, ...numbers), fc.integer({ min: 1, max: 65535 }));
  const mounts: fc.Arbitrary<VolumeMount[]> =
    ctx.volumes.length === 0
      ? fc.constant([])
      : fc.uniqueArray(mountPath, { maxLength: 3, selector: (p) => p }).chain((paths) =>
          paths.length === 0
            ? fc.constant([])
            : fc.tuple(
                ...paths.map((p) =>
                  fc.record(
                    {
                      volume: fc
                        .constantFrom(...ctx.volumes)
                        .chain((v) => fc.constantFrom<Volume | string>(v, v.name)),
                      mountPath: fc.constant(p),
                      readOnly: fc.boolean(),
                      subPath: relativePath,
                    },
                    { requiredKeys: ['volume', 'mountPath'] }
                  )
                )
              )
        );
  const base = fc.record(
    {
      image,
      imagePullPolicy: fc.constantFrom(...Object.values(ImagePullPolicy)),
      command,
      args: fc.array(text, { maxLength: 3 }),
      workingDir: relativePath.map((p) => `/${p}`),
      env: envMap(ctx.reservedEnv),
      envFrom: envFromList,
      resources,
      stdin: fc.boolean(),
      tty: fc.boolean(),
      security: containerSecurity,
      volumeMounts: mounts,
    },
    { requiredKeys: ['image', 'security', 'volumeMounts'] }
  );
  const extras = ctx.init
    ? fc.constant({})
    : fc.record(
        {
          livenessProbe: probe('liveness', port),
          readinessProbe: probe('readiness', port),
          startupProbe: probe('startup', port),
          lifecycle: fc.record({ postStart: handler(port), preStop: handler(port) }, { requiredKeys: [] }),
        },
        { requiredKeys: [] }
      );
  return fc.tuple(base, extras, fc.boolean(), fc.boolean()).chain(([b, e, withLogs, stdoutLogs]) => {
    const { security, volumeMounts, ...rest } = b;
    const c: Record<string, unknown> = { ...rest, ...security, ...e };
    if (ctx.name !== undefined) c.name = ctx.name;
    if (volumeMounts.length > 0) c.volumeMounts = volumeMounts;
    if (ctx.ports.length > 0) c.ports = ctx.ports.map((p) => ({ ...p }));
    if (!withLogs) return fc.constant(c as unknown as ContainerProps);
    const dirs = volumeMounts.map((m) => m.mountPath.replace(/\/+$/, ''));
    return fc
      .record(
        {
          directory:
            dirs.length > 0 ? fc.constantFrom(...dirs).map((d) => `${d}/logs`) : fc.constant(undefined),
          files: fc.array(
            relativePath.map((p) => `/${p}/*.log`),
            { maxLength: 2 }
          ),
        },
        { requiredKeys: [] }
      )
      .map((logs) => {
        const l: Record<string, unknown> = { stdout: stdoutLogs };
        if (logs.directory !== undefined) l.directory = logs.directory;
        if (logs.files !== undefined) l.files = logs.files;
        return { ...c, logs: l } as unknown as ContainerProps;
      });
  });
}

/** Default container names, which explicit names must not take. */
const DEFAULT_NAME = /^(main|container-\d+|init-\d+|sidecar-\d+)$/;

/** Containers, sidecars and init containers with unique names and pod-unique ports. */
function podContainers(pod: { volumes: readonly Volume[]; reservedEnv: readonly string[] }): fc.Arbitrary<{
  containers: ContainerProps[];
  sidecars: ContainerProps[];
  initContainers: ContainerProps[];
}> {
  return fc
    .record({
      work: fc.oneof(
        { weight: 6, arbitrary: fc.constant(1) },
        { weight: 4, arbitrary: fc.integer({ min: 2, max: 3 }) }
      ),
      init: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 2 }) }
      ),
      side: fc.oneof(
        { weight: 7, arbitrary: fc.constant(0) },
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 2 }) }
      ),
      names: fc.uniqueArray(dnsLabel(20), { minLength: 7, maxLength: 7 }),
      named: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
      portNumbers: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 6 }),
      portNames: fc.uniqueArray(portName, { minLength: 6, maxLength: 6 }),
      portNamed: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      protocols: fc.array(fc.constantFrom(undefined, Protocol.TCP, Protocol.UDP), {
        minLength: 6,
        maxLength: 6,
      }),
      owners: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }),
    })
    .chain((r) => {
      // In order: work containers, sidecars (probes and hooks allowed), init containers.
      const total = r.work + r.side + r.init;
      const names = r.names.map((n, i) => (r.named[i] && !DEFAULT_NAME.test(n) ? n : undefined));
      const ports = (owner: number) =>
        r.portNumbers
          .map((number, i) => ({ number, i }))
          .filter(({ i }) => r.owners[i] % total === owner)
          .map(({ number, i }) => {
            const p: { number: number; protocol?: Protocol; name?: string } = { number };
            if (r.protocols[i] !== undefined) p.protocol = r.protocols[i];
            if (r.portNamed[i]) p.name = r.portNames[i];
            return p;
          });
      const containerArbs = Array.from({ length: total }, (_, i) =>
        container({
          init: i >= r.work + r.side,
          name: names[i],
          volumes: pod.volumes,
          ports: ports(i),
          reservedEnv: pod.reservedEnv,
        })
      );
      return fc.tuple(...containerArbs).map((all) => ({
        containers: all.slice(0, r.work),
        sidecars: all.slice(r.work, r.work + r.side),
        initContainers: all.slice(r.work + r.side),
      }));
    });
}

/** Effective names of the pod's containers (defaults included), in order. */
export function effectiveNames(props: {
  containers?: unknown;
  sidecars?: unknown;
  initContainers?: unknown;
}): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? (v as (ContainerProps | null)[]) : []);
  return [
    ...list(props.containers).map((c, i) => c?.name ?? (i === 0 ? 'main' : `container-${i}`)),
    ...list(props.sidecars).map((c, i) => c?.name ?? `sidecar-${i}`),
    ...list(props.initContainers).map((c, i) => c?.name ?? `init-${i}`),
  ];
}

// ---------------------------------------------------------------------------------------------
// Patterns, failure policy, scheduling

const bigCount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 200_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: INT32_MAX }) }
);

/** A success policy rule the API server takes for `completions` indexes (issue 19). */
function successRule(completions: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: completions - 1 }),
      fc.integer({ min: 0, max: completions - 1 }),
      fc.option(fc.integer({ min: 0, max: completions }), { nil: undefined }),
      fc.constantFrom('indexes', 'count', 'both')
    )
    .map(([a, b, count, which]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const indexes = lo === hi ? String(lo) : `${lo}-${hi}`;
      if (which === 'indexes') return { succeededIndexes: indexes };
      if (which === 'count') return { succeededCount: count ?? 1 };
      return { succeededIndexes: indexes, succeededCount: Math.min(count ?? 0, hi - lo + 1) };
    });
}

export const pattern: fc.Arbitrary<JobPattern> = fc.oneof(
  fc.constant(JobPattern.oneOff()),
  bigCount.chain((completions) =>
    (completions === 1
      ? fc.constant(undefined)
      : fc.option(fc.integer({ min: 1, max: completions }), { nil: undefined })
    ).map((parallelism) =>
      JobPattern.fixedCompletions(parallelism === undefined ? { completions } : { completions, parallelism })
    )
  ),
  bigCount.map((parallelism) => JobPattern.workQueue({ parallelism })),
  bigCount.chain((completions) => {
    const large = completions > 100_000;
    return fc
      .record(
        {
          parallelism: fc.integer({ min: 1, max: Math.min(completions, 100_000) }),
          backoffLimitPerIndex: fc.integer({ min: 0, max: 10 }),
          maxFailedIndexes: fc.integer({ min: 0, max: Math.min(completions, 100_000) }),
          workItems:
            completions <= 20
              ? fc.array(text, { minLength: completions, maxLength: completions })
              : fc.constant(undefined),
          successPolicy: fc.array(successRule(completions), { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: [] }
      )
      .map((o) => {
        const options: Record<string, unknown> = { completions, ...o };
        if (options.workItems === undefined) delete options.workItems;
        if (o.backoffLimitPerIndex === undefined) delete options.maxFailedIndexes;
        if (large && o.backoffLimitPerIndex !== undefined) {
          options.maxFailedIndexes = Math.min(o.maxFailedIndexes ?? 10, 10_000);
          if (o.parallelism !== undefined) options.parallelism = Math.min(o.parallelism, 10_000);
        }
        return JobPattern.indexed(options as unknown as Parameters<typeof JobPattern.indexed>[0]);
      });
  })
);

function podFailureRule(containerNames: readonly string[], failIndex: boolean): fc.Arbitrary<PodFailureRule> {
  const actions = [PodFailureAction.FAIL_JOB, PodFailureAction.IGNORE, PodFailureAction.COUNT];
  if (failIndex) actions.push(PodFailureAction.FAIL_INDEX);
  const action = fc.constantFrom(...actions);
  return fc.oneof(
    fc
      .tuple(
        action,
        fc.constantFrom(ExitCodeOperator.IN, ExitCodeOperator.NOT_IN),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.constantFrom(...containerNames), { nil: undefined })
      )
      .map(([a, operator, codes, containerName]) => {
        const valid = operator === ExitCodeOperator.IN ? codes.map((c) => (c === 0 ? 1 : c)) : codes;
        return PodFailureRule.onExitCodes(
          a,
          containerName === undefined ? { codes: valid, operator } : { codes: valid, operator, containerName }
        );
      }),
    fc
      .tuple(
        action,
        fc.oneof(fc.constantFrom('DisruptionTarget', 'ConfigIssue', 'example.com/Custom'), labelKey),
        fc.option(fc.constantFrom(...Object.values(ConditionStatus)), { nil: undefined })
      )
      .map(([a, type, status]) =>
        PodFailureRule.onPodCondition(a, status === undefined ? { type } : { type, status })
      ),
    fc.constant(PodFailureRule.ignoreDisruptions())
  );
}

const requirement: fc.Arbitrary<NodeRequirement> = fc.oneof(
  fc
    .tuple(labelKey, fc.array(labelValue, { minLength: 1, maxLength: 3 }))
    .map(([k, v]) => NodeLabel.in(k, ...v)),
  fc
    .tuple(labelKey, fc.array(labelValue, { minLength: 1, maxLength: 3 }))
    .map(([k, v]) => NodeLabel.notIn(k, ...v)),
  labelKey.map((k) => NodeLabel.exists(k)),
  labelKey.map((k) => NodeLabel.doesNotExist(k)),
  fc.tuple(labelKey, fc.integer({ min: -1000, max: 1_000_000 })).map(([k, n]) => NodeLabel.greaterThan(k, n)),
  fc.tuple(labelKey, fc.integer({ min: -1000, max: 1_000_000 })).map(([k, n]) => NodeLabel.lessThan(k, n)),
  fc
    .tuple(
      labelKey,
      fc.constantFrom(NodeOperator.IN, NodeOperator.NOT_IN),
      fc.array(labelValue, { minLength: 1, maxLength: 2 })
    )
    .map(([key, operator, values]) => ({ key, operator, values }))
);

export const nodeAffinity = fc.record(
  {
    required: fc.array(requirement, { minLength: 1, maxLength: 3 }),
    preferred: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 100 }),
        requirements: fc.array(requirement, { minLength: 1, maxLength: 2 }),
      }),
      { maxLength: 2 }
    ),
  },
  { requiredKeys: [] }
);

export const toleration: fc.Arbitrary<Toleration> = fc
  .record(
    {
      key: fc.option(labelKey, { nil: undefined }),
      operator: fc.option(fc.constantFrom(TolerationOperator.EQUAL, TolerationOperator.EXISTS), {
        nil: undefined,
      }),
      value: labelValue,
      effect: fc.option(fc.constantFrom(...Object.values(TaintEffect)), { nil: undefined }),
      tolerationSeconds: fc.integer({ min: 0, max: 86400 }),
    },
    { requiredKeys: [] }
  )
  .map((t) => {
    const out: Record<string, unknown> = {};
    if (t.key !== undefined) out.key = t.key;
    const exists = t.key === undefined || t.operator === TolerationOperator.EXISTS;
    if (exists) out.operator = TolerationOperator.EXISTS;
    else if (t.operator !== undefined) out.operator = t.operator;
    if (!exists && t.value !== undefined) out.value = t.value;
    if (t.effect !== undefined) out.effect = t.effect;
    if (t.effect === TaintEffect.NO_EXECUTE && t.tolerationSeconds !== undefined)
      out.tolerationSeconds = t.tolerationSeconds;
    return out as Toleration;
  });

export const runAs = fc.oneof(
  fc.constant(RunAs.DEFAULT),
  fc.constant(RunAs.imageUser()),
  fc.constant(RunAs.root()),
  fc
    .tuple(
      fc.integer({ min: 1, max: INT32_MAX }),
      fc.option(fc.integer({ min: 0, max: INT32_MAX }), { nil: undefined })
    )
    .map(([uid, gid]) => RunAs.nonRootUser(uid, gid))
);

/** AppArmor annotations are where a pod annotation changes the Pod Security level. */
function appArmorAnnotations(containerNames: readonly string[]) {
  return fc
    .subarray([...containerNames], { maxLength: Math.min(2, containerNames.length) })
    .chain((names) =>
      fc
        .tuple(...names.map(() => fc.constantFrom('runtime/default', 'localhost/custom', 'unconfined')))
        .map(
          (profiles) =>
            Object.fromEntries(
              names.map((n, i) => [`container.apparmor.security.beta.kubernetes.io/${n}`, profiles[i]])
            ) as Record<string, string>
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Job template props

/** The props every job construct shares, given the pattern and the longest name the kind allows. */
function jobTemplateProps(p: JobPattern, maxName: number, generatedSuffix: number): fc.Arbitrary<AnyProps> {
  const indexed = p.kind === JobPatternKind.INDEXED;
  const reservedEnv = indexed ? RESERVED_ENV : [];
  const perIndex = indexed && p.backoffLimitPerIndex !== undefined;
  const completions = p.completions ?? 1;
  // Indexed pods are named `<name>[-<suffix>]-<index>`, which must stay a DNS label.
  const nameMax = indexed
    ? Math.min(maxName, 63 - generatedSuffix - 1 - String(completions - 1).length)
    : maxName;
  return fc
    .tuple(volumes(3), volumes(2))
    .chain(([declared, inline]) => {
      const inlineVolumes = inline.filter((v) => !declared.some((d) => d.name === v.name));
      return fc.record({
        declared: fc.constant(declared),
        inline: fc.constant(inlineVolumes),
        pod: podContainers({
          // Mounts may name declared volumes or give inline ones (added to the pod automatically).
          volumes: [...declared, ...inlineVolumes],
          reservedEnv,
        }),
      });
    })
    .chain(({ declared, inline, pod }) => {
      const names = effectiveNames(pod);
      // A mount by name must name a declared volume: inline volumes are mounted as objects.
      const fixMounts = (c: ContainerProps): ContainerProps =>
        c.volumeMounts === undefined
          ? c
          : {
              ...c,
              volumeMounts: c.volumeMounts.map((m) => {
                const inlined = inline.find((v) => v.name === m.volume);
                return inlined ? { ...m, volume: inlined } : m;
              }),
            };
      const containers = pod.containers.map(fixMounts);
      const initContainers = pod.initContainers.map(fixMounts);
      const sidecars = pod.sidecars.map(fixMounts);
      return fc.record(
        {
          name: dnsLabel(nameMax),
          namespace: dnsLabel(),
          displayName: text.filter((t) => t.length > 0),
          description: text.filter((t) => t.length > 0 && t.length <= 512),
          labels,
          annotations,
          pattern: fc.constant(p),
          backoffLimit: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: INT32_MAX })),
          activeDeadline: duration(),
          ttlAfterFinished: fc.oneof(duration(), fc.constant(null)),
          restartPolicy: fc.constantFrom(RestartPolicy.NEVER, RestartPolicy.ON_FAILURE),
          suspend: fc.boolean(),
          terminationGracePeriod: duration(0, 3600),
          podFailurePolicy: fc.array(podFailureRule(names, perIndex), { maxLength: 4 }),
          podReplacementPolicy: fc.constantFrom(...Object.values(PodReplacementPolicy)),
          podLabels: labels,
          podAnnotations: fc
            .tuple(annotations, appArmorAnnotations(names))
            .map(([a, apparmor]) => ({ ...a, ...apparmor })),
          containers: fc.constant(containers),
          initContainers: fc.constant(initContainers),
          sidecars: fc.constant(sidecars),
          volumes: fc.constant(declared),
          imagePullSecrets: fc.array(dnsSubdomain, { maxLength: 2 }),
          nodeSelector: labels,
          runAs,
          automountServiceAccountToken: fc.boolean(),
          serviceAccount: dnsSubdomain,
          nodeAffinity,
          tolerations: fc.array(toleration, { maxLength: 3 }),
          priorityClassName: dnsSubdomain,
          fsGroup: fc.integer({ min: 0, max: INT32_MAX }),
          network: fc.constantFrom(NetworkMode.overlay(), NetworkMode.host()),
          kubernetesVersion: fc.constantFrom(...Object.values(KubernetesVersion)),
          // Needs Kubernetes 1.32: in a third of the Jobs, so that older targets stay covered.
          managedBy: sometimes(
            fc.constantFrom('kueue.x-k8s.io/multikueue', 'example.com/batch-controller'),
            35
          ),
        },
        { requiredKeys: ['containers', 'initContainers', 'sidecars', 'volumes', 'pattern'] }
      );
    })
    .map((props) => {
      const out: Record<string, unknown> = { ...props };
      if (out.initContainers !== undefined && (out.initContainers as unknown[]).length === 0)
        delete out.initContainers;
      if (out.sidecars !== undefined && (out.sidecars as unknown[]).length === 0) delete out.sidecars;
      if (out.volumes !== undefined && (out.volumes as unknown[]).length === 0) delete out.volumes;
      if (out.managedBy === undefined) delete out.managedBy;
      // podFailurePolicy needs restartPolicy Never.
      if ((props.podFailurePolicy ?? []).length > 0 && props.restartPolicy === RestartPolicy.ON_FAILURE)
        delete out.restartPolicy;
      // With a podFailurePolicy only Failed is allowed.
      if ((props.podFailurePolicy ?? []).length > 0) delete out.podReplacementPolicy;
      return withVersionFor(out) as AnyProps;
    });
}

/** The props with `kubernetesVersion` raised, when needed, to the first version that has every field they use. */
function withVersionFor(props: Record<string, unknown>): Record<string, unknown> {
  let minor = Number(targetVersionOf(props).split('.')[1]);
  // Env names outside `IsEnvVarName` need the relaxed rule of 1.32+.
  const envNames = ['containers', 'sidecars', 'initContainers'].flatMap((list) =>
    listOf<ContainerProps>(props[list]).flatMap((c) => Object.keys(c.env ?? {}))
  );
  if (envNames.some((n) => !K8S_ENV_NAME.test(n))) minor = Math.max(minor, 32);
  for (const row of VERSIONED_FIELDS) {
    if (row.paths(props).length > 0)
      minor = Math.max(minor, Number(firstVersionWith(row.gate).split('.')[1]));
  }
  const needed = `1.${minor}` as KubernetesVersion;
  return needed === targetVersionOf(props) ? props : { ...props, kubernetesVersion: needed };
}

/** The target version a scenario's construct renders for: its prop, else the chart default, else 1.28. */
export function targetOf(s: Scenario): KubernetesVersion {
  const given =
    (s.props as { kubernetesVersion?: unknown }).kubernetesVersion ?? s.defaults?.kubernetesVersion;
  return targetVersionOf({ kubernetesVersion: given as KubernetesVersion }) as KubernetesVersion;
}

const queueProps = fc.record({ queue: dnsSubdomain, queuePriorityClass: dnsSubdomain }, { requiredKeys: [] });

// ---------------------------------------------------------------------------------------------
// GPU

const GPU_MODELS = ['A100-SXM4-80GB', 'Tesla-T4', 'NVIDIA-H100-80GB-HBM3', 'A10'];
const MIG_PRODUCT_LABELS = ['A100-SXM4-80GB', 'NVIDIA-A100-PCIE-40GB', 'NVIDIA-H100-80GB-HBM3', 'NVIDIA-A30'];

const wholeCard = fc
  .record(
    {
      count: fc.integer({ min: 1, max: 16 }),
      model: fc.constantFrom(...GPU_MODELS),
      extra: fc.integer({ min: 0, max: 8 }),
      withMax: fc.boolean(),
    },
    { requiredKeys: ['count', 'extra', 'withMax'] }
  )
  .map(({ count, model, extra, withMax }) =>
    Gpu.wholeCard({
      count,
      ...(model === undefined ? {} : { model }),
      ...(withMax ? { maxPerNode: count + extra } : {}),
    })
  );

const mig = fc
  .tuple(
    // A MIG family, or a product label as Gpu.wholeCard takes it (the same value works in both).
    fc.option(fc.constantFrom(...Object.keys(MIG_PROFILES), ...MIG_PRODUCT_LABELS), { nil: undefined }),
    fc.integer({ min: 1, max: 7 }),
    fc.option(fc.constantFrom(MigStrategy.SINGLE, MigStrategy.MIXED), { nil: undefined })
  )
  .chain(([model, count, strategy]) =>
    (model === undefined
      ? fc
          .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 200 }), fc.boolean())
          .map(([g, m, me]) => `${g}g.${m}gb${me ? '+me' : ''}`)
      : fc.constantFrom(...MIG_PROFILES[migFamilyOf(model)!])
    ).map((profile) =>
      Gpu.mig({
        profile,
        count,
        ...(model === undefined ? {} : { model }),
        ...(strategy === undefined ? {} : { strategy }),
      })
    )
  );

const models = fc.array(fc.constantFrom('A100', 'H800', 'T4', 'V100'), { minLength: 1, maxLength: 2 });

/** Virtual GPU options a HAMi-like stack takes; `full` adds the HAMi-only ones. */
function hamiVirtual(full: boolean) {
  return fc
    .record(
      {
        cards: fc.integer({ min: 1, max: 8 }),
        extraPerNode: fc.integer({ min: 0, max: 8 }),
        coresPercent: fc.integer({ min: 1, max: 100 }),
        memory: fc.oneof(
          fc.integer({ min: 1, max: 81920 }).map((n) => Size.mebibytes(n)),
          fc.integer({ min: 1, max: 80 }).map((n) => Size.gibibytes(n))
        ),
        memoryPercent: fc.integer({ min: 1, max: 100 }),
        cardPolicy: fc.constantFrom(...Object.values(GpuSchedulingPolicy)),
        nodePolicy: fc.constantFrom(...Object.values(GpuSchedulingPolicy)),
        priority: fc.constantFrom(...Object.values(GpuTaskPriority)),
        models,
        excludeModels: models,
      },
      { requiredKeys: ['cards'] }
    )
    .map((o) => {
      const { extraPerNode, ...rest } = o;
      const out: Record<string, unknown> = { ...rest };
      if (extraPerNode !== undefined) out.maxPerNode = o.cards + extraPerNode;
      if (o.memory !== undefined) delete out.memoryPercent;
      if (!full)
        for (const f of ['cardPolicy', 'nodePolicy', 'priority', 'models', 'excludeModels']) delete out[f];
      return Gpu.virtual(out as unknown as Parameters<typeof Gpu.virtual>[0]);
    });
}

/** cGPU and qGPU: one card, memory in whole GiB, compute in steps of 5. */
const cloudVirtual = fc
  .record(
    { memory: fc.integer({ min: 1, max: 80 }), coresPercent: fc.integer({ min: 1, max: 20 }) },
    { requiredKeys: ['memory'] }
  )
  .map(({ memory, coresPercent }) =>
    Gpu.virtual({
      cards: 1,
      memory: Size.gibibytes(memory),
      ...(coresPercent === undefined ? {} : { coresPercent: coresPercent * 5 }),
    })
  );

/** gpu-manager: one card, memory in 256 MiB units. */
const gpuManagerVirtual = fc
  .record(
    { memory: fc.integer({ min: 1, max: 320 }), coresPercent: fc.integer({ min: 1, max: 100 }) },
    { requiredKeys: [] }
  )
  .map(({ memory, coresPercent }) =>
    Gpu.virtual({
      cards: 1,
      ...(memory === undefined ? {} : { memory: Size.mebibytes(memory * 256) }),
      ...(coresPercent === undefined ? {} : { coresPercent }),
    })
  );

/** The stacks, each with the requests it can express. */
const GPU_STACKS: ReadonlyArray<[() => GpuStack, fc.Arbitrary<Gpu>]> = [
  [() => GpuStack.nvidia(), fc.oneof(wholeCard, mig)],
  [() => GpuStack.hami(), fc.oneof(wholeCard, mig, hamiVirtual(true))],
  [() => GpuStack.dce(), fc.oneof(wholeCard, mig, hamiVirtual(true))],
  [() => GpuStack.aliyunCgpu(), fc.oneof(wholeCard, cloudVirtual)],
  [() => GpuStack.tencentQgpu(), fc.oneof(wholeCard, cloudVirtual)],
  [() => GpuStack.tkestackGpuManager(), fc.oneof(wholeCard, gpuManagerVirtual)],
  [() => GpuStack.volcano(), fc.oneof(wholeCard, hamiVirtual(false))],
  [() => GpuStack.nvidia({ resourceNames: { gpu: 'example.com/gpu' } }), wholeCard],
];

export const gpuRequest: fc.Arbitrary<{ gpu: Gpu; gpuStack?: GpuStack }> = fc
  .tuple(fc.integer({ min: 0, max: GPU_STACKS.length - 1 }), fc.boolean())
  .chain(([i, explicit]) =>
    GPU_STACKS[i][1].map((gpu) => {
      const stack = GPU_STACKS[i][0]();
      // The default stack is nvidia(): leave it out sometimes.
      return i === 0 && !explicit ? { gpu } : { gpu, gpuStack: stack };
    })
  );

// ---------------------------------------------------------------------------------------------
// Schedules and time zones

function cronField(min: number, max: number, names?: readonly string[]): fc.Arbitrary<string> {
  const value = names
    ? fc.oneof(
        fc.integer({ min, max }).map(String),
        fc.integer({ min, max }).map((v) => names[v - min])
      )
    : fc.integer({ min, max }).map(String);
  const range = fc
    .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
    .map(([a, b]) => (a <= b ? `${a}-${b}` : `${b}-${a}`));
  const step = fc.integer({ min: 1, max: max - min + 1 });
  const item = fc.oneof(
    value,
    range,
    fc.tuple(range, step).map(([r, s]) => `${r}/${s}`),
    step.map((s) => `*/${s}`),
    fc.tuple(fc.integer({ min, max }), step).map(([v, s]) => `${v}/${s}`)
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: item },
    { weight: 1, arbitrary: fc.array(item, { minLength: 2, maxLength: 3 }).map((l) => l.join(',')) }
  );
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'DEC'];
const DAYS = ['sun', 'Mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** 5 fields that run at least once (day-of-month ≤ 28 whenever the month is restricted). */
const fiveFields = fc
  .tuple(
    cronField(0, 59),
    cronField(0, 23),
    fc.boolean(),
    cronField(1, 12, MONTHS),
    fc.oneof(cronField(0, 6, DAYS), fc.constant('?'))
  )
  .chain(([minute, hour, longMonthDays, month, dow]) =>
    fc
      .oneof(cronField(1, month === '*' && longMonthDays ? 31 : 28), fc.constant('?'))
      .map((dom) => `${minute} ${hour} ${dom} ${month} ${dow}`)
  );

export const schedule: fc.Arbitrary<Schedule> = fc.oneof(
  { weight: 4, arbitrary: fiveFields.map((e) => Schedule.cron(e)) },
  { weight: 1, arbitrary: fiveFields.map((e) => Schedule.expression(e)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly')
      .map((m) => Schedule.expression(m)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Schedule.hourly(),
      Schedule.daily(),
      Schedule.weekly(),
      Schedule.monthly(),
      Schedule.yearly(),
      Schedule.fromCron(Cron.daily()),
      Schedule.fromCron(Cron.schedule({ minute: '30', hour: '2', weekDay: 'MON-FRI' }))
    ),
  }
);

const ZONES = Intl.supportedValuesOf('timeZone');
export const timeZone = fc.oneof(
  fc.constantFrom('UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Etc/GMT+8', 'Asia/Kolkata'),
  fc.constantFrom(...ZONES)
);

// ---------------------------------------------------------------------------------------------
// Valid scenarios

/**
 * Construct ids. Names of `Object.prototype` members are left out: `constructs` keeps children in a
 * plain object, so a child named `toString` clashes with the prototype (an upstream quirk).
 */
const constructId = fc
  .oneof(
    fc.constant('job'),
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,30}$/),
    fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
      .filter((s) => !s.includes('/') && s.trim() === s)
  )
  .filter((id) => !(id in Object.prototype));

/** `JobDefaults` a chart may set (including opt-ins such as root). */
const jobDefaults: fc.Arbitrary<JobDefaultsProps> = fc.record(
  {
    backoffLimit: fc.integer({ min: 0, max: 10 }),
    activeDeadline: duration(),
    ttlAfterFinished: fc.oneof(duration(), fc.constant(null)),
    terminationGracePeriod: duration(0, 600),
    podLabels: labels,
    imagePullSecrets: fc.array(dnsSubdomain, { maxLength: 1 }),
    nodeSelector: labels,
    runAs,
    automountServiceAccountToken: fc.boolean(),
    kubernetesVersion: fc.constantFrom(...Object.values(KubernetesVersion)),
  },
  { requiredKeys: [] }
);

/** Scenario fields shared by every kind. */
const scenarioBase = fc.record(
  { id: constructId, chartNamespace: dnsLabel(), defaults: jobDefaults },
  { requiredKeys: ['id'] }
);

/** A valid `BatchJob` / `GpuJob` / `CronBatch` scenario: it must synthesize. */
export function validScenario(kind: ConstructKind): fc.Arbitrary<Scenario> {
  const maxName = kind === 'CronBatch' ? 52 : 63;
  return fc
    .tuple(scenarioBase, pattern)
    .chain(([base, p]) =>
      fc.tuple(
        fc.constant(base),
        jobTemplateProps(p, maxName, kind === 'CronBatch' ? 11 : 0),
        kindProps(kind),
        // Jobs named by the API server (kubectl create) or by Argo CD (a hook): ReapplyPolicy.generateName().
        fc.constantFrom(undefined, undefined, 'apiServer', 'argoCdHook')
      )
    )
    .map(([base, template, extra, generated]) => {
      const props: Record<string, unknown> = { ...template, ...extra };
      const p = props.pattern as JobPattern;
      // generateName takes neither work items nor a Service (service, distributed): they need the Job's name.
      const named =
        p.workItems !== undefined || props.service !== undefined || props.distributed !== undefined;
      if (kind !== 'CronBatch' && generated !== undefined && !named) {
        props.reapply = ReapplyPolicy.generateName();
        if (generated === 'argoCdHook') props.argoCd = { hooks: [ArgoCdHook.POST_SYNC] };
        const max = maxGeneratedBaseName(
          maxNameFor({ maxNameLength: 63, generatedSuffix: 0 }, p),
          props.argoCd as ArgoCdOptions | undefined
        );
        if (typeof props.name === 'string') props.name = props.name.slice(0, max).replace(/-+$/, '') || 'gen';
      }
      if (kind !== 'CronBatch') {
        fitJobServices(props);
        if (props.queuePriorityClass !== undefined && props.queue === undefined)
          delete props.queuePriorityClass;
        if (props.queue !== undefined && props.suspend === false) delete props.suspend;
      }
      if (kind === 'GpuJob') {
        const names = effectiveNames(props).slice(0, (props.containers as unknown[]).length);
        if (props.gpuContainer !== undefined)
          props.gpuContainer = names[Number(props.gpuContainer) % names.length];
        // DCE's per-container GPUs: the request on every work container, while the pod's cards fit one node.
        const perContainer = props.perContainer as boolean | undefined;
        delete props.perContainer;
        const gpu = props.gpu as Gpu;
        const r = gpu.request as { cards?: number; count?: number; maxPerNode?: number };
        const cards = gpu.mode === 'mig' ? 0 : (r.cards ?? r.count ?? 0);
        const fits = r.maxPerNode === undefined || cards * names.length <= r.maxPerNode;
        if (perContainer && names.length > 0 && fits) {
          props.containerGpus = Object.fromEntries(names.map((n) => [n, gpu]));
          delete props.gpu;
          delete props.gpuContainer;
        }
      }
      return { kind, ...base, props: props as AnyProps };
    })
    .chain((s) =>
      // Props written `runAs: cond ? RunAs.root() : undefined` are given but undefined.
      fc
        .subarray([
          'runAs',
          'ttlAfterFinished',
          'backoffLimit',
          'automountServiceAccountToken',
          'nodeSelector',
        ])
        .map((keys) => {
          const props: Record<string, unknown> = { ...s.props };
          for (const key of keys) if (!(key in props)) props[key] = undefined;
          return { ...s, props: props as AnyProps };
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Services and multi-node jobs (issue 19)

const serviceName = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);

/** The ports of a Service: distinct numbers and node ports, named when more than one. */
function servicePorts(min: number, nodePorts: boolean) {
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: min, maxLength: 3 })
    .chain((numbers) =>
      fc.tuple(
        ...numbers.map((port, i) =>
          fc
            .record(
              {
                name: numbers.length > 1 ? fc.constant(`p${i}`) : dnsLabel(15),
                targetPort: fc.oneof(fc.integer({ min: 1, max: 65535 }), portName),
                protocol: fc.constantFrom(Protocol.TCP, Protocol.UDP),
                // Node ports distinct too (one 900-port band per port, within 30000-32767).
                nodePort: nodePorts
                  ? fc.integer({ min: 0, max: 899 }).map((n) => 30000 + 900 * i + n)
                  : fc.constant(undefined),
              },
              { requiredKeys: numbers.length > 1 ? ['name'] : [] }
            )
            .map((o) => {
              const out: Record<string, unknown> = { port, ...o };
              if (out.nodePort === undefined) delete out.nodePort;
              return out;
            })
        )
      )
    );
}

/** A `JobService` of any type, as a recipe (built once its name is known). */
const jobServiceRecipe = fc.oneof(
  fc.record({ type: fc.constant('clusterIp' as const), ports: servicePorts(1, false) }),
  fc.record({ type: fc.constant('nodePort' as const), ports: servicePorts(1, true) }),
  fc.record({
    type: fc.constant('headless' as const),
    ports: servicePorts(0, false),
    publishNotReadyAddresses: fc.boolean(),
  })
);
type JobServiceRecipe = typeof jobServiceRecipe extends fc.Arbitrary<infer T> ? T : never;

function buildJobService(r: JobServiceRecipe, name: string | undefined): JobService {
  const options: Record<string, unknown> = { ports: r.ports, ...(name === undefined ? {} : { name }) };
  if (r.type === 'headless')
    return JobService.headless({ ...options, publishNotReadyAddresses: r.publishNotReadyAddresses });
  return JobService[r.type](options as unknown as Parameters<typeof JobService.clusterIp>[0]);
}

/** `Distributed` of any framework. */
const distributed: fc.Arbitrary<Distributed> = fc
  .tuple(
    fc.constantFrom('pytorch' as const, 'jax' as const, 'tensorflow' as const, 'generic' as const),
    fc.record(
      {
        nodes: fc.integer({ min: 1, max: 64 }),
        port: fc.integer({ min: 1, max: 65535 }),
        serviceName,
        procsPerNode: fc.integer({ min: 1, max: 16 }),
      },
      { requiredKeys: ['nodes'] }
    )
  )
  .map(([framework, o]) => {
    if (framework === 'pytorch') return Distributed.pytorch(o);
    const rest = { ...o };
    delete rest.procsPerNode;
    return Distributed[framework](rest);
  });

/** Every variable name `distributed` may set. */
const DISTRIBUTED_ENV = new Set(
  ['JOB_NAME', 'MASTER_ADDR', 'MASTER_PORT', 'WORLD_SIZE', 'RANK'].concat(
    ['MASTER_ADDR', 'MASTER_PORT', 'NNODES', 'NODE_RANK', 'NPROC_PER_NODE'].map((n) => `PET_${n}`),
    ['JAX_COORDINATOR_ADDRESS', 'JAX_NUM_PROCESSES', 'JAX_PROCESS_ID', 'TF_CONFIG'],
    ['COORDINATOR_ADDRESS', 'COORDINATOR_PORT', 'NUM_NODES', 'NODE_RANK']
  )
);

/**
 * `arb` in about `percent`% of the cases, else undefined (an optional record key is there in 5 cases of 6,
 * which for props that need a newer Kubernetes or that shape the whole Job would leave little else tested).
 */
function sometimes<T>(arb: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: 100 - percent, arbitrary: fc.constant(undefined) },
    { weight: percent, arbitrary: arb }
  );
}

/**
 * A Service in about a third of the Jobs, `distributed` in a quarter: both name the Job, so the rest
 * keeps work items and `ReapplyPolicy.generateName()` covered.
 */
const jobServiceProps = fc
  .record({
    service: sometimes(jobServiceRecipe, 35),
    serviceName: fc.option(serviceName, { nil: undefined }),
    distributed: sometimes(distributed, 25),
  })
  .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));

/**
 * Makes `service` and `distributed` fit the other props: `distributed` sets the pattern, needs restartPolicy
 * Never and Failed replacement, and owns its variables; a Service name must be a DNS-1035 label, and two
 * Services need two names.
 */
function fitJobServices(props: Record<string, unknown>): void {
  const recipe = props.service as JobServiceRecipe | undefined;
  const d = props.distributed as Distributed | undefined;
  let name = props.serviceName as string | undefined;
  delete props.serviceName;
  delete props.service;
  if ((recipe || d) && typeof props.name === 'string' && !/^[a-z]/.test(props.name)) delete props.name;
  if (d) {
    delete props.pattern;
    // FailIndex needs backoffLimitPerIndex, which the distributed pattern does not set.
    if (Array.isArray(props.podFailurePolicy))
      props.podFailurePolicy = (props.podFailurePolicy as PodFailureRule[]).filter(
        (r) => r.action !== PodFailureAction.FAIL_INDEX
      );
    if (props.restartPolicy === RestartPolicy.ON_FAILURE) delete props.restartPolicy;
    if (props.podReplacementPolicy === PodReplacementPolicy.TERMINATING_OR_FAILED)
      delete props.podReplacementPolicy;
    // `<name>-<index>` must stay a DNS label.
    if (typeof props.name === 'string' && props.name.length > 63 - 1 - String(d.nodes - 1).length)
      delete props.name;
    for (const list of ['containers', 'initContainers']) {
      const containers = props[list] as ContainerProps[] | undefined;
      if (!containers) continue;
      props[list] = containers.map((c) =>
        c.env
          ? { ...c, env: Object.fromEntries(Object.entries(c.env).filter(([k]) => !DISTRIBUTED_ENV.has(k))) }
          : c
      );
    }
    // The distributed Service is named serviceName or the job's name: the other one needs another name.
    if (
      recipe &&
      (name === undefined || name === d.serviceName || (d.serviceName === undefined && name === props.name))
    )
      name = `svc-${d.serviceName ?? 'extra'}`.slice(0, 63);
  }
  if (recipe) props.service = buildJobService(recipe, name);
}

function kindProps(kind: ConstructKind): fc.Arbitrary<Record<string, unknown>> {
  switch (kind) {
    case 'BatchJob':
      return fc.tuple(queueProps, jobServiceProps).map(([q, j]) => ({ ...q, ...j }));
    case 'GpuJob':
      return fc
        .tuple(
          queueProps,
          jobServiceProps,
          gpuRequest,
          fc.record(
            {
              gpuContainer: fc.nat(3).map(String),
              perContainer: fc.boolean(),
              sharedMemory: fc.oneof(
                size.filter((s) => amountBytes(s)! >= 1024 * 1024),
                fc.constant(null)
              ),
              schedulerName: dnsSubdomain,
            },
            { requiredKeys: [] }
          )
        )
        .map(([q, j, g, o]) => ({ ...q, ...j, ...g, ...o }));
    case 'CronBatch':
      return fc.record(
        {
          schedule,
          timeZone,
          concurrencyPolicy: fc.constantFrom(...Object.values(ConcurrencyPolicy)),
          startingDeadline: duration(0, 86400),
          successfulJobsHistoryLimit: fc.integer({ min: 0, max: 100 }),
          failedJobsHistoryLimit: fc.integer({ min: 0, max: 100 }),
          suspend: fc.boolean(),
          jobLabels: labels,
          jobAnnotations: annotations,
        },
        { requiredKeys: ['schedule'] }
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Invalid scenarios

/**
 * A value made when the scenario is built, not when it is generated: one that fast-check must not
 * read, copy or print (a Proxy whose traps throw, a getter that throws), or a call that throws.
 */
export class Deferred {
  constructor(
    public readonly label: string,
    public readonly make: () => unknown
  ) {}
  [fc.toStringMethod](): string {
    return this.label;
  }
}

/**
 * Replaces every `Deferred` in plain objects and arrays by what it makes. Objects without one are
 * returned as they are (null-prototype objects included).
 */
export function resolveDeferred<T>(value: T): T {
  if (value instanceof Deferred) return value.make() as T;
  if (Array.isArray(value)) {
    const items = value.map(resolveDeferred);
    return (items.some((v, i) => v !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const entries = Object.entries(value).map(([k, v]) => [k, resolveDeferred(v)] as const);
    const changed = entries.some(([k, v]) => v !== (value as Record<string, unknown>)[k]);
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}

/** A prop value as a plain-JavaScript caller may pass it, which TypeScript would refuse. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = (value: unknown): any => value;

type Props = Record<string, unknown>;
type Applied = readonly [Props, Violation];

/** One kind of mistake. */
interface Mutation {
  readonly rule: string;
  /** The constructs it applies to (all when left out). */
  readonly kinds?: readonly ConstructKind[];
  /** The props it changes: mutations that touch the same props are not combined. */
  readonly touches: readonly string[];
  /** Whether it applies to these (valid) props. */
  readonly applies?: (p: Props) => boolean;
  readonly make: (p: Props) => fc.Arbitrary<Applied>;
}

const violation = (rule: string, field: string, mentions?: string): Violation =>
  mentions === undefined ? { rule, field } : { rule, field, mentions };

/** Sets one prop. */
function setting(rule: string, prop: string, values: readonly unknown[], field = prop): Mutation {
  return {
    rule,
    touches: [prop],
    make: (p) =>
      fc.constantFrom(...values).map((v) => [{ ...p, [prop]: v }, violation(rule, field)] as const),
  };
}

/** A list prop, or none when an earlier mutation made it something else. */
const listOf = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const containersOf = (p: Props) => listOf<ContainerProps>(p.containers);
const initOf = (p: Props) => listOf<ContainerProps>(p.initContainers);
const volumesOf = (p: Props) => listOf<Volume>(p.volumes);

/** Changes one work container (picked at random) with `patch`; the field is relative to it. */
function inContainer(
  rule: string,
  patch: (c: ContainerProps, p: Props) => fc.Arbitrary<readonly [Record<string, unknown>, string]>
): Mutation {
  return {
    rule,
    touches: ['containers'],
    applies: (p) => containersOf(p).length > 0,
    make: (p) =>
      fc.nat(containersOf(p).length - 1).chain((i) =>
        patch(containersOf(p)[i], p).map(([changes, field]) => {
          const containers = containersOf(p).map((c, j) => (j === i ? { ...c, ...changes } : c));
          return [{ ...p, containers }, violation(rule, `containers[${i}]${field}`)] as const;
        })
      ),
  };
}

/** Appends a container (work or init) built by `make`; the field is relative to it. */
function appendContainer(
  rule: string,
  list: 'containers' | 'initContainers',
  make: (p: Props) => fc.Arbitrary<readonly [ContainerProps, string]>
): Mutation {
  return {
    rule,
    touches: [list],
    make: (p) =>
      make(p).map(([c, field]) => {
        const current = list === 'containers' ? containersOf(p) : initOf(p);
        return [
          { ...p, [list]: [...current, c] },
          violation(rule, `${list}[${current.length}]${field}`),
        ] as const;
      }),
  };
}

/** Appends a volume; the field is relative to it. */
function appendVolume(rule: string, volumes: fc.Arbitrary<readonly [unknown, string]>): Mutation {
  return {
    rule,
    touches: ['volumes'],
    make: (p) =>
      volumes.map(([v, field]) => {
        const current = volumesOf(p);
        return [
          { ...p, volumes: [...current, v] },
          violation(rule, `volumes[${current.length}]${field}`),
        ] as const;
      }),
  };
}

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
const usedPorts = (p: Props) =>
  new Set([...containersOf(p), ...initOf(p)].flatMap((c) => (c.ports ?? []).map((x) => x.number)));
const freePort = (p: Props) => {
  const used = usedPorts(p);
  let n = 30000;
  while (used.has(n)) n++;
  return n;
};

/** Every kind of mistake the invalid scenarios inject. */
export const MUTATIONS: readonly Mutation[] = [
  // Out-of-range numbers and wrong types on Job settings.
  setting('backoffLimit out of range', 'backoffLimit', [-1, 1.5, INT32_MAX + 1, NaN, Infinity, untyped('6')]),
  setting('activeDeadline not whole seconds', 'activeDeadline', [Duration.millis(1500), untyped(3600)]),
  setting('ttlAfterFinished too long', 'ttlAfterFinished', [Duration.seconds(INT32_MAX + 1), untyped('1d')]),
  setting('terminationGracePeriod not whole seconds', 'terminationGracePeriod', [Duration.millis(500)]),
  setting('restartPolicy Always', 'restartPolicy', [untyped('Always'), untyped('never')]),
  setting('suspend not a boolean', 'suspend', [untyped('true'), untyped(1)]),
  setting('fsGroup negative', 'fsGroup', [-1, 0.5, untyped('1000')]),
  setting('root UID without the opt-in', 'runAs', [RunAs.nonRootUser(0), RunAs.nonRootUser(-5)], 'runAs.uid'),
  setting('runAs not a RunAs', 'runAs', [untyped('root'), untyped({ runAsUser: 1000 })]),
  setting('priorityClassName not a DNS subdomain', 'priorityClassName', ['High_Priority', 'Batch Low']),
  setting('serviceAccount not a DNS subdomain', 'serviceAccount', ['Batch_SA', '']),
  setting(
    'imagePullSecret not a DNS subdomain',
    'imagePullSecrets',
    [['Registry_Creds']],
    'imagePullSecrets[0]'
  ),
  setting('nodeSelector not labels', 'nodeSelector', [
    { 'disk type': 'ssd' },
    untyped('disk=ssd'),
    { disk: 'ss d' },
  ]),
  setting('podLabels reserved', 'podLabels', [
    { 'job-name': 'x' },
    { 'batch.kubernetes.io/controller-uid': 'x' },
  ]),
  setting('podAnnotations reserved', 'podAnnotations', [{ 'cdk8s-batch.io/logs': '{}' }]),
  setting(
    'tolerations wrong',
    'tolerations',
    [
      [
        {
          key: 'gpu',
          operator: TolerationOperator.EQUAL,
          value: 'yes',
          effect: TaintEffect.NO_SCHEDULE,
          tolerationSeconds: 10,
        },
      ],
      [{ key: 'gpu', operator: untyped('equal') }],
      [{ operator: TolerationOperator.EQUAL, value: 'x' }],
    ],
    'tolerations[0]'
  ),
  setting(
    'node affinity wrong',
    'nodeAffinity',
    [
      { preferred: [{ weight: 0, requirements: [NodeLabel.exists('zone')] }] },
      { preferred: [{ weight: 101, requirements: [NodeLabel.exists('zone')] }] },
      { required: [NodeLabel.in('topology.kubernetes.io/zone')] },
      { required: [NodeLabel.greaterThan('cpu-count', 1.5)] },
      { required: [] },
    ],
    'nodeAffinity'
  ),
  setting('network not a NetworkMode', 'network', [untyped('host'), untyped({ hostNetwork: true })]),
  setting('volumes not Volumes', 'volumes', [
    untyped([{ name: 'scratch', emptyDir: {} }]),
    untyped('scratch'),
  ]),
  setting('containers not a list of containers', 'containers', [
    untyped('busybox'),
    untyped([null]),
    untyped([{ name: 'x' }]),
  ]),

  // Identity.
  {
    rule: 'name not a DNS label',
    touches: ['name'],
    make: (p) =>
      pick('Bad_Name', 'UPPER', '-lead', 'trail-', 'a.b', '', 'x'.repeat(64)).map(
        (name) => [{ ...p, name }, violation('name not a DNS label', 'name')] as const
      ),
  },
  setting('namespace not a DNS label', 'namespace', ['Prod_NS', 'a.b']),
  setting('description too long', 'description', ['x'.repeat(513), '']),
  setting('labels invalid', 'labels', [
    { 'bad key': 'v' },
    { k: 'v'.repeat(64) },
    { 'example.com/': 'v' },
    untyped({ k: 1 }),
  ]),
  setting('annotation reserved', 'annotations', [{ 'cdk8s-batch.io/pod-security': 'restricted' }]),
  {
    rule: 'unknown prop (typo)',
    touches: ['(props)'],
    make: (p) =>
      pick('completion', 'backofflimit', 'container', 'image', 'ttl', 'restart_policy').map(
        (key) => [{ ...p, [key]: 1 }, violation('unknown prop (typo)', '(props)', key)] as const
      ),
  },
  {
    rule: 'props not an object',
    touches: ['(props)', '*'],
    make: () =>
      pick(null, untyped('busybox'), untyped([])).map(
        (v) => [v as Props, violation('props not an object', '(props)')] as const
      ),
  },

  // Patterns.
  {
    rule: 'parallelism > completions',
    touches: ['pattern'],
    make: (p) =>
      fc
        .tuple(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.boolean())
        .map(([completions, extra, indexed]) => {
          const options = { completions, parallelism: completions + extra };
          const pattern = indexed ? JobPattern.indexed(options) : JobPattern.fixedCompletions(options);
          return [{ ...p, pattern }, violation('parallelism > completions', 'pattern.parallelism')] as const;
        }),
  },
  {
    rule: 'completions 1 with parallelism > 1',
    touches: ['pattern'],
    make: (p) =>
      fc
        .integer({ min: 2, max: 10 })
        .map(
          (parallelism) =>
            [
              { ...p, pattern: JobPattern.fixedCompletions({ completions: 1, parallelism }) },
              violation('completions 1 with parallelism > 1', 'pattern.parallelism'),
            ] as const
        ),
  },
  {
    rule: 'pattern counts out of range',
    touches: ['pattern'],
    make: (p) =>
      pick<readonly [JobPattern, string]>(
        [JobPattern.fixedCompletions({ completions: 0 }), 'pattern.completions'],
        [JobPattern.fixedCompletions({ completions: 2.5 }), 'pattern.completions'],
        [JobPattern.workQueue({ parallelism: 0 }), 'pattern.parallelism'],
        [JobPattern.indexed({ completions: 200000, parallelism: 150000 }), 'pattern.parallelism'],
        [JobPattern.indexed({ completions: 5, maxFailedIndexes: 1 }), 'pattern.maxFailedIndexes'],
        [JobPattern.indexed({ completions: 3, workItems: ['a'] }), 'pattern.workItems']
      ).map(
        ([pattern, field]) => [{ ...p, pattern }, violation('pattern counts out of range', field)] as const
      ),
  },
  setting('pattern not a JobPattern', 'pattern', [untyped('oneOff'), untyped({ completions: 2 })]),
  {
    // Jobs cut a long name to fit instead (rename-on-change); a CronJob's name is fixed.
    rule: 'indexed name too long for its hostnames',
    kinds: ['CronBatch'],
    touches: ['pattern', 'name'],
    make: (p) =>
      fc.constant([
        { ...p, pattern: JobPattern.indexed({ completions: 1000 }), name: 'a'.repeat(50) },
        violation('indexed name too long for its hostnames', 'name'),
      ] as const),
  },
  {
    rule: 'reserved env with the indexed pattern',
    touches: ['pattern', 'containers'],
    make: (p) =>
      fc.constant([
        {
          ...p,
          pattern: JobPattern.indexed({ completions: 3 }),
          containers: [
            { ...containersOf(p)[0], env: { ...containersOf(p)[0]?.env, JOB_COMPLETION_INDEX: '0' } },
            ...containersOf(p).slice(1),
          ],
        },
        violation('reserved env with the indexed pattern', 'containers[0].env.JOB_COMPLETION_INDEX'),
      ] as const),
  },

  // Pod failure policy.
  {
    rule: 'podFailurePolicy with restartPolicy OnFailure',
    touches: ['podFailurePolicy', 'restartPolicy'],
    make: (p) =>
      fc.constant([
        {
          ...p,
          restartPolicy: RestartPolicy.ON_FAILURE,
          podFailurePolicy: [PodFailureRule.ignoreDisruptions()],
        },
        violation('podFailurePolicy with restartPolicy OnFailure', 'podFailurePolicy'),
      ] as const),
  },
  {
    rule: 'pod failure rule invalid',
    touches: ['podFailurePolicy', 'restartPolicy'],
    make: (p) =>
      pick<readonly [unknown, string]>(
        [
          PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [256] }),
          'podFailurePolicy[0].onExitCodes.codes',
        ],
        [
          PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [0, 1] }),
          'podFailurePolicy[0].onExitCodes.codes',
        ],
        [
          PodFailureRule.onExitCodes(PodFailureAction.FAIL_JOB, { codes: [] }),
          'podFailurePolicy[0].onExitCodes.codes',
        ],
        [
          PodFailureRule.onExitCodes(PodFailureAction.IGNORE, {
            codes: [1],
            containerName: 'no-such-container',
          }),
          'podFailurePolicy[0].onExitCodes.containerName',
        ],
        [
          PodFailureRule.onPodCondition(PodFailureAction.IGNORE, { type: 'Bad Type' }),
          'podFailurePolicy[0].onPodCondition.type',
        ],
        [PodFailureRule.onExitCodes(untyped('fail'), { codes: [1] }), 'podFailurePolicy[0].action'],
        [untyped({ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }), 'podFailurePolicy[0]']
      ).map(
        ([rule, field]) =>
          [
            { ...p, restartPolicy: RestartPolicy.NEVER, podFailurePolicy: [rule] },
            violation('pod failure rule invalid', field),
          ] as const
      ),
  },
  {
    rule: 'FailIndex without backoffLimitPerIndex',
    touches: ['podFailurePolicy', 'restartPolicy', 'pattern'],
    make: (p) =>
      pick(JobPattern.oneOff(), JobPattern.indexed({ completions: 4 })).map(
        (pattern) =>
          [
            {
              ...p,
              pattern,
              restartPolicy: RestartPolicy.NEVER,
              podFailurePolicy: [PodFailureRule.onExitCodes(PodFailureAction.FAIL_INDEX, { codes: [42] })],
            },
            violation('FailIndex without backoffLimitPerIndex', 'podFailurePolicy[0].action'),
          ] as const
      ),
  },
  setting('too many pod failure rules', 'podFailurePolicy', [
    Array.from({ length: 21 }, () => PodFailureRule.ignoreDisruptions()),
  ]),

  // Volumes.
  appendVolume(
    'volume invalid',
    pick<readonly [unknown, string]>(
      [Volume.emptyDir('Scratch_1'), '.name'],
      [Volume.fromSecret('creds-v', 'creds', { defaultMode: 644 }), '.defaultMode'],
      [Volume.fromConfigMap('cfg-v', 'cfg', { items: [{ key: 'a', path: '../escape' }] }), '.items[0].path'],
      [Volume.fromHostPath('host-v', '/var/../etc'), '.path'],
      [Volume.fromNfs('nfs-v', 'nfs://server/exports'), '.export'],
      [Volume.fromCsi('csi-v', 'Not A Driver'), '.driver'],
      [Volume.fromCsi('disk-v', 'diskplugin.csi.alibabacloud.com'), '.driver'],
      [
        Volume.ephemeralClaim('claim-v', { size: Size.gibibytes(1), storageClass: 'Fast_SSD' }),
        '.storageClass',
      ],
      [Volume.fromPersistentVolumeClaim('pvc-v', 'Claim_1'), '.claim'],
      [Volume.emptyDir('mem-v', { medium: untyped('memory') }), '.medium'],
      [untyped({ name: 'raw', emptyDir: {} }), '']
    )
  ),
  {
    rule: 'volume name used twice',
    touches: ['volumes'],
    make: (p) => {
      const current = volumesOf(p);
      return fc.constant([
        { ...p, volumes: [...current, Volume.emptyDir('twice'), Volume.fromConfigMap('twice', 'cfg')] },
        violation('volume name used twice', `volumes[${current.length + 1}].name`),
      ] as const);
    },
  },

  // Containers.
  inContainer('container name not a DNS label', () =>
    pick([{ name: 'Main_Container' }, '.name'] as const, [{ name: 'a.b' }, '.name'] as const)
  ),
  appendContainer('container name used twice', 'containers', (p) =>
    fc.constant([{ image: 'busybox:1.36', name: effectiveNames(p)[0] }, '.name'] as const)
  ),
  inContainer('container runAs root UID without the opt-in', () =>
    pick<readonly [Record<string, unknown>, string]>(
      [{ runAs: RunAs.nonRootUser(0) }, '.runAs.uid'],
      [{ runAs: untyped({ runAsUser: 0 }) }, '.runAs']
    )
  ),
  {
    rule: 'container RunAs.imageUser() under a pod UID',
    touches: ['containers', 'runAs'],
    applies: (p) => containersOf(p).length > 0,
    make: (p) =>
      fc.nat(containersOf(p).length - 1).map((i) => {
        const containers = containersOf(p).map((c, j) => (j === i ? { ...c, runAs: RunAs.imageUser() } : c));
        const props = { ...p, runAs: RunAs.nonRootUser(1000), containers };
        return [
          props,
          violation('container RunAs.imageUser() under a pod UID', `containers[${i}].runAs`),
        ] as const;
      }),
  },
  inContainer('image invalid', () =>
    pick<readonly [Record<string, unknown>, string]>(
      [{ image: '' }, '.image'],
      [{ image: 'Bad Image' }, '.image'],
      [{ image: 'team/App:1' }, '.image'],
      [{ image: 'app:tag:extra' }, '.image'],
      [{ image: untyped(undefined) }, '.image'],
      [{ image: untyped(42) }, '.image']
    )
  ),
  inContainer('command or workingDir invalid', () =>
    pick<readonly [Record<string, unknown>, string]>(
      [{ command: [] }, '.command'],
      [{ command: untyped('perl -e 1') }, '.command'],
      [{ args: untyped('--verbose') }, '.args'],
      [{ workingDir: 'work' }, '.workingDir']
    )
  ),
  inContainer('env invalid', (c) =>
    pick<readonly [Record<string, unknown>, string]>(
      // Invalid at every target: '=' (the relaxed rule of 1.32+ takes '1BAD' and '..MY-VAR') and non-ASCII.
      [{ env: { ...c.env, 'BAD=NAME': 'x' } }, '.env.BAD=NAME'],
      [{ env: { ...c.env, 'MY-VÄR': 'x' } }, '.env.MY-VÄR'],
      [{ env: untyped(['A=1']) }, '.env'],
      [{ env: { ...c.env, A_NUMBER: untyped(1) } }, '.env.A_NUMBER'],
      [{ env: { ...c.env, NODE: EnvValue.fromFieldPath('spec.hostname') } }, '.env.NODE'],
      [{ env: { ...c.env, REF: EnvValue.fromSecretKey('Bad_Secret', 'k') } }, '.env.REF'],
      [{ envFrom: [EnvFrom.configMap('cfg', { prefix: 'A=' })] }, '.envFrom[0]'],
      [{ envFrom: untyped(['cfg']) }, '.envFrom[0]']
    )
  ),
  inContainer('credential as a literal env value', (c) =>
    fc
      .tuple(credentialName, text, fc.boolean())
      .map(
        ([name, value, wrapped]) =>
          [
            { env: { ...c.env, [name]: wrapped ? EnvValue.fromValue(value) : value } },
            `.env.${name}`,
          ] as const
      )
  ),
  inContainer('resources invalid', () =>
    pick<readonly [Record<string, unknown>, string]>(
      [
        { resources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(250) } } },
        '.resources.cpu.request',
      ],
      [
        { resources: { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) } } },
        '.resources.memory.request',
      ],
      [{ resources: { memory: { limit: Size.mebibytes(0) } } }, '.resources.memory.limit'],
      [{ resources: { cpu: { request: Cpu.millis(0) } } }, '.resources.cpu.request'],
      [{ resources: untyped({ cpu: '250m' }) }, '.resources.cpu'],
      [{ resources: untyped({ memory: { limit: '512m' } }) }, '.resources.memory.limit'],
      [{ resources: { cpu: { request: '500m', limit: Cpu.millis(250) } } }, '.resources.cpu.request'],
      [{ resources: { memory: { request: '1G', limit: '512Mi' } } }, '.resources.memory.request'],
      [{ resources: { ephemeralStorage: { limit: '1 Gi' } } }, '.resources.ephemeralStorage.limit'],
      [{ resources: untyped({ gpu: 1 }) }, '.resources']
    )
  ),
  inContainer('port invalid', (c, p) => {
    const ports = c.ports ?? [];
    const k = ports.length;
    const free = freePort(p);
    return pick<readonly [Record<string, unknown>, string]>(
      [{ ports: [...ports, { number: 0 }] }, `.ports[${k}].number`],
      [{ ports: [...ports, { number: 65536 }] }, `.ports[${k}].number`],
      [{ ports: [...ports, { number: 80.5 }] }, `.ports[${k}].number`],
      [{ ports: [...ports, { number: free, name: 'HTTP' }] }, `.ports[${k}].name`],
      [{ ports: [...ports, { number: free, name: 'http--alt' }] }, `.ports[${k}].name`],
      [{ ports: [...ports, { number: free, name: 'a-very-long-port' }] }, `.ports[${k}].name`],
      [{ ports: [...ports, { number: free }, { number: free }] }, `.ports[${k + 1}].number`],
      [{ ports: [...ports, { number: free, protocol: untyped('SCTP') }] }, `.ports[${k}].protocol`]
    );
  }),
  inContainer('probe invalid', (c) => {
    const names = new Set((c.ports ?? []).map((x) => x.name));
    const missing = names.has('nosuchport') ? 'nosuchport2' : 'nosuchport';
    return pick<readonly [Record<string, unknown>, string]>(
      [{ livenessProbe: Probe.http({ port: 8080, successThreshold: 2 }) }, '.livenessProbe.successThreshold'],
      [{ startupProbe: Probe.command(['true'], { successThreshold: 3 }) }, '.startupProbe.successThreshold'],
      [{ readinessProbe: Probe.tcp({ port: missing }) }, '.readinessProbe.port'],
      [{ livenessProbe: Probe.command(['true'], { period: Duration.seconds(0) }) }, '.livenessProbe.period'],
      [
        { livenessProbe: Probe.command(['true'], { timeout: Duration.millis(500) }) },
        '.livenessProbe.timeout',
      ],
      [
        { readinessProbe: Probe.command(['true'], { failureThreshold: 0 }) },
        '.readinessProbe.failureThreshold',
      ],
      [{ livenessProbe: Probe.command([]) }, '.livenessProbe.command'],
      [{ livenessProbe: Probe.http({ port: 70000 }) }, '.livenessProbe.port'],
      [{ livenessProbe: Probe.http({ port: 8080, path: 'healthz' }) }, '.livenessProbe.path'],
      [{ livenessProbe: untyped({ httpGet: { port: 8080 } }) }, '.livenessProbe'],
      [{ lifecycle: { preStop: LifecycleHandler.http({ port: missing }) } }, '.lifecycle.preStop.port']
    );
  }),
  appendContainer('probe or hook on an init container', 'initContainers', () =>
    pick<readonly [ContainerProps, string]>(
      [{ image: 'busybox:1.36', livenessProbe: Probe.command(['true']) }, '.livenessProbe'],
      [{ image: 'busybox:1.36', lifecycle: { preStop: LifecycleHandler.command(['true']) } }, '.lifecycle']
    )
  ),
  inContainer('volume mount invalid', (c, p) => {
    const mounts = c.volumeMounts ?? [];
    const k = mounts.length;
    const declared = volumesOf(p).map((v) => v?.name);
    const missing = declared.includes('no-such-volume') ? 'no-such-volume-2' : 'no-such-volume';
    const scratch = Volume.emptyDir('mutation-scratch');
    return pick<readonly [Record<string, unknown>, string]>(
      [
        { volumeMounts: [...mounts, { volume: missing, mountPath: '/mutation-a' }] },
        `.volumeMounts[${k}].volume`,
      ],
      [
        { volumeMounts: [...mounts, { volume: scratch, mountPath: 'data' }] },
        `.volumeMounts[${k}].mountPath`,
      ],
      [
        {
          volumeMounts: [
            ...mounts,
            { volume: scratch, mountPath: '/mutation-b' },
            { volume: scratch, mountPath: '/mutation-b' },
          ],
        },
        `.volumeMounts[${k + 1}].mountPath`,
      ],
      [
        { volumeMounts: [...mounts, { volume: scratch, mountPath: '/mutation-c', subPath: '../up' }] },
        `.volumeMounts[${k}].subPath`,
      ],
      [
        { volumeMounts: [...mounts, { volume: untyped(42), mountPath: '/mutation-d' }] },
        `.volumeMounts[${k}].volume`,
      ]
    );
  }),
  inContainer('security fields inconsistent', () =>
    pick<readonly [Record<string, unknown>, string]>(
      [{ writableTmp: true, readOnlyRootFilesystem: false }, '.writableTmp'],
      [
        { capabilities: { add: ['SYS_ADMIN'] }, allowPrivilegeEscalation: false, privileged: false },
        '.capabilities.add',
      ],
      [{ capabilities: { add: ['CAP_SYS_TIME'] } }, '.capabilities.add[0]'],
      [{ capabilities: { drop: ['all'] } }, '.capabilities.drop[0]'],
      [{ privileged: true, allowPrivilegeEscalation: false }, '.allowPrivilegeEscalation'],
      [{ privileged: untyped('yes') }, '.privileged']
    )
  ),
  inContainer('logs directory off the mounts', () =>
    fc.constant([{ logs: { directory: '/cdk8s-batch-no-mount/logs' } }, '.logs.directory'] as const)
  ),
  inContainer('unknown container prop', () =>
    pick('memory', 'imagePullSecrets', 'restartPolicy', 'securityContext').map(
      (key) => [{ [key]: 'x' }, ''] as const
    )
  ),

  // Kueue.
  {
    rule: 'queue props invalid',
    kinds: ['BatchJob', 'GpuJob'],
    touches: ['queue', 'queuePriorityClass', 'suspend'],
    make: (p) =>
      pick<readonly [Props, string]>(
        [{ queue: 'Team Queue' }, 'queue'],
        [{ queue: undefined, queuePriorityClass: 'high' }, 'queuePriorityClass'],
        [{ queue: 'team-a', suspend: false }, 'suspend']
      ).map(([changes, field]) => [{ ...p, ...changes }, violation('queue props invalid', field)] as const),
  },

  // GPU.
  {
    ...setting('gpu missing or not a Gpu', 'gpu', [
      undefined,
      untyped({ count: 1 }),
      untyped('nvidia.com/gpu'),
    ]),
    kinds: ['GpuJob'],
    applies: (p) => (p as { containerGpus?: unknown }).containerGpus === undefined,
  },
  { ...setting('gpuStack not a GpuStack', 'gpuStack', [untyped('hami')]), kinds: ['GpuJob'] },
  {
    rule: 'GPU request the stack cannot express',
    kinds: ['GpuJob'],
    touches: ['gpu', 'gpuStack'],
    make: (p) =>
      pick<readonly [Gpu, GpuStack | undefined, string]>(
        [Gpu.virtual({ cards: 1, coresPercent: 30 }), undefined, 'gpu.cards'],
        [Gpu.virtual({ cards: 1, memoryPercent: 50 }), GpuStack.nvidia(), 'gpu.cards'],
        [Gpu.mig({ profile: '1g.10gb', count: 1 }), GpuStack.aliyunCgpu(), 'gpu.profile'],
        [Gpu.mig({ profile: '1g.10gb', count: 1 }), GpuStack.tencentQgpu(), 'gpu.profile'],
        [Gpu.mig({ profile: '1g.10gb', count: 1 }), GpuStack.tkestackGpuManager(), 'gpu.profile'],
        [Gpu.mig({ profile: '1g.10gb', count: 1 }), GpuStack.volcano(), 'gpu.profile'],
        [Gpu.virtual({ cards: 2, memory: Size.gibibytes(4) }), GpuStack.aliyunCgpu(), 'gpu.cards'],
        [Gpu.virtual({ cards: 1 }), GpuStack.aliyunCgpu(), 'gpu.memory'],
        [
          Gpu.virtual({ cards: 1, memory: Size.gibibytes(4), coresPercent: 33 }),
          GpuStack.tencentQgpu(),
          'gpu.coresPercent',
        ],
        [Gpu.virtual({ cards: 1, memory: Size.mebibytes(1536) }), GpuStack.aliyunCgpu(), 'gpu.memory'],
        [Gpu.virtual({ cards: 1, priority: GpuTaskPriority.HIGH }), GpuStack.volcano(), 'gpu.priority'],
        [
          Gpu.virtual({ cards: 1, memory: Size.gibibytes(4), models: ['A100'] }),
          GpuStack.aliyunCgpu(),
          'gpu.models',
        ],
        [Gpu.virtual({ cards: 1, memory: Size.mebibytes(300) }), GpuStack.tkestackGpuManager(), 'gpu.memory']
      ).map(
        ([gpu, gpuStack, field]) =>
          [
            { ...p, gpu, gpuStack, containerGpus: undefined },
            violation('GPU request the stack cannot express', field),
          ] as const
      ),
  },
  {
    rule: 'GPU request invalid',
    kinds: ['GpuJob'],
    touches: ['gpu', 'gpuStack'],
    make: (p) =>
      pick<readonly [Gpu, GpuStack | undefined, string]>(
        [Gpu.wholeCard({ count: 0 }), undefined, 'gpu.count'],
        [Gpu.wholeCard({ count: 1.5 }), undefined, 'gpu.count'],
        [Gpu.wholeCard({ count: 8, maxPerNode: 4 }), undefined, 'gpu.count'],
        [Gpu.wholeCard({ count: 1, model: 'A100 80GB' }), undefined, 'gpu.model'],
        [Gpu.virtual({ cards: 1, coresPercent: 101 }), GpuStack.hami(), 'gpu.coresPercent'],
        [Gpu.virtual({ cards: 4, maxPerNode: 2 }), GpuStack.hami(), 'gpu.cards'],
        [
          Gpu.virtual({ cards: 1, memory: Size.gibibytes(8), memoryPercent: 50 }),
          GpuStack.hami(),
          'gpu.memoryPercent',
        ],
        [Gpu.virtual({ cards: 1, models: [] }), GpuStack.hami(), 'gpu.models'],
        [Gpu.mig({ profile: '1g.5gb', count: 1, model: 'A100-80GB' }), undefined, 'gpu.profile'],
        [Gpu.mig({ profile: '1g.10gb', count: 1, model: 'A100' }), undefined, 'gpu.model'],
        [Gpu.mig({ profile: '1g-10gb', count: 1 }), undefined, 'gpu.profile'],
        [
          Gpu.wholeCard({ count: 1 }),
          GpuStack.nvidia({ resourceNames: { gpu: 'gpu' } }),
          'gpuStack.resourceNames.gpu',
        ]
      ).map(
        ([gpu, gpuStack, field]) =>
          [
            { ...p, gpu, gpuStack, containerGpus: undefined },
            violation('GPU request invalid', field),
          ] as const
      ),
  },
  {
    ...setting('gpuContainer names no container', 'gpuContainer', ['no-such-container']),
    kinds: ['GpuJob'],
    touches: ['gpuContainer', 'containers'],
    applies: (p) => (p as { containerGpus?: unknown }).containerGpus === undefined,
  },
  {
    rule: 'containerGpus names no container',
    kinds: ['GpuJob'],
    touches: ['gpu', 'gpuContainer', 'containerGpus', 'containers'],
    applies: (p) => containersOf(p).length > 0,
    make: (p) =>
      fc.constant([
        {
          ...p,
          gpu: undefined,
          gpuContainer: undefined,
          containerGpus: { 'no-such-container': Gpu.wholeCard({ count: 1 }) },
        },
        violation('containerGpus names no container', 'containerGpus.no-such-container'),
      ] as const),
  },
  {
    rule: 'containerGpus take more cards than one node has',
    kinds: ['GpuJob'],
    touches: ['gpu', 'gpuContainer', 'containerGpus', 'containers', 'gpuStack'],
    applies: (p) => containersOf(p).length > 1,
    make: (p) => {
      const names = effectiveNames(p).slice(0, containersOf(p).length);
      const gpu = Gpu.wholeCard({ count: 2, maxPerNode: 3 });
      return fc.constant([
        {
          ...p,
          gpu: undefined,
          gpuContainer: undefined,
          gpuStack: GpuStack.nvidia(),
          containerGpus: Object.fromEntries(names.map((n) => [n, gpu])),
        },
        violation('containerGpus take more cards than one node has', 'containerGpus'),
      ] as const);
    },
  },
  {
    rule: 'GPU model conflicts with nodeSelector',
    kinds: ['GpuJob'],
    touches: ['gpu', 'gpuStack', 'nodeSelector'],
    make: (p) =>
      fc.constant([
        {
          ...p,
          gpu: Gpu.wholeCard({ count: 1, model: 'A100-SXM4-80GB' }),
          gpuStack: GpuStack.nvidia(),
          containerGpus: undefined,
          nodeSelector: { 'nvidia.com/gpu.product': 'Tesla-T4' },
        },
        violation('GPU model conflicts with nodeSelector', 'nodeSelector.nvidia.com/gpu.product'),
      ] as const),
  },
  {
    rule: 'volume named like the /dev/shm volume',
    kinds: ['GpuJob'],
    touches: ['volumes', 'sharedMemory'],
    make: (p) =>
      fc.constant([
        { ...p, sharedMemory: undefined, volumes: [...volumesOf(p), Volume.emptyDir('dshm')] },
        violation('volume named like the /dev/shm volume', 'volumes'),
      ] as const),
  },
  {
    ...setting('sharedMemory too small', 'sharedMemory', [Size.kibibytes(512), untyped('1Gi')]),
    kinds: ['GpuJob'],
  },
  { ...setting('schedulerName not a DNS subdomain', 'schedulerName', ['My_Scheduler']), kinds: ['GpuJob'] },

  // CronBatch.
  {
    ...setting('schedule invalid', 'schedule', [
      Schedule.cron('0 0 * * * *'),
      Schedule.cron('60 * * * *'),
      Schedule.cron('* 24 * * *'),
      Schedule.cron('* * * * 7'),
      Schedule.cron('0 0 30 2 *'),
      Schedule.cron('TZ=UTC 0 2 * * *'),
      Schedule.cron('* * *'),
      Schedule.cron(''),
      Schedule.cron('@daily'),
      Schedule.cron('*/0 * * * *'),
      Schedule.cron('5-1 * * * *'),
      Schedule.expression('@every 5m'),
      Schedule.expression('@sometimes'),
      Schedule.expression(' @daily'),
      undefined,
      untyped('0 * * * *'),
      untyped(Cron.daily()),
    ]),
    kinds: ['CronBatch'],
  },
  {
    ...setting('timeZone unknown', 'timeZone', [
      'Mars/Olympus_Mons',
      'asia/shanghai',
      'Local',
      '',
      'UTC+8',
      'Asia/Shang hai',
      'America/Not_A_City',
      untyped(8),
    ]),
    kinds: ['CronBatch'],
  },
  { ...setting('CronJob name too long', 'name', ['a'.repeat(53)]), kinds: ['CronBatch'] },
  {
    ...setting('history limit invalid', 'successfulJobsHistoryLimit', [-1, 1.5, untyped('3')]),
    kinds: ['CronBatch'],
  },
  { ...setting('failed history limit invalid', 'failedJobsHistoryLimit', [-1]), kinds: ['CronBatch'] },
  {
    ...setting('startingDeadline not whole seconds', 'startingDeadline', [
      Duration.millis(1500),
      untyped(60),
    ]),
    kinds: ['CronBatch'],
  },
  {
    ...setting('concurrencyPolicy invalid', 'concurrencyPolicy', [untyped('forbid'), untyped('Never')]),
    kinds: ['CronBatch'],
  },
  { ...setting('jobLabels invalid', 'jobLabels', [{ 'bad key': 'x' }]), kinds: ['CronBatch'] },
  {
    ...setting('schedule description annotation set', 'annotations', [
      { 'cdk8s-batch.io/schedule-description': 'x' },
    ]),
    kinds: ['CronBatch'],
  },
  // Issue 19: Job fields of newer versions, Services and multi-node jobs.
  setting('podReplacementPolicy not a PodReplacementPolicy', 'podReplacementPolicy', [
    untyped('Never'),
    untyped(1),
  ]),
  setting(
    'successPolicy index beyond completions',
    'pattern',
    [
      new Deferred('indexed({ completions: 2, successPolicy: [{ succeededIndexes: "5" }] })', () =>
        JobPattern.indexed({ completions: 2, successPolicy: [{ succeededIndexes: '5' }] })
      ),
      new Deferred('indexed({ completions: 3, successPolicy: [{ succeededCount: 4 }] })', () =>
        JobPattern.indexed({ completions: 3, successPolicy: [{ succeededCount: 4 }] })
      ),
    ],
    'pattern.successPolicy'
  ),
  {
    ...setting(
      'distributed nodes out of range',
      'distributed',
      [
        new Deferred('Distributed.pytorch({ nodes: 0 })', () => Distributed.pytorch({ nodes: 0 })),
        new Deferred('Distributed.jax({ nodes: 1.5 })', () => Distributed.jax({ nodes: 1.5 })),
      ],
      'distributed.nodes'
    ),
    kinds: ['BatchJob', 'GpuJob'],
  },
  {
    ...setting(
      'service port out of range',
      'service',
      [
        new Deferred('JobService.clusterIp({ ports: [{ port: 0 }] })', () =>
          JobService.clusterIp({ ports: [{ port: 0 }] })
        ),
        new Deferred('JobService.nodePort({ ports: [{ port: 70000 }] })', () =>
          JobService.nodePort({ ports: [{ port: 70000 }] })
        ),
      ],
      'service.ports[0].port'
    ),
    kinds: ['BatchJob', 'GpuJob'],
  },
  {
    ...setting('service not a JobService', 'service', [untyped({ ports: [{ port: 80 }] })]),
    kinds: ['BatchJob', 'GpuJob'],
  },
  {
    rule: 'managedBy older than Kubernetes 1.32',
    touches: ['kubernetesVersion', 'managedBy'],
    make: (p) =>
      fc
        .constantFrom(KubernetesVersion.V1_28, KubernetesVersion.V1_29, KubernetesVersion.V1_31)
        .map(
          (kubernetesVersion) =>
            [
              { ...p, kubernetesVersion, managedBy: 'kueue.x-k8s.io/multikueue' },
              violation('managedBy older than Kubernetes 1.32', 'managedBy', 'needs Kubernetes 1.32+'),
            ] as const
        ),
  },
  {
    rule: 'relaxed env name older than Kubernetes 1.32',
    touches: ['kubernetesVersion', 'containers'],
    make: (p) =>
      fc.constantFrom(KubernetesVersion.V1_28, KubernetesVersion.V1_31).map((kubernetesVersion) => {
        const [first, ...rest] = containersOf(p);
        return [
          {
            ...p,
            kubernetesVersion,
            containers: [{ ...first, env: { ...first.env, '1st var': 'x' } }, ...rest],
          },
          violation(
            'relaxed env name older than Kubernetes 1.32',
            'containers[0].env.1st var',
            'relaxed names need 1.32+'
          ),
        ] as const;
      }),
  },
  {
    rule: 'native sidecar older than Kubernetes 1.29',
    touches: ['kubernetesVersion', 'sidecars'],
    make: (p) =>
      fc.constant([
        // Unnamed: `sidecar-<n>`, a name the generated containers never take.
        {
          ...p,
          kubernetesVersion: KubernetesVersion.V1_28,
          sidecars: [...listOf(p.sidecars), { image: 'busybox:1.36' }],
        },
        violation('native sidecar older than Kubernetes 1.29', 'sidecars', 'needs Kubernetes 1.29+'),
      ] as const),
  },
];

/** A scenario made invalid by one to three mistakes that do not touch the same props. */
export function invalidScenario(kind: ConstructKind): fc.Arbitrary<InvalidScenario> {
  const candidates = MUTATIONS.filter((m) => m.kinds === undefined || m.kinds.includes(kind));
  return fc
    .tuple(validScenario(kind), fc.shuffledSubarray([...candidates], { minLength: 1, maxLength: 3 }))
    .chain(([s, chosen]) => {
      const touched = new Set<string>();
      const selected = chosen.filter((m) => {
        if (m.applies && !m.applies(s.props as Props)) return false;
        const clash =
          m.touches.some((t) => touched.has(t) || touched.has('*')) ||
          (m.touches.includes('*') && touched.size > 0);
        if (clash) return false;
        m.touches.forEach((t) => touched.add(t));
        return true;
      });
      if (selected.length === 0) selected.push(candidates.find((m) => m.rule === 'name not a DNS label')!);
      let acc: fc.Arbitrary<{ props: Props; violations: Violation[] }> = fc.constant({
        props: s.props as Props,
        violations: [],
      });
      for (const m of selected) {
        acc = acc.chain(({ props, violations }) =>
          m.make(props).map(([next, v]) => ({ props: next, violations: [...violations, v] }))
        );
      }
      return acc.map(({ props, violations }) => ({ ...s, props: props as AnyProps, violations }));
    });
}
