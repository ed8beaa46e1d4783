/**
 * Comparing a Job or CronJob as written with what cdk8s-batch synthesizes: both sides get Kubernetes' defaults
 * first, so that `imagePullPolicy: IfNotPresent` written out and left to the API server compare equal.
 *
 * The defaults are `validation/manifest-defaults.ts`' (`SetDefaults_Job`, `SetDefaults_CronJob`, the pod spec
 * defaults rules depend on) plus the ones that only matter for comparing, from `core/v1/defaults.go` and the
 * API server's canonical forms:
 *
 * - containers: `imagePullPolicy` (Always for `latest` or no tag, else IfNotPresent), `terminationMessagePath`
 *   `/dev/termination-log`, `terminationMessagePolicy` File; probes: `initialDelaySeconds` 0, HTTP `scheme`
 *   HTTP and path `/` (the kubelet requests `/` for an empty path); env `fieldRef.apiVersion` v1;
 * - resources: a limit without a request is also the request (`SetDefaults_Pod`, applied to the Job's pods);
 *   quantities compare by value (`500m` = `0.5`, `1Gi` = `1024Mi`), as the API server stores them canonically;
 * - pod: `schedulerName` default-scheduler, `enableServiceLinks` true, `securityContext: {}` is no context;
 *   ConfigMap and Secret volume `defaultMode` 420;
 * - a CronJob's job template gets the Job defaults too (they are applied when the controller creates a Job);
 * - `false` for the boolean fields whose default is false, and empty objects, lists and `null`, are left out.
 */
import { defaultPullPolicy } from '../../lib/values/container';
import { DEFAULT_KUBE_VERSION } from '../../lib/rules/kube-versions';
import { parseQuantity } from '../../lib/rules/quantity';
import {
  applyCronJobDefaults,
  applyJobDefaults,
  applyPodSpecDefaults,
  asList,
  asObject,
  Json,
} from '../check/manifest-defaults';
import { kindType, mapQuantities } from './schema-walk';

/** A quantity's value as text that is equal for equal quantities (`quantity:1/2` for `500m` and `0.5`). */
export function canonicalQuantity(value: unknown): unknown {
  const q = parseQuantity(value);
  return q ? `quantity:${q.num}/${q.den}` : value;
}

/** Boolean fields whose default is false (`false` written out is the same as left out). */
const FALSE_DEFAULTS = new Set([
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'hostUsers',
  'shareProcessNamespace',
  'stdin',
  'stdinOnce',
  'tty',
  'privileged',
  'readOnlyRootFilesystem',
  'readOnly',
  'optional',
  'setHostnameAsFQDN',
]);

const unset = (v: unknown) => v === undefined || v === null || v === '';

function defaultContainer(c: Json): void {
  if (unset(c.imagePullPolicy) && typeof c.image === 'string') c.imagePullPolicy = defaultPullPolicy(c.image);
  if (unset(c.terminationMessagePath)) c.terminationMessagePath = '/dev/termination-log';
  if (unset(c.terminationMessagePolicy)) c.terminationMessagePolicy = 'File';
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = asObject(c[kind]);
    if (!probe) continue;
    if (unset(probe.initialDelaySeconds)) probe.initialDelaySeconds = 0;
    defaultHttpGet(asObject(probe.httpGet));
  }
  const lifecycle = asObject(c.lifecycle);
  for (const hook of ['postStart', 'preStop']) defaultHttpGet(asObject(asObject(lifecycle?.[hook])?.httpGet));
  for (const e of asList(c.env)) {
    const fieldRef = asObject(asObject(asObject(e)?.valueFrom)?.fieldRef);
    if (fieldRef && unset(fieldRef.apiVersion)) fieldRef.apiVersion = 'v1';
  }
  const resources = asObject(c.resources);
  const limits = asObject(resources?.limits);
  if (resources && limits) {
    const requests = asObject(resources.requests) ?? {};
    for (const [name, limit] of Object.entries(limits))
      if (!Object.hasOwn(requests, name)) setOwn(requests, name, limit);
    resources.requests = requests;
  }
}

function defaultHttpGet(http: Json | undefined): void {
  if (!http) return;
  if (unset(http.scheme)) http.scheme = 'HTTP';
  if (unset(http.path)) http.path = '/';
}

function defaultPodSpec(spec: Json | undefined): void {
  if (!spec) return;
  applyPodSpecDefaults(spec);
  if (unset(spec.schedulerName)) spec.schedulerName = 'default-scheduler';
  if (unset(spec.enableServiceLinks)) spec.enableServiceLinks = true;
  for (const list of ['initContainers', 'containers']) {
    for (const c of asList(spec[list])) {
      const container = asObject(c);
      if (container) defaultContainer(container);
    }
  }
  for (const v of asList(spec.volumes)) {
    const volume = asObject(v);
    for (const source of ['secret', 'configMap']) {
      const s = asObject(volume?.[source]);
      if (s && unset(s.defaultMode)) s.defaultMode = 420;
    }
  }
}

function defaultJobSpec(spec: Json | undefined): void {
  if (!spec) return;
  applyJobDefaults({ spec }, DEFAULT_KUBE_VERSION);
  defaultPodSpec(asObject(asObject(spec.template)?.spec));
}

/** Leaves out what is the same as absent: `null`, `{}`, `[]` and default-false booleans (not `emptyDir: {}`). */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => prune(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const p = prune(v);
    if (p === null || p === undefined) continue;
    if (p === false && FALSE_DEFAULTS.has(k)) continue;
    if (Array.isArray(p) && p.length === 0) continue;
    if (typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0 && k !== 'emptyDir')
      continue;
    setOwn(out, k, p);
  }
  return out;
}

/** `target[key] = value` as an own property, also for `__proto__` (which an assignment would take as the prototype). */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `target[key]` when `target` has it as an own property (never the prototype's `constructor` or `__proto__`). */
export function getOwn(target: unknown, key: string | number): unknown {
  return target !== null && typeof target === 'object' && Object.hasOwn(target, key)
    ? (target as Record<string | number, unknown>)[key]
    : undefined;
}

/** A copy of a Job or CronJob (manifest form) with Kubernetes' defaults applied (see the module comment). */
export function withDefaults(object: Json): Json {
  const copy = structuredClone(object);
  if (copy.kind === 'CronJob') {
    applyCronJobDefaults(copy);
    defaultJobSpec(asObject(asObject(asObject(copy.spec)?.jobTemplate)?.spec));
  } else if (copy.kind === 'Job') {
    defaultJobSpec(asObject(copy.spec));
  }
  return prune(copy) as Json;
}

/** {@link withDefaults}, with quantities in a canonical form: what two objects are compared in. */
export function comparable(object: Json): Json {
  const defaulted = withDefaults(object);
  return mapQuantities(
    defaulted,
    kindType(String(defaulted.apiVersion), String(defaulted.kind)),
    canonicalQuantity
  ) as Json;
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
    );
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(getOwn(a, k), getOwn(b, k)))
  );
}

/** One place where two JSON values differ. */
export interface Difference {
  /** Dotted path, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** Where `actual` differs from `expected` (both as given; apply {@link comparable} first to compare manifests). */
export function differences(expected: unknown, actual: unknown, path = ''): Difference[] {
  if (jsonEqual(expected, actual)) return [];
  const bothObjects = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (bothObjects(expected) && bothObjects(actual)) {
    const e = expected as Json;
    const a = actual as Json;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => differences(getOwn(e, k), getOwn(a, k), path === '' ? k : `${path}.${k}`));
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((x, i) => differences(x, actual[i], `${path}[${i}]`));
  }
  return [{ path, expected, actual }];
}
