/**
 * From a cleaned Job or CronJob manifest to the props of `BatchJob`, `GpuJob` or `CronBatch`, as expressions
 * (see `expr.ts`). Every value is checked against the constructs' rules before it becomes a prop; what cannot
 * be a prop is left out here and recorded with the reason (`ctx.skip`): the importer then writes it with a
 * JSON patch, found by comparing the synthesized object with the input.
 */
import { isAbsolute } from 'node:path';
import { defaultPullPolicy } from '../../lib/values/container';
import { Json, asList, asObject } from '../check/manifest-defaults';
import { annotationsProblems, labelsProblems } from '../../lib/rules/metadata';
import {
  configKeyProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  envVarNameProblem,
  envFieldPathProblem,
  INT32_MAX,
  isFileMode,
} from '../../lib/rules/names';
import { nodeRequirementProblems, tolerationProblems } from '../../lib/props/scheduling';
import { portNameProblem } from '../../lib/props/probe';
import { parseNfsExport } from '../../lib/props/rendered-names';
import { inlineCsiDriverProblem } from '../../lib/rules/csi-drivers';
import { RecognizedGpu } from '../gpu-resources';
import { hasUrlPassword, looksLikeCredentialName } from '../../lib/rules/credentials';
import { arr, Expr, lit, obj, objOf, Prop } from './expr';
import {
  cpuOfQuantity,
  duration,
  enumMember,
  factory,
  fileMode,
  sizeOfBytes,
  sizeOfQuantity,
} from './builders';
import { pointer } from './schema-walk';
import type { ConsoleDefaults, ProbeInitialDelays } from '../../lib/platforms/profile';
import type { PodPlatformKeys } from './platform-keys';

export type Segments = readonly (string | number)[];

/** A change Kubernetes treats as the same object, or one of cdk8s-batch's defaults the input did not have. */
export interface Normalization {
  /** What kind, e.g. `labels`, `security`, `pattern` (see the normalizations table in docs/cli.md). */
  readonly kind: string;
  /** Dotted field path. */
  readonly path: string;
  readonly message: string;
  /** Applies the change to the expected object (for changes the mapping makes, e.g. a lowered parallelism). */
  readonly apply?: (expected: Json) => void;
}

/** What the mapping records besides the props. */
export class MappingContext {
  /** JSON pointer → why the field is not a prop. */
  readonly skipped = new Map<string, string>();
  readonly warnings: string[] = [];
  readonly normalizations: Normalization[] = [];
  /** Prop paths the construct rejected (removed and patched instead). */
  readonly rejected = new Set<string>();
  /** Label keys the imported `platform` re-renders on the object, its pods and a CronJob's Jobs. */
  platformLabels: string[] = [];
  /** The pod keys the imported `platform` renders (network mode, log collection), and the props they come from. */
  platformPod?: PodPlatformKeys;
  /** The imported `platform`'s console form defaults (pull policy, probe initial delays). */
  consoleDefaults?: ConsoleDefaults;

  constructor(
    /** The construct the props are for, e.g. `BatchJob`. */
    public readonly construct: string,
    /** `--exact`: the secure defaults are patched away, so there is nothing to warn about. */
    public readonly exact = false
  ) {}

  skip(path: Segments, reason: string): void {
    const key = pointer(path);
    if (!this.skipped.has(key)) this.skipped.set(key, reason);
  }

  normalize(kind: string, path: Segments, message: string, apply?: (expected: Json) => void): void {
    this.normalizations.push({ kind, path: dotted(path), message, ...(apply ? { apply } : {}) });
  }
}

/** `spec.template.spec.containers[0].name` from segments. */
export function dotted(path: Segments): string {
  return path
    .map((s, i) => {
      if (typeof s === 'number' || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) return `[${s}]`;
      return i === 0 ? s : `.${s}`;
    })
    .join('');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isInt = (v: unknown, min = 0): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= INT32_MAX;
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
const stringMap = (v: unknown): Record<string, string> | undefined => {
  const o = asObject(v);
  return o && Object.values(o).every((x) => typeof x === 'string')
    ? (o as Record<string, string>)
    : undefined;
};

/** Labels as a prop: the valid entries (the rest are skipped). */
export function labelsExpr(
  labels: unknown,
  path: Segments,
  ctx: MappingContext,
  leaveOut: readonly string[] = []
): Expr | undefined {
  const map = asObject(labels);
  if (!map) return undefined;
  const bad = new Set(labelsProblems(map).map((p) => p.key));
  const entries = Object.entries(map).filter(([k, v]) => {
    if (leaveOut.includes(k)) return false;
    if (typeof v !== 'string' || bad.has(k)) {
      ctx.skip([...path, k], 'not a valid label');
      return false;
    }
    return true;
  });
  return entries.length === 0 ? undefined : lit(Object.fromEntries(entries));
}

/** Annotations as a prop: the valid entries (the rest are skipped). */
export function annotationsExpr(
  annotations: unknown,
  path: Segments,
  ctx: MappingContext,
  leaveOut: readonly string[] = []
): Expr | undefined {
  const map = asObject(annotations);
  if (!map) return undefined;
  const bad = new Set(annotationsProblems(map).map((p) => p.key));
  const entries = Object.entries(map).filter(([k, v]) => {
    if (leaveOut.includes(k)) return false;
    if (typeof v !== 'string' || bad.has(k)) {
      ctx.skip([...path, k], 'not a valid annotation');
      return false;
    }
    return true;
  });
  return entries.length === 0 ? undefined : lit(Object.fromEntries(entries));
}

// ---------------------------------------------------------------------------------------------
// Containers

/** The env of a container as a prop (`{ NAME: 'value', OTHER: EnvValue.fromSecretKey(...) }`). */
function envExpr(
  env: unknown,
  path: Segments,
  ctx: MappingContext,
  indexed: boolean,
  platformEnv: readonly string[] = []
): Expr | undefined {
  const props: Prop[] = [];
  const seen = new Set<string>();
  asList(env).forEach((item, i) => {
    const e = asObject(item);
    const name = str(e?.name);
    const at = [...path, i];
    if (!e || name === undefined) return ctx.skip(at, 'not an environment variable');
    if (platformEnv.includes(name)) return; // rendered by the platform from the container's `logs`
    if (indexed && name === 'JOB_COMPLETION_INDEX') {
      ctx.normalize(
        'indexed-env',
        at,
        'JOB_COMPLETION_INDEX is set by JobPattern.indexed (first in every container), as Kubernetes sets it itself'
      );
      return;
    }
    if (envVarNameProblem(name))
      return ctx.skip(at, `variable name "${name}" is not a valid Kubernetes name (IsEnvVarName)`);
    if (seen.has(name)) return ctx.skip(at, `variable "${name}" is defined twice`);
    const value = envValueExpr(e, name, at, ctx);
    if (!value) return;
    seen.add(name);
    props.push(value);
  });
  return props.length === 0 ? undefined : obj(props);
}

function envValueExpr(e: Json, name: string, at: Segments, ctx: MappingContext): Prop | undefined {
  const from = asObject(e.valueFrom);
  if (!from) {
    const value = e.value === undefined || e.value === null ? '' : e.value;
    if (typeof value !== 'string') return void ctx.skip(at, 'not a string value');
    // `secrets.ts` moved every literal that may be a credential to a Secret before the mapping.
    if (value !== '' && (looksLikeCredentialName(name) || hasUrlPassword(value)))
      throw new Error('internal error: a literal credential reached the props');
    return { key: name, value: lit(value) };
  }
  if (e.value !== undefined && e.value !== '') return void ctx.skip(at, 'both value and valueFrom');
  const keys = Object.keys(from);
  if (keys.length !== 1) return void ctx.skip(at, 'valueFrom with more than one source');
  const keyRef = (method: 'fromConfigMapKey' | 'fromSecretKey', ref: Json | undefined) => {
    const refName = str(ref?.name);
    const key = str(ref?.key);
    if (
      !ref ||
      refName === undefined ||
      key === undefined ||
      dnsSubdomainProblem(refName) ||
      configKeyProblem(key)
    ) {
      return void ctx.skip(at, 'a key reference cdk8s-batch cannot express');
    }
    const args: Expr[] = [lit(refName), lit(key)];
    if (ref.optional === true) args.push(lit({ optional: true }));
    const extra = Object.keys(ref).filter((k) => !['name', 'key', 'optional'].includes(k));
    if (extra.length > 0) ctx.skip([...at, 'valueFrom'], 'fields of the key reference');
    return { key: name, value: factory('EnvValue', method, args) };
  };
  if (from.configMapKeyRef) return keyRef('fromConfigMapKey', asObject(from.configMapKeyRef));
  if (from.secretKeyRef) return keyRef('fromSecretKey', asObject(from.secretKeyRef));
  const fieldRef = asObject(from.fieldRef);
  if (fieldRef) {
    const fieldPath = str(fieldRef.fieldPath);
    const apiVersion = fieldRef.apiVersion;
    if (
      fieldPath === undefined ||
      envFieldPathProblem(fieldPath) ||
      (apiVersion !== undefined && apiVersion !== 'v1')
    ) {
      return void ctx.skip(at, 'a field reference cdk8s-batch cannot express');
    }
    return { key: name, value: factory('EnvValue', 'fromFieldPath', [lit(fieldPath)]) };
  }
  return void ctx.skip(at, `valueFrom.${keys[0]} is not modeled by EnvValue`);
}

function envFromExpr(list: unknown, path: Segments, ctx: MappingContext): Expr | undefined {
  const items: Expr[] = [];
  asList(list).forEach((item, i) => {
    const e = asObject(item);
    const at = [...path, i];
    const cm = asObject(e?.configMapRef);
    const secret = asObject(e?.secretRef);
    const ref = cm ?? secret;
    const name = str(ref?.name);
    const prefix = e?.prefix;
    if (!ref || (cm && secret) || name === undefined || dnsSubdomainProblem(name)) {
      return ctx.skip(at, 'an envFrom source EnvFrom cannot express');
    }
    if (prefix !== undefined && (typeof prefix !== 'string' || envVarNameProblem(prefix))) {
      return ctx.skip(at, 'the prefix is not a valid Kubernetes name (IsEnvVarName)');
    }
    const options = objOf({
      prefix: prefix === undefined || prefix === '' ? undefined : lit(prefix),
      optional: ref.optional === true ? lit(true) : undefined,
    });
    const args: Expr[] = [lit(name)];
    if (options.props.length > 0) args.push(options);
    items.push(factory('EnvFrom', cm ? 'configMap' : 'secret', args));
  });
  return items.length === 0 ? undefined : arr(items);
}

/** cpu, memory and ephemeral-storage as `ContainerResources`; other resources are skipped. */
function resourcesExpr(
  resources: unknown,
  path: Segments,
  ctx: MappingContext,
  gpuResources: readonly string[]
): Expr | undefined {
  const r = asObject(resources);
  if (!r) return undefined;
  const kinds: Record<string, { prop: string; expr: (v: unknown) => Expr | undefined }> = {
    cpu: { prop: 'cpu', expr: cpuOfQuantity },
    memory: { prop: 'memory', expr: sizeOfQuantity },
    'ephemeral-storage': { prop: 'ephemeralStorage', expr: sizeOfQuantity },
  };
  const out: Record<string, Record<string, Expr>> = {};
  for (const [which, prop] of [
    ['requests', 'request'],
    ['limits', 'limit'],
  ] as const) {
    const list = asObject(r[which]);
    for (const [name, value] of Object.entries(list ?? {})) {
      const kind = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
      const at = [...path, which, name];
      if (gpuResources.includes(name)) continue;
      if (!kind) {
        ctx.skip(
          at,
          `resource ${name} is not modeled by ContainerResources (cpu, memory, ephemeral-storage)`
        );
        continue;
      }
      const expr = kind.expr(value);
      if (!expr) {
        ctx.skip(
          at,
          `${name} ${String(value)} is not a whole number of ${name === 'cpu' ? 'millicores' : 'KiB'}`
        );
        continue;
      }
      (out[kind.prop] ??= {})[prop] = expr;
    }
  }
  for (const key of Object.keys(r)) {
    if (key !== 'requests' && key !== 'limits') ctx.skip([...path, key], `resources.${key} is not modeled`);
  }
  // A request above its limit is rejected by the constructs (and by Kubernetes).
  const props = Object.entries(out).map(([key, pair]) => ({ key, value: objOf(pair) }));
  return props.length === 0 ? undefined : obj(props);
}

function portExpr(port: unknown, at: Segments, ctx: MappingContext): Expr | undefined {
  const p = asObject(port);
  const number = p?.containerPort;
  if (!p || !isInt(number, 1) || number > 65535) return void ctx.skip(at, 'not a valid port');
  const name = str(p.name);
  if (name !== undefined && portNameProblem(name)) return void ctx.skip(at, 'the port name is not valid');
  const protocol = p.protocol === undefined ? undefined : enumMember('Protocol', p.protocol);
  if (p.protocol !== undefined && !protocol) return void ctx.skip(at, `protocol ${String(p.protocol)}`);
  return objOf({
    number: lit(number),
    name: name === undefined ? undefined : lit(name),
    protocol: p.protocol === 'TCP' ? undefined : protocol,
  });
}

const PROBE_TIMINGS: ReadonlyArray<[string, string, number, 'duration' | 'count']> = [
  ['initialDelaySeconds', 'initialDelay', 0, 'duration'],
  ['periodSeconds', 'period', 10, 'duration'],
  ['timeoutSeconds', 'timeout', 1, 'duration'],
  ['successThreshold', 'successThreshold', 1, 'count'],
  ['failureThreshold', 'failureThreshold', 3, 'count'],
];

/** The action of a probe or hook as the options of `Probe.http` / `.tcp`, or a command; undefined if none fits. */
function actionOf(
  handler: Json,
  at: Segments,
  ctx: MappingContext,
  portNames: ReadonlySet<string>
): { kind: 'http' | 'tcp' | 'command'; options: Prop[]; command?: string[] } | undefined {
  const kinds = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'].filter((k) => handler[k] !== undefined);
  if (kinds.length !== 1) return void ctx.skip(at, 'a handler with no or several actions');
  const portOf = (value: unknown): Expr | undefined => {
    if (isInt(value, 1) && value <= 65535) return lit(value);
    if (typeof value === 'string' && /^[0-9]+$/.test(value)) return undefined;
    if (typeof value === 'string' && portNames.has(value)) return lit(value);
    return undefined;
  };
  switch (kinds[0]) {
    case 'exec': {
      const command = strings(asObject(handler.exec)?.command);
      if (!command || command.length === 0) return void ctx.skip(at, 'an exec action without a command');
      return { kind: 'command', options: [], command };
    }
    case 'tcpSocket': {
      const t = asObject(handler.tcpSocket)!;
      const port = portOf(t.port);
      if (!port || t.host !== undefined)
        return void ctx.skip(
          at,
          'a TCP action Probe.tcp cannot express (host, or a port that is not a number or a named port of the container)'
        );
      return { kind: 'tcp', options: [{ key: 'port', value: port }] };
    }
    case 'httpGet': {
      const h = asObject(handler.httpGet)!;
      const port = portOf(h.port);
      const path = h.path;
      if (
        !port ||
        h.host !== undefined ||
        (path !== undefined && path !== '' && (typeof path !== 'string' || !path.startsWith('/')))
      ) {
        return void ctx.skip(at, 'an HTTP action cdk8s-batch cannot express (host, path or port)');
      }
      const headers: { name: string; value: string }[] = [];
      for (const header of asList(h.httpHeaders)) {
        const name = str(asObject(header)?.name);
        const value = str(asObject(header)?.value);
        if (
          name === undefined ||
          value === undefined ||
          Object.keys(asObject(header)!).length !== 2 ||
          !/^[-A-Za-z0-9]+$/.test(name)
        ) {
          return void ctx.skip(at, 'HTTP headers cdk8s-batch cannot express');
        }
        headers.push({ name, value });
      }
      const options: Prop[] = [];
      if (typeof path === 'string' && path !== '' && path !== '/')
        options.push({ key: 'path', value: lit(path) });
      options.push({ key: 'port', value: port });
      if (h.scheme === 'HTTPS') options.push({ key: 'scheme', value: enumMember('HttpScheme', 'HTTPS')! });
      else if (h.scheme !== undefined && h.scheme !== 'HTTP')
        return void ctx.skip(at, `scheme ${String(h.scheme)}`);
      if (headers.length > 0) options.push({ key: 'headers', value: headersExpr(headers) });
      return { kind: 'http', options };
    }
    default:
      return void ctx.skip(at, `a ${kinds[0]} action is not modeled by cdk8s-batch`);
  }
}

/**
 * Headers as a map when that renders them as given (no repeated name, and no name that JavaScript would
 * move to the front of the map: an array index such as `2`), else as the list of `{ name, value }`.
 */
function headersExpr(headers: readonly { name: string; value: string }[]): Expr {
  const names = headers.map((x) => x.name);
  const mapKeepsOrder =
    new Set(names).size === names.length && !names.some((n) => /^(0|[1-9][0-9]*)$/.test(n));
  return mapKeepsOrder
    ? lit(Object.fromEntries(headers.map((x) => [x.name, x.value])))
    : lit(headers.map((x) => ({ name: x.name, value: x.value })));
}

function probeExpr(
  probe: unknown,
  kind: string,
  at: Segments,
  ctx: MappingContext,
  portNames: ReadonlySet<string>,
  initialDelays: ProbeInitialDelays = {}
): Expr | undefined {
  const p = asObject(probe);
  if (!p) return undefined;
  const action = actionOf(p, at, ctx, portNames);
  if (!action) return undefined;
  const timing: Prop[] = [];
  // The initial delay the construct renders without one: the platform console's for the action, else 0.
  const actionKey = ({ http: 'httpGet', tcp: 'tcpSocket', command: 'exec' } as const)[action.kind];
  const consoleDelay = initialDelays[actionKey];
  for (const [field, option, kubernetesFallback, type] of PROBE_TIMINGS) {
    const fallback = field === 'initialDelaySeconds' ? (consoleDelay ?? 0) : kubernetesFallback;
    const unset = p[field] === undefined || p[field] === null;
    // Unset is Kubernetes' default (0 s), which differs from the console's when it has one.
    const value = unset && field === 'initialDelaySeconds' && consoleDelay !== undefined ? 0 : p[field];
    if (value === undefined || value === null || value === fallback) continue;
    const min = field === 'initialDelaySeconds' ? 0 : 1;
    if (!isInt(value, min) || (kind !== 'readinessProbe' && field === 'successThreshold')) {
      ctx.skip([...at, field], `${field} ${String(value)} is not allowed by Probe`);
      continue;
    }
    timing.push({ key: option, value: type === 'duration' ? duration(value) : lit(value) });
  }
  for (const key of Object.keys(p)) {
    if (!['exec', 'httpGet', 'tcpSocket', ...PROBE_TIMINGS.map((t) => t[0])].includes(key)) {
      ctx.skip([...at, key], `probe ${key} is not modeled by Probe`);
    }
  }
  if (action.kind === 'command') {
    const args: Expr[] = [lit(action.command)];
    if (timing.length > 0) args.push(obj(timing));
    return factory('Probe', 'command', args);
  }
  return factory('Probe', action.kind, [obj([...action.options, ...timing])]);
}

function lifecycleExpr(
  lifecycle: unknown,
  at: Segments,
  ctx: MappingContext,
  portNames: ReadonlySet<string>
): Expr | undefined {
  const l = asObject(lifecycle);
  if (!l) return undefined;
  const props: Prop[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = asObject(l[hook]);
    if (!handler) continue;
    const action = actionOf(handler, [...at, hook], ctx, portNames);
    if (!action || action.kind === 'tcp') {
      if (action) ctx.skip([...at, hook], 'a TCP hook is not modeled by LifecycleHandler');
      continue;
    }
    props.push({
      key: hook,
      value:
        action.kind === 'command'
          ? factory('LifecycleHandler', 'command', [lit(action.command)])
          : factory('LifecycleHandler', 'http', [obj(action.options)]),
    });
  }
  return props.length === 0 ? undefined : obj(props);
}

const CONTAINER_FIELDS = new Set([
  'name',
  'image',
  'imagePullPolicy',
  'command',
  'args',
  'workingDir',
  'env',
  'envFrom',
  'resources',
  'volumeMounts',
  'ports',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'stdin',
  'tty',
  'securityContext',
]);

/** What a pod's container mapping needs to know about the pod. */
export interface PodFacts {
  readonly volumes: ReadonlySet<string>;
  readonly indexed: boolean;
  /** Resource names the GPU request renders, for the GPU container. */
  readonly gpuResources: (containerIndex: number) => readonly string[];
  /** The pod's `runAs` is `RunAs.imageUser()` (no UID): only then can a container's be. */
  readonly podImageUser?: boolean;
}

function containerExpr(
  container: unknown,
  at: Segments,
  init: boolean,
  ctx: MappingContext,
  pod: PodFacts,
  index: number,
  sidecar = false
): Expr | undefined {
  const c = asObject(container);
  const image = str(c?.image);
  const name = str(c?.name);
  if (!c || image === undefined || image.trim() === '' || name === undefined || dnsLabelProblem(name)) {
    return void ctx.skip(at, 'a container without a valid name and image');
  }
  const props: Prop[] = [
    { key: 'name', value: lit(name) },
    { key: 'image', value: lit(image) },
  ];
  const add = (key: string, value: Expr | undefined, comment?: string) => {
    if (value) props.push({ key, value, ...(comment ? { comment } : {}) });
  };
  // Written when the input's policy (or Kubernetes' default for the image) is not what the construct renders
  // without one: Kubernetes' default, or the platform console's (KubeSphere's IfNotPresent).
  const unsetPolicy =
    c.imagePullPolicy === undefined || c.imagePullPolicy === null || c.imagePullPolicy === '';
  const inputPolicy = unsetPolicy ? defaultPullPolicy(image) : c.imagePullPolicy;
  if (inputPolicy !== (ctx.consoleDefaults?.pullPolicy ?? defaultPullPolicy(image))) {
    add(
      'imagePullPolicy',
      enumMember('ImagePullPolicy', inputPolicy),
      unsetPolicy ? "the input has none: Kubernetes' default for the image, not the console's" : undefined
    );
  }
  const platform = init ? undefined : ctx.platformPod;
  const command = strings(c.command);
  if (command && command.length > 0) add('command', lit(command));
  const args = strings(c.args);
  if (args && args.length > 0) add('args', lit(args));
  if (typeof c.workingDir === 'string' && c.workingDir !== '') {
    if (isAbsolute(c.workingDir) && c.workingDir.startsWith('/')) add('workingDir', lit(c.workingDir));
    else ctx.skip([...at, 'workingDir'], 'not an absolute path');
  }
  add('env', envExpr(c.env, [...at, 'env'], ctx, pod.indexed, platform?.env.get(index)));
  add('envFrom', envFromExpr(c.envFrom, [...at, 'envFrom'], ctx));
  add(
    'resources',
    resourcesExpr(c.resources, [...at, 'resources'], ctx, [
      ...(init ? [] : pod.gpuResources(index)),
      ...(platform?.limits.get(index) ?? []),
    ])
  );

  const mounts: Expr[] = [];
  const mountPaths = new Set<string>();
  asList(c.volumeMounts).forEach((m, i) => {
    const mount = asObject(m);
    const volume = str(mount?.name);
    const mountPath = str(mount?.mountPath);
    const mAt = [...at, 'volumeMounts', i];
    if (!mount || volume === undefined || mountPath === undefined || !mountPath.startsWith('/')) {
      return ctx.skip(mAt, 'not a valid volume mount');
    }
    if (platform?.mounts.get(index)?.includes(volume)) return; // the platform's log folder volume
    if (!pod.volumes.has(volume)) return ctx.skip(mAt, `volume "${volume}" is not a Volume of the props`);
    if (mountPaths.has(mountPath)) return ctx.skip(mAt, 'the mount path is used twice');
    const subPath = str(mount.subPath);
    if (
      subPath !== undefined &&
      subPath !== '' &&
      (subPath.startsWith('/') || subPath.split('/').includes('..'))
    ) {
      return ctx.skip(mAt, 'subPath must be a relative path');
    }
    mountPaths.add(mountPath);
    mounts.push(
      objOf({
        volume: lit(volume),
        mountPath: lit(mountPath),
        readOnly: mount.readOnly === true ? lit(true) : undefined,
        subPath: subPath ? lit(subPath) : undefined,
      })
    );
  });
  if (mounts.length > 0) add('volumeMounts', arr(mounts));

  const ports = asList(c.ports)
    .map((p, i) => portExpr(p, [...at, 'ports', i], ctx))
    .filter((p): p is Expr => p !== undefined);
  if (ports.length > 0) add('ports', arr(ports));
  const portNames = new Set(
    asList(c.ports)
      .map((p) => str(asObject(p)?.name))
      .filter((n): n is string => !!n)
  );

  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (c[kind] === undefined) continue;
    if (init && !sidecar) ctx.skip([...at, kind], 'not allowed on init containers (only on sidecars)');
    else
      add(
        kind,
        probeExpr(c[kind], kind, [...at, kind], ctx, portNames, ctx.consoleDefaults?.probeInitialDelays)
      );
  }
  if (c.lifecycle !== undefined) {
    if (init && !sidecar) ctx.skip([...at, 'lifecycle'], 'not allowed on init containers (only on sidecars)');
    else add('lifecycle', lifecycleExpr(c.lifecycle, [...at, 'lifecycle'], ctx, portNames));
  }
  if (c.stdin === true) add('stdin', lit(true));
  if (c.tty === true) add('tty', lit(true));
  securityProps(asObject(c.securityContext), [...at, 'securityContext'], ctx, mountPaths).forEach((p) =>
    props.push(p)
  );
  const logs = platform?.logs.get(index);
  if (logs) add('logs', lit(logs));
  const runAs = containerRunAs(asObject(c.securityContext), [...at, 'securityContext'], ctx, pod);
  if (runAs) props.push({ key: 'runAs', value: runAs });

  for (const key of Object.keys(c)) {
    if (!CONTAINER_FIELDS.has(key) && !(sidecar && key === 'restartPolicy'))
      ctx.skip([...at, key], `container ${key} is not modeled by ContainerProps`);
  }
  return obj(props);
}

const CONTAINER_SECURITY_FIELDS = new Set([
  'privileged',
  'allowPrivilegeEscalation',
  'capabilities',
  'readOnlyRootFilesystem',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
]);

/** A container's own `runAs` from its securityContext (runAsUser, runAsGroup, runAsNonRoot), when one renders it. */
function containerRunAs(
  sc: Json | undefined,
  at: Segments,
  ctx: MappingContext,
  pod: PodFacts
): Expr | undefined {
  const user = sc?.runAsUser;
  const group = sc?.runAsGroup;
  const nonRoot = sc?.runAsNonRoot;
  if (user === undefined && group === undefined && nonRoot === undefined) return undefined;
  if (user === 0) {
    if (nonRoot === true) return void ctx.skip([...at, 'runAsUser'], 'UID 0 with runAsNonRoot: true');
    return factory('RunAs', 'root', []);
  }
  if (isInt(user, 1)) {
    if (nonRoot === false) return void ctx.skip([...at, 'runAsNonRoot'], 'false with a non-root UID');
    return factory('RunAs', 'nonRootUser', isInt(group) ? [lit(user), lit(group)] : [lit(user)]);
  }
  if (user === undefined && group === undefined && nonRoot === true && pod.podImageUser) {
    return factory('RunAs', 'imageUser', []);
  }
  if (user === undefined && group === undefined && nonRoot === true) return undefined; // the pod's runAs says it
  ctx.skip([...at], 'a container user RunAs cannot express (a group or runAsNonRoot without a UID)');
  return undefined;
}

function securityProps(
  sc: Json | undefined,
  at: Segments,
  ctx: MappingContext,
  mountPaths: ReadonlySet<string>
): Prop[] {
  if (!sc) return [];
  const props: Prop[] = [];
  const privileged = sc.privileged === true;
  if (privileged) props.push({ key: 'privileged', value: lit(true) });
  const caps = asObject(sc.capabilities);
  const add = strings(caps?.add);
  const drop = strings(caps?.drop);
  const sysAdmin = add?.some((c) => c === 'SYS_ADMIN' || c === 'CAP_SYS_ADMIN') ?? false;
  const escalation = sc.allowPrivilegeEscalation;
  if (typeof escalation === 'boolean') {
    if (privileged && !escalation) {
      ctx.skip([...at, 'allowPrivilegeEscalation'], 'false with privileged: true (Kubernetes rejects it)');
    } else if (!privileged) {
      props.push({ key: 'allowPrivilegeEscalation', value: lit(escalation) });
    }
  } else if (sysAdmin && !privileged) {
    // Unset means allowed; the constructs default to false, which Kubernetes rejects with SYS_ADMIN.
    props.push({ key: 'allowPrivilegeEscalation', value: lit(true) });
  }
  if (caps) {
    const capabilities = objOf({
      add: add && add.length > 0 ? lit(add) : undefined,
      drop: drop ? lit(drop) : undefined,
    });
    if (capabilities.props.length > 0) props.push({ key: 'capabilities', value: capabilities });
    for (const key of Object.keys(caps)) {
      if ((key === 'add' && !add) || (key === 'drop' && !drop) || !['add', 'drop'].includes(key)) {
        ctx.skip([...at, 'capabilities', key], 'not a list of capabilities');
      }
    }
  }
  if (sc.readOnlyRootFilesystem === true) {
    props.push({ key: 'readOnlyRootFilesystem', value: lit(true) });
    if (![...mountPaths].some((m) => m.replace(/\/+$/, '') === '/tmp')) {
      props.push({
        key: 'writableTmp',
        value: lit(false),
        comment: 'the input mounts nothing at /tmp',
      });
    }
  }
  for (const key of Object.keys(sc)) {
    if (!CONTAINER_SECURITY_FIELDS.has(key)) {
      ctx.skip([...at, key], `container securityContext.${key} is not modeled by ContainerProps`);
    }
  }
  return props;
}

// ---------------------------------------------------------------------------------------------
// Volumes

function keyItems(items: unknown): Expr | undefined | false {
  if (items === undefined) return undefined;
  const list = asList(items);
  const out = list.map((i) => {
    const item = asObject(i);
    const key = str(item?.key);
    const path = str(item?.path);
    if (!item || key === undefined || path === undefined || configKeyProblem(key)) return undefined;
    if (path.startsWith('/') || path.split('/').includes('..')) return undefined;
    if (item.mode !== undefined && !isFileMode(item.mode)) return undefined;
    return objOf({
      key: lit(key),
      path: lit(path),
      mode: item.mode === undefined ? undefined : fileMode(item.mode as number),
    });
  });
  if (out.some((o) => o === undefined)) return false;
  return out.length === 0 ? undefined : arr(out as Expr[]);
}

/** One volume as a `Volume` factory call; undefined (and skipped) when no factory fits. */
function volumeExpr(volume: unknown, at: Segments, ctx: MappingContext): Expr | undefined {
  const v = asObject(volume);
  const name = str(v?.name);
  if (!v || name === undefined || dnsLabelProblem(name)) return void ctx.skip(at, 'not a valid volume');
  if (name === 'writable-tmp')
    return void ctx.skip(at, '"writable-tmp" is the name of cdk8s-batch\'s /tmp volume');
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length !== 1) return void ctx.skip(at, 'a volume without exactly one source');
  const source = sources[0];
  const vs: VolumeSource = { name, source, s: asObject(v[source]) ?? {}, at, ctx };
  switch (source) {
    case 'secret':
      return configVolume(vs, 'secretName', 'fromSecret');
    case 'configMap':
      return configVolume(vs, 'name', 'fromConfigMap');
    case 'emptyDir':
      return emptyDirVolume(vs);
    case 'persistentVolumeClaim':
      return claimVolume(vs);
    case 'hostPath':
      return hostPathVolume(vs);
    case 'nfs':
      return nfsVolume(vs);
    case 'csi':
      return csiVolume(vs);
    case 'ephemeral':
      return ephemeralVolume(vs);
    default:
      return rejectVolume(vs, `${source} volumes are not modeled by Volume`);
  }
}

/** A named volume with exactly one source: `s` is the source's fields. */
interface VolumeSource {
  readonly name: string;
  readonly source: string;
  readonly s: Json;
  readonly at: Segments;
  readonly ctx: MappingContext;
}

const rejectVolume = ({ at, ctx }: VolumeSource, why: string): undefined => void ctx.skip(at, why);
const unknownKeys = ({ s }: VolumeSource, known: string[]) =>
  Object.keys(s).filter((k) => !known.includes(k));
/** The options argument of a factory: none when no option is set. */
const volumeOptions = (entries: Record<string, Expr | undefined>) => {
  const o = objOf(entries);
  return o.props.length === 0 ? [] : [o];
};

function configVolume(
  vs: VolumeSource,
  refKey: string,
  method: 'fromSecret' | 'fromConfigMap'
): Expr | undefined {
  const { name, source, s } = vs;
  const ref = str(s[refKey]);
  const items = keyItems(s.items);
  if (ref === undefined || dnsSubdomainProblem(ref) || items === false)
    return rejectVolume(vs, `a ${source} volume cdk8s-batch cannot express`);
  if (s.defaultMode !== undefined && !isFileMode(s.defaultMode))
    return rejectVolume(vs, 'defaultMode is not a file mode');
  if (unknownKeys(vs, [refKey, 'items', 'defaultMode', 'optional']).length > 0)
    return rejectVolume(vs, `${source} fields Volume does not model`);
  return factory('Volume', method, [
    lit(name),
    lit(ref),
    ...volumeOptions({
      items,
      defaultMode:
        s.defaultMode === undefined || s.defaultMode === 0o644
          ? undefined
          : fileMode(s.defaultMode as number),
      optional: s.optional === true ? lit(true) : undefined,
    }),
  ]);
}

function emptyDirVolume({ name, s, at, ctx }: VolumeSource): Expr {
  const medium = s.medium === 'Memory' ? enumMember('EmptyDirMedium', 'Memory') : undefined;
  if (s.medium !== undefined && s.medium !== '' && !medium)
    ctx.skip([...at, 'emptyDir', 'medium'], `medium ${String(s.medium)}`);
  let sizeLimit: Expr | undefined;
  if (s.sizeLimit !== undefined) {
    sizeLimit = sizeOfQuantity(s.sizeLimit);
    if (!sizeLimit)
      ctx.skip([...at, 'emptyDir', 'sizeLimit'], `${String(s.sizeLimit)} is not a whole number of KiB`);
  }
  return factory('Volume', 'emptyDir', [lit(name), ...volumeOptions({ medium, sizeLimit })]);
}

function claimVolume(vs: VolumeSource): Expr | undefined {
  const { name, s } = vs;
  const claim = str(s.claimName);
  if (
    claim === undefined ||
    dnsSubdomainProblem(claim) ||
    unknownKeys(vs, ['claimName', 'readOnly']).length > 0
  ) {
    return rejectVolume(vs, 'a persistentVolumeClaim volume cdk8s-batch cannot express');
  }
  return factory('Volume', 'fromPersistentVolumeClaim', [
    lit(name),
    lit(claim),
    ...volumeOptions({ readOnly: s.readOnly === true ? lit(true) : undefined }),
  ]);
}

function hostPathVolume(vs: VolumeSource): Expr | undefined {
  const { name, s } = vs;
  const path = str(s.path);
  const type = s.type === undefined || s.type === '' ? undefined : enumMember('HostPathType', s.type);
  if (path === undefined || !path.startsWith('/') || path.split('/').includes('..') || (s.type && !type)) {
    return rejectVolume(vs, 'a hostPath volume cdk8s-batch cannot express');
  }
  return factory('Volume', 'fromHostPath', [lit(name), lit(path), ...volumeOptions({ type })]);
}

function nfsVolume(vs: VolumeSource): Expr | undefined {
  const { name, s } = vs;
  const server = str(s.server);
  const path = str(s.path);
  const exported = `${server}:${path}`;
  const parsed = server && path ? parseNfsExport(exported) : undefined;
  if (
    !parsed ||
    parsed.server !== server ||
    parsed.path !== path ||
    unknownKeys(vs, ['server', 'path', 'readOnly']).length > 0
  ) {
    return rejectVolume(vs, 'an nfs volume cdk8s-batch cannot express');
  }
  return factory('Volume', 'fromNfs', [
    lit(name),
    lit(exported),
    ...volumeOptions({ readOnly: s.readOnly === true ? lit(true) : undefined }),
  ]);
}

function csiVolume(vs: VolumeSource): Expr | undefined {
  const { name, s } = vs;
  const driver = str(s.driver);
  const attributes = stringMap(s.volumeAttributes);
  const secret = asObject(s.nodePublishSecretRef);
  const secretName = str(secret?.name);
  if (
    driver === undefined ||
    dnsSubdomainProblem(driver.toLowerCase()) ||
    driver.length > 63 ||
    (s.volumeAttributes !== undefined && !attributes) ||
    (secret && (secretName === undefined || Object.keys(secret).length !== 1)) ||
    unknownKeys(vs, ['driver', 'readOnly', 'fsType', 'volumeAttributes', 'nodePublishSecretRef']).length > 0
  ) {
    return rejectVolume(vs, 'a csi volume cdk8s-batch cannot express');
  }
  const inline = inlineCsiDriverProblem(driver);
  if (inline) {
    return rejectVolume(
      vs,
      `${inline}; Volume.fromCsi refuses it: mount it through a claim (Volume.fromPersistentVolumeClaim or Volume.ephemeralClaim)`
    );
  }
  return factory('Volume', 'fromCsi', [
    lit(name),
    lit(driver),
    ...volumeOptions({
      attributes: attributes && Object.keys(attributes).length > 0 ? lit(attributes) : undefined,
      fsType: typeof s.fsType === 'string' && s.fsType !== '' ? lit(s.fsType) : undefined,
      readOnly: s.readOnly === true ? lit(true) : undefined,
      nodePublishSecret: secretName === undefined ? undefined : lit(secretName),
    }),
  ]);
}

/**
 * A generic ephemeral volume whose claim template `Volume.ephemeralClaim` renders as it is: access modes,
 * a storage class and a size, nothing else (no template labels, selector, data source or volume mode).
 */
function ephemeralVolume(vs: VolumeSource): Expr | undefined {
  const { name, s } = vs;
  const template = asObject(s.volumeClaimTemplate);
  const spec = asObject(template?.spec);
  const requests = asObject(asObject(spec?.resources)?.requests);
  const size = sizeOfQuantity(requests?.storage);
  const modes = asList(spec?.accessModes).map((m) => enumMember('PersistentVolumeAccessMode', m));
  const storageClass = str(spec?.storageClassName);
  if (
    !template ||
    !spec ||
    !size ||
    Object.keys(template).some((k) => k !== 'spec') ||
    unknownKeys(vs, ['volumeClaimTemplate']).length > 0 ||
    Object.keys(spec).some((k) => !['accessModes', 'resources', 'storageClassName'].includes(k)) ||
    Object.keys(asObject(spec.resources)!).some((k) => k !== 'requests') ||
    Object.keys(requests!).some((k) => k !== 'storage') ||
    modes.length === 0 ||
    modes.some((m) => m === undefined) ||
    (spec.storageClassName !== undefined && (!storageClass || dnsSubdomainProblem(storageClass)))
  ) {
    return rejectVolume(vs, 'an ephemeral volume Volume.ephemeralClaim cannot express');
  }
  const modeList = asList(spec.accessModes);
  const defaultModes = modeList.length === 1 && modeList[0] === 'ReadWriteOnce';
  return factory('Volume', 'ephemeralClaim', [
    lit(name),
    objOf({
      size,
      storageClass: storageClass === undefined ? undefined : lit(storageClass),
      accessModes: defaultModes ? undefined : arr(modes as Expr[]),
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Scheduling and security

const OPERATOR_FACTORIES: Record<string, string> = {
  In: 'in',
  NotIn: 'notIn',
  Exists: 'exists',
  DoesNotExist: 'doesNotExist',
  Gt: 'greaterThan',
  Lt: 'lessThan',
};

function requirementsExpr(term: unknown): Expr | undefined {
  const t = asObject(term);
  if (!t || Object.keys(t).some((k) => k !== 'matchExpressions')) return undefined;
  const list = asList(t.matchExpressions);
  if (list.length === 0) return undefined;
  const out: Expr[] = [];
  for (const r of list) {
    const req = asObject(r);
    const key = str(req?.key);
    const operator = str(req?.operator);
    const values = req?.values === undefined ? [] : strings(req.values);
    if (!req || key === undefined || !operator || !values || !Object.hasOwn(OPERATOR_FACTORIES, operator))
      return undefined;
    if (nodeRequirementProblems({ key, operator: operator as never, values }).length > 0) return undefined;
    const method = OPERATOR_FACTORIES[operator];
    const args: Expr[] = [lit(key)];
    if (operator === 'Gt' || operator === 'Lt') {
      if (String(Number(values[0])) !== values[0]) return undefined;
      args.push(lit(Number(values[0])));
    } else {
      values.forEach((v) => args.push(lit(v)));
    }
    out.push(factory('NodeLabel', method, args));
  }
  return arr(out);
}

function nodeAffinityExpr(affinity: unknown, at: Segments, ctx: MappingContext): Expr | undefined {
  const a = asObject(affinity);
  if (!a) return undefined;
  for (const key of Object.keys(a)) {
    if (key !== 'nodeAffinity')
      ctx.skip([...at, key], `${key} is not modeled by cdk8s-batch (node affinity only)`);
  }
  const na = asObject(a.nodeAffinity);
  if (!na) return undefined;
  const props: Prop[] = [];
  const requiredKey = 'requiredDuringSchedulingIgnoredDuringExecution';
  const preferredKey = 'preferredDuringSchedulingIgnoredDuringExecution';
  const required = asObject(na[requiredKey]);
  if (required) {
    const terms = asList(required.nodeSelectorTerms);
    const expr =
      terms.length === 1 && Object.keys(required).length === 1 ? requirementsExpr(terms[0]) : undefined;
    if (expr) props.push({ key: 'required', value: expr });
    else
      ctx.skip(
        [...at, 'nodeAffinity', requiredKey],
        'several terms (OR) or matchFields are not modeled by NodeAffinity'
      );
  }
  const preferred: Expr[] = [];
  asList(na[preferredKey]).forEach((p, i) => {
    const term = asObject(p);
    const requirements = requirementsExpr(term?.preference);
    if (!term || !requirements || !isInt(term.weight, 1) || term.weight > 100) {
      return ctx.skip(
        [...at, 'nodeAffinity', preferredKey, i],
        'a preferred term NodeAffinity cannot express'
      );
    }
    preferred.push(objOf({ weight: lit(term.weight), requirements }));
  });
  if (preferred.length > 0) props.push({ key: 'preferred', value: arr(preferred) });
  return props.length === 0 ? undefined : obj(props);
}

function tolerationsExpr(list: unknown, at: Segments, ctx: MappingContext): Expr | undefined {
  const out: Expr[] = [];
  asList(list).forEach((item, i) => {
    const t = asObject(item);
    const operator =
      t?.operator === undefined || t.operator === ''
        ? undefined
        : enumMember('TolerationOperator', t.operator);
    const effect =
      t?.effect === undefined || t.effect === '' ? undefined : enumMember('TaintEffect', t.effect);
    const seconds = t?.tolerationSeconds;
    if (
      !t ||
      tolerationProblems(t).length > 0 ||
      (t.operator && !operator) ||
      (t.effect && !effect) ||
      (seconds !== undefined && seconds !== null && !isInt(seconds)) ||
      Object.keys(t).some((k) => !['key', 'operator', 'value', 'effect', 'tolerationSeconds'].includes(k))
    ) {
      return ctx.skip([...at, i], 'a toleration cdk8s-batch cannot express');
    }
    out.push(
      objOf({
        key: typeof t.key === 'string' && t.key !== '' ? lit(t.key) : undefined,
        operator,
        value: typeof t.value === 'string' && t.value !== '' ? lit(t.value) : undefined,
        effect,
        tolerationSeconds: seconds === undefined || seconds === null ? undefined : lit(seconds),
      })
    );
  });
  return out.length === 0 ? undefined : arr(out);
}

const POD_SECURITY_FIELDS = new Set(['runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup', 'seccompProfile']);

/** The pod's securityContext becomes `RunAs.imageUser()` (see podSecurityProps). */
function podRunsAsImageUser(sc: Json | undefined): boolean {
  return sc?.runAsUser !== 0 && !isInt(sc?.runAsUser, 1) && sc?.runAsNonRoot === true;
}

/** `runAs` and `fsGroup` from the pod's securityContext (see docs/cli.md, "import"). */
function podSecurityProps(sc: Json | undefined, at: Segments, ctx: MappingContext): Prop[] {
  const props: Prop[] = [];
  const user = sc?.runAsUser;
  const group = sc?.runAsGroup;
  const nonRoot = sc?.runAsNonRoot;
  if (user === 0) {
    props.push({ key: 'runAs', value: factory('RunAs', 'root', []) });
  } else if (isInt(user, 1)) {
    const args: Expr[] = [lit(user)];
    if (isInt(group)) args.push(lit(group));
    props.push({ key: 'runAs', value: factory('RunAs', 'nonRootUser', args) });
  } else if (nonRoot === true) {
    props.push({ key: 'runAs', value: factory('RunAs', 'imageUser', []) });
  } else if (!ctx.exact) {
    ctx.warnings.push(
      "the input sets no user, so its pods run as the image's user (often root); RunAs.DEFAULT, cdk8s-batch's default, runs them as UID/GID 65534: use RunAs.root() if the image needs root (or import --exact)"
    );
  }
  if (isInt(sc?.fsGroup)) props.push({ key: 'fsGroup', value: lit(sc!.fsGroup) });
  const seccomp = asObject(sc?.seccompProfile);
  for (const key of Object.keys(sc ?? {})) {
    if (!POD_SECURITY_FIELDS.has(key))
      ctx.skip([...at, key], `pod securityContext.${key} is not modeled by cdk8s-batch`);
  }
  if (seccomp && !(seccomp.type === 'RuntimeDefault' && Object.keys(seccomp).length === 1)) {
    ctx.skip([...at, 'seccompProfile'], 'a seccomp profile other than RuntimeDefault is not modeled');
  }
  return props;
}

// ---------------------------------------------------------------------------------------------
// The pod template

const POD_FIELDS = new Set([
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'serviceAccountName',
  'automountServiceAccountToken',
  'hostNetwork',
  'priorityClassName',
  'securityContext',
  'affinity',
  'tolerations',
  'imagePullSecrets',
  'nodeSelector',
  'initContainers',
  'containers',
  'volumes',
]);

/** What the pod template mapping needs from the GPU recognition. */
export interface PodGpu {
  readonly gpu: RecognizedGpu;
  readonly containerIndex: number;
  /** The other work containers with GPU requests of the same stack (then imported as `containerGpus`). */
  readonly others?: readonly { readonly gpu: RecognizedGpu; readonly containerIndex: number }[];
}

/** Every container's GPU request of a pod, the first one first. */
export function podGpuRequests(gpu: PodGpu): { gpu: RecognizedGpu; containerIndex: number }[] {
  return [{ gpu: gpu.gpu, containerIndex: gpu.containerIndex }, ...(gpu.others ?? [])];
}

/**
 * The `JobTemplateProps` of a pod template (`spec.template` of a Job, `spec.jobTemplate.spec.template` of a
 * CronJob), as props in the order the props table of docs/batch-job.md lists them.
 */
export function podTemplateProps(
  template: Json,
  at: Segments,
  ctx: MappingContext,
  facts: { indexed: boolean; gpu?: PodGpu; podFailurePolicy: boolean }
): Prop[] {
  const props: Prop[] = [];
  const pod: PodScope = {
    at,
    specAt: [...at, 'spec'],
    meta: asObject(template.metadata) ?? {},
    spec: asObject(template.spec) ?? {},
    ctx,
    gpu: facts.gpu,
    props,
    add: (key, value, comment) => {
      if (value) props.push({ key, value, ...(comment ? { comment } : {}) });
    },
  };
  skipUnmodeledTemplateFields(template, pod);
  restartPolicyProp(pod, facts.podFailurePolicy);
  podMetadataProps(pod);
  containerAndVolumeProps(pod, facts.indexed);
  podSchedulingProps(pod);
  skipUnmodeledPodFields(pod);
  return props;
}

/** One pod template being mapped: where it is, its parts, and the props found so far (in `add` order). */
interface PodScope {
  readonly at: Segments;
  readonly specAt: Segments;
  readonly meta: Json;
  readonly spec: Json;
  readonly ctx: MappingContext;
  readonly gpu: PodGpu | undefined;
  readonly props: Prop[];
  readonly add: (key: string, value: Expr | undefined, comment?: string) => void;
}

function skipUnmodeledTemplateFields(template: Json, { at, meta, ctx }: PodScope): void {
  for (const key of Object.keys(meta)) {
    if (key !== 'labels' && key !== 'annotations') {
      ctx.skip(
        [...at, 'metadata', key],
        `pod template metadata.${key} is not modeled (labels and annotations are)`
      );
    }
  }
  for (const key of Object.keys(template)) {
    if (key !== 'metadata' && key !== 'spec') ctx.skip([...at, key], `pod template ${key} is not modeled`);
  }
}

function restartPolicyProp({ spec, specAt, ctx, add }: PodScope, podFailurePolicy: boolean): void {
  const restart = spec.restartPolicy;
  if (restart === 'OnFailure') {
    if (podFailurePolicy) {
      ctx.skip([...specAt, 'restartPolicy'], 'OnFailure with a podFailurePolicy (Kubernetes rejects it)');
    } else add('restartPolicy', enumMember('RestartPolicy', 'OnFailure'));
  } else if (restart === undefined || restart === null || restart === '') {
    ctx.normalize(
      'restart-policy',
      [...specAt, 'restartPolicy'],
      "the input has none (Kubernetes would default it to Always, which Jobs reject): Never, cdk8s-batch's default"
    );
  } else if (restart !== 'Never') {
    ctx.skip(
      [...specAt, 'restartPolicy'],
      `restartPolicy ${String(restart)} (Jobs allow only Never and OnFailure)`
    );
  }
}

/** The termination grace period, then the pod's labels and annotations. */
function podMetadataProps({ at, meta, spec, specAt, ctx, gpu, add }: PodScope): void {
  const grace = spec.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null && grace !== 30) {
    if (isInt(grace)) add('terminationGracePeriod', duration(grace));
    else ctx.skip([...specAt, 'terminationGracePeriodSeconds'], 'not a whole number of seconds ≥ 0');
  }
  add('podLabels', labelsExpr(meta.labels, [...at, 'metadata', 'labels'], ctx, ctx.platformLabels));
  add(
    'podAnnotations',
    annotationsExpr(meta.annotations, [...at, 'metadata', 'annotations'], ctx, [
      'cdk8s-batch.io/logs',
      ...(gpu ? podGpuRequests(gpu) : []).flatMap((r) => r.gpu.annotationKeys),
      ...(ctx.platformPod?.podAnnotations ?? []),
    ])
  );
  if (asObject(meta.annotations)?.['cdk8s-batch.io/logs'] !== undefined) {
    ctx.skip(
      [...at, 'metadata', 'annotations', 'cdk8s-batch.io/logs'],
      "written from the containers' logs props"
    );
  }
}

/** The containers, init containers and volumes. Volumes are mapped first: mounts may name only volumes that are props. */
function containerAndVolumeProps({ spec, specAt, ctx, gpu, add }: PodScope, indexed: boolean): void {
  const volumes: Expr[] = [];
  const volumeNames = new Set<string>();
  asList(spec.volumes).forEach((v, i) => {
    const name = str(asObject(v)?.name);
    if (name !== undefined && ctx.platformPod?.volumes.includes(name)) return; // a log folder the platform mounts
    if (name !== undefined && volumeNames.has(name))
      return ctx.skip([...specAt, 'volumes', i], 'a second volume of that name');
    const expr = volumeExpr(v, [...specAt, 'volumes', i], ctx);
    if (expr && name !== undefined) {
      volumes.push(expr);
      volumeNames.add(name);
    }
  });
  const pod: PodFacts = {
    volumes: volumeNames,
    indexed,
    gpuResources: (i) =>
      (gpu ? podGpuRequests(gpu) : []).find((r) => r.containerIndex === i)?.gpu.resourceNames ?? [],
    podImageUser: podRunsAsImageUser(asObject(spec.securityContext)),
  };
  const containers = asList(spec.containers)
    .map((c, i) => containerExpr(c, [...specAt, 'containers', i], false, ctx, pod, i))
    .filter((c): c is Expr => c !== undefined);
  // An init container with restartPolicy Always is a sidecar (rendered before the ordinary init containers).
  const isSidecar = (c: unknown) => asObject(c)?.restartPolicy === 'Always';
  const initList = asList(spec.initContainers);
  const firstInit = initList.findIndex((c) => !isSidecar(c));
  const mapInit = (sidecars: boolean) =>
    initList
      .map((c, i) =>
        isSidecar(c) === sidecars
          ? containerExpr(c, [...specAt, 'initContainers', i], true, ctx, pod, i, sidecars)
          : undefined
      )
      .filter((c): c is Expr => c !== undefined);
  const sidecars = mapInit(true);
  const initContainers = mapInit(false);
  initList.forEach((c, i) => {
    if (firstInit !== -1 && i > firstInit && isSidecar(c)) {
      ctx.warnings.push(
        `${pointer([...specAt, 'initContainers', i])}: a sidecar after an ordinary init container; ` +
          'sidecars start before every init container, so it now starts earlier'
      );
    }
  });
  if (containers.length > 0) add('containers', arr(containers));
  if (sidecars.length > 0) add('sidecars', arr(sidecars));
  if (initContainers.length > 0) add('initContainers', arr(initContainers));
  if (volumes.length > 0) add('volumes', arr(volumes));
}

/** Pull secrets, node selection, security, the service account, affinity, tolerations, priority and network. */
function podSchedulingProps({ spec, specAt, ctx, gpu, props, add }: PodScope): void {
  const pullSecrets = asList(spec.imagePullSecrets).map((s) => str(asObject(s)?.name));
  if (pullSecrets.length > 0) {
    if (pullSecrets.every((s): s is string => s !== undefined && !dnsSubdomainProblem(s)))
      add('imagePullSecrets', lit(pullSecrets));
    else ctx.skip([...specAt, 'imagePullSecrets'], 'names that are not DNS subdomains');
  }
  const selector = { ...(stringMap(spec.nodeSelector) ?? {}) };
  for (const r of gpu ? podGpuRequests(gpu) : [])
    for (const key of r.gpu.nodeSelectorKeys) delete selector[key];
  if (spec.nodeSelector !== undefined && !stringMap(spec.nodeSelector))
    ctx.skip([...specAt, 'nodeSelector'], 'not a map of strings');
  else add('nodeSelector', labelsExpr(selector, [...specAt, 'nodeSelector'], ctx));
  podSecurityProps(asObject(spec.securityContext), [...specAt, 'securityContext'], ctx).forEach((p) =>
    props.push(p)
  );
  if (typeof spec.automountServiceAccountToken === 'boolean') {
    add('automountServiceAccountToken', lit(spec.automountServiceAccountToken));
  }
  const account = str(spec.serviceAccountName);
  if (account !== undefined && account !== '') {
    if (dnsSubdomainProblem(account)) ctx.skip([...specAt, 'serviceAccountName'], 'not a DNS subdomain');
    else add('serviceAccount', lit(account));
  }
  add('nodeAffinity', nodeAffinityExpr(spec.affinity, [...specAt, 'affinity'], ctx));
  add('tolerations', tolerationsExpr(spec.tolerations, [...specAt, 'tolerations'], ctx));
  const priority = str(spec.priorityClassName);
  if (priority !== undefined && priority !== '') {
    if (dnsSubdomainProblem(priority)) ctx.skip([...specAt, 'priorityClassName'], 'not a DNS subdomain');
    else add('priorityClassName', lit(priority));
  }
  if (spec.hostNetwork === true) add('network', factory('NetworkMode', 'host', []));
  else add('network', ctx.platformPod?.networkExpr);
}

function skipUnmodeledPodFields({ spec, specAt, ctx, gpu }: PodScope): void {
  for (const key of Object.keys(spec)) {
    if (POD_FIELDS.has(key)) continue;
    if (key === 'schedulerName' && gpu) continue;
    ctx.skip([...specAt, key], `pod ${key} is not modeled by ${ctx.construct}`);
  }
}

/** Options of a `Gpu` factory as an object expression (memory as a `Size`). */
export function gpuOptionsExpr(options: RecognizedGpu['options']): Expr {
  const props: Prop[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (key === 'memoryMib')
      props.push({ key: 'memory', value: sizeOfBytes((value as number) * 1024 * 1024)! });
    else if (key === 'priority') props.push({ key, value: enumMember('GpuTaskPriority', value)! });
    else if (key === 'cardPolicy' || key === 'nodePolicy')
      props.push({ key, value: enumMember('GpuSchedulingPolicy', value)! });
    else props.push({ key, value: lit(value) });
  }
  return obj(props);
}

/** `{ codes }` etc. of a pod failure policy rule as a `PodFailureRule` factory call. */
export function podFailureRuleExpr(
  rule: unknown,
  at: Segments,
  ctx: MappingContext,
  perIndex: boolean
): Expr | undefined {
  const r = asObject(rule);
  const action = enumMember('PodFailureAction', r?.action);
  if (!r || !action) return void ctx.skip(at, 'a rule with an unknown action');
  if (r.action === 'FailIndex' && !perIndex)
    return void ctx.skip(at, 'FailIndex needs JobPattern.indexed with backoffLimitPerIndex');
  const exit = asObject(r.onExitCodes);
  const conditions = asList(r.onPodConditions);
  if (exit && conditions.length === 0) {
    const codes = exit.values;
    if (!Array.isArray(codes) || codes.length === 0 || !codes.every((c) => isInt(c) && c <= 255)) {
      return void ctx.skip(at, 'exit codes PodFailureRule cannot express');
    }
    if (exit.operator !== 'In' && exit.operator !== 'NotIn') return void ctx.skip(at, 'an unknown operator');
    if (exit.operator === 'In' && codes.includes(0))
      return void ctx.skip(at, 'exit code 0 with In (Kubernetes rejects it)');
    const sorted = [...new Set(codes as number[])].sort((a, b) => a - b);
    if (sorted.length !== codes.length || sorted.some((c, i) => c !== codes[i])) {
      return void ctx.skip(at, 'exit codes that are not ordered and unique (PodFailureRule sorts them)');
    }
    const container = str(exit.containerName);
    const options = objOf({
      codes: lit(codes),
      operator: exit.operator === 'NotIn' ? enumMember('ExitCodeOperator', 'NotIn') : undefined,
      containerName: container === undefined ? undefined : lit(container),
    });
    return factory('PodFailureRule', 'onExitCodes', [action, options]);
  }
  if (!exit && conditions.length === 1) {
    const c = asObject(conditions[0]);
    const type = str(c?.type);
    const status = c?.status === undefined ? 'True' : c.status;
    const statusExpr = enumMember('ConditionStatus', status);
    if (!c || type === undefined || !statusExpr)
      return void ctx.skip(at, 'a pod condition PodFailureRule cannot express');
    if (r.action === 'Ignore' && type === 'DisruptionTarget' && status === 'True') {
      return factory('PodFailureRule', 'ignoreDisruptions', []);
    }
    const options = objOf({ type: lit(type), status: status === 'True' ? undefined : statusExpr });
    return factory('PodFailureRule', 'onPodCondition', [action, options]);
  }
  return void ctx.skip(at, 'a rule with several pod conditions, or exit codes and conditions');
}

/** `Schedule.cron(...)` for 5 fields, `Schedule.expression(...)` for a macro. */
export function scheduleExpr(schedule: string): Expr {
  return schedule.trim().startsWith('@')
    ? factory('Schedule', 'expression', [lit(schedule)])
    : factory('Schedule', 'cron', [lit(schedule)]);
}
