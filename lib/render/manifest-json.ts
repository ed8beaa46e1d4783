import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';
import type { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { writeAhead } from './yaml';
import { CRON_JOB_GVK, JOB_GVK, KubeValue, kubeBindings } from './kube';
import { SITE_FREE } from '../rules/utils';

/**
 * The Kubernetes JSON of our own L1 objects, computed in one pass.
 *
 * cdk8s turns an L1 object into JSON in three generic passes: `resolve` (every value offered to
 * every resolver, with an `App.of` lookup per value), `sanitizeValue` (keys sorted, empty values
 * dropped) and the generated `toJson_*` functions (keys renamed, union values unwrapped, each object
 * rebuilt once per key). For 10,000 Jobs that is most of the synthesis time. The spec our renderers
 * produce is plain data with known keys only, so one pass gives the same JSON:
 *
 * - `null`/`undefined` values are dropped, object keys are sorted (every `toJson_*` function that a
 *   Job or CronJob spec reaches lists its keys sorted, and maps are sorted by `sanitizeValue`);
 * - `Lazy` values are produced and objects with a `resolve()` method resolved, as the default
 *   resolvers do; `Quantity` and `IntOrString` values (`KubeValue`, lib/render/kube.ts) become
 *   their value, as the `toJson_*` functions do.
 *
 * Anything else (another kind of object, or a key the generated code renames) makes the caller fall
 * back to cdk8s' own path, and so do JSON patches, custom resolvers and `CDK8S_DISABLE_SORT`. A test
 * compares both paths on every example app and on generated props.
 */
export function manifestJson(value: unknown): unknown {
  return convert(value, false);
}

/** `manifestJson(value)`, or undefined when the value needs cdk8s' own path. */
export function tryManifestJson(value: unknown): unknown {
  return tryConvert(value)?.json;
}

/** A conversion, and whether `JSON.stringify` prints it as canonical JSON. */
interface Conversion {
  readonly json: unknown;
  /**
   * Every object's keys sorted (none integer-like), no `undefined` anywhere (not even as an array
   * item): the content hash reads it without a walk.
   */
  readonly canonical: boolean;
}

function tryConvert(value: unknown): Conversion | undefined {
  // Re-entrant: a lazy value met while converting may convert something else (an object name).
  const outer = holes;
  holes = 0;
  try {
    const json = convert(value, false);
    const canonical = holes === 0 && json !== null && typeof json === 'object';
    lastCanonical = canonical ? (json as object) : undefined;
    return { ...SITE_FREE, json, canonical };
  } catch (error) {
    if (error instanceof NeedsStandardPath) return undefined;
    throw error;
  } finally {
    holes = outer;
  }
}

/**
 * What keeps the current conversion from printing canonically: array items that converted to
 * `undefined` (they print as `null`) and integer-like object keys (they print first).
 */
let holes = 0;

/**
 * The latest conversion (made or shared) when it is canonical. One slot, not a weak set of every
 * canonical document: the content hash asks right after converting, and a weak collection that
 * holds every synthesized document made the garbage collector's work grow faster than the fleet.
 */
let lastCanonical: object | undefined;

/**
 * Whether `value` is the latest conversion of `tryManifestJson`/`sharedManifestJson` and prints as
 * canonical JSON. The caller must not have changed it (shared conversions are read-only by contract).
 */
export function isCanonicalJson(value: unknown): boolean {
  return value !== undefined && value === lastCanonical;
}

/**
 * Manifest JSON computed once for reading and then handed on. A rendered pod spec is read by the
 * Pod Security Standards check and the content hash, and written out by the L1 object: the first
 * two share one conversion (`sharedManifestJson`), and the L1 object takes it over, so later reads
 * convert again and never see a document a caller may have changed. Keyed by the rendered spec,
 * which the construct drops once its L1 object has written it.
 */
const SHARED = new WeakMap<object, Conversion>();

/** `manifestJson(value)`, converted once and shared: do not modify it. Undefined as `tryManifestJson`. */
export function sharedManifestJson(value: object): unknown {
  let conversion = SHARED.get(value);
  if (conversion === undefined) {
    conversion = tryConvert(value);
    if (conversion === undefined) return undefined;
    SHARED.set(value, conversion);
  } else {
    lastCanonical = conversion.canonical ? (conversion.json as object) : undefined;
  }
  return conversion.json;
}

/** An object written as `{ ... }` (not an array, class instance or null-prototype object). */
const isObjectLiteral = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** Thrown when a value needs cdk8s' own path. */
class NeedsStandardPath extends Error {}

/** Keys the generated code renames (`hostIpc` → `hostIPC`); our renderers never write them. */
const RENAMED_KEYS = new Set([
  'hostIpc',
  'hostPid',
  'setHostnameAsFqdn',
  'downwardApi',
  'scaleIo',
  'storagePolicyId',
  'volumeId',
  'pdId',
  'datasetUuid',
  'targetWwNs',
  'diskUri',
  'hostIp',
]);

/**
 * Sets an own property: `out.__proto__ = v` would set the prototype instead (a map a user wrote,
 * such as CSI volume attributes, may have the key `__proto__`).
 */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Keys in the order cdk8s writes them; usually already sorted, as our renderers write them. */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return keys.sort();
  return keys;
}

/**
 * One value to manifest JSON; `take` hands shared conversions over to the caller.
 *
 * Most values met are strings, numbers and booleans under an object's key or in an array, and a
 * rendered spec has as many keys whose value is `undefined` (written by the renderers for every
 * field they know): both are handled in the loops rather than by a call per value, and a key is
 * looked up in `RENAMED_KEYS` only when its value is kept (a renamed key whose value is undefined is
 * dropped by cdk8s' own path too, so the result is the same). Index loops: `for...of` allocates an
 * iterator result per step in code V8 has not optimized, and at 1,000 Jobs this code runs cold.
 */
function convert(value: unknown, take: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      let v: unknown = value[i];
      if (v !== null && typeof v === 'object') v = convert(v, take);
      else if (v === null) v = undefined;
      if ((out[i] = v) === undefined) holes++;
    }
    return out;
  }
  if (isObjectLiteral(value)) {
    const shared = SHARED.get(value);
    if (shared !== undefined) {
      if (!shared.canonical) holes++;
      if (take) SHARED.delete(value);
      return shared.json;
    }
    if (typeof (value as { resolve?: unknown }).resolve === 'function') throw new NeedsStandardPath();
    const out: Record<string, unknown> = {};
    const keys = sortedKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      let v: unknown = value[key];
      if (v === undefined || v === null) continue;
      if (RENAMED_KEYS.has(key)) throw new NeedsStandardPath();
      if (typeof v === 'object') {
        v = convert(v, take);
        if (v === undefined) continue;
      }
      if (key === '__proto__') setOwn(out, key, v);
      else out[key] = v;
      // JavaScript lists integer-like keys ("0", "10") first whatever their order: such an object
      // does not print sorted, so the document is not canonical (checked on the first character).
      const c = key.charCodeAt(0);
      if (c >= 48 && c <= 57) holes++;
    }
    return out;
  }
  if (value instanceof Lazy) return convert(value.produce(), take);
  if (value instanceof KubeValue) {
    const v: unknown = value.value;
    if (typeof v === 'string' || typeof v === 'number') return v;
  }
  throw new NeedsStandardPath();
}

/** Whether the app resolves values with cdk8s' default resolvers only. */
function defaultResolvers(scope: Construct): boolean {
  const resolvers = App.of(scope) instanceof App ? (App.of(scope) as App).resolvers : undefined;
  return (
    resolvers !== undefined &&
    resolvers.length === 3 &&
    resolvers[0] instanceof LazyResolver &&
    resolvers[1] instanceof ImplicitTokenResolver &&
    resolvers[2] instanceof NumberStringUnionResolver
  );
}

/** What `ApiObjectMetadataDefinition.toJson()` reads (its private fields, cdk8s 2.70). */
interface MetadataFields {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/** The metadata's fields when they are what cdk8s 2.70 keeps (plain maps and lists), else undefined. */
function knownMetadataFields(metadata: ApiObjectMetadataDefinition):
  | (MetadataFields & {
      readonly _additionalAttributes: Record<string, unknown>;
      readonly labels: Record<string, unknown>;
      readonly annotations: Record<string, unknown>;
      readonly finalizers: unknown[];
      readonly ownerReferences: unknown[];
    })
  | undefined {
  const m = metadata as unknown as MetadataFields;
  return isObjectLiteral(m._additionalAttributes) &&
    isObjectLiteral(m.labels) &&
    isObjectLiteral(m.annotations) &&
    Array.isArray(m.finalizers) &&
    Array.isArray(m.ownerReferences)
    ? (m as ReturnType<typeof knownMetadataFields>)
    : undefined;
}

/**
 * `metadata.toJson()` in one pass: the object cdk8s builds from the metadata's fields, converted
 * like the spec, then empty maps and lists dropped as cdk8s' `sanitizeValue` drops them. cdk8s'
 * generic `resolve` was a tenth of a Job's synthesis. Undefined when the fields are not what cdk8s
 * 2.70 keeps (another version): the caller then asks cdk8s. A test compares both on every example,
 * on generated props, and on metadata changed through `ApiObject.metadata`.
 * @internal
 */
export function metadataJson(metadata: ApiObjectMetadataDefinition): unknown {
  const m = knownMetadataFields(metadata);
  if (m === undefined) return undefined;
  const attributes = m._additionalAttributes;
  return withoutEmpty(
    convert(
      {
        ...attributes,
        name: m.name,
        namespace: m.namespace,
        annotations: m.annotations,
        finalizers: m.finalizers,
        ownerReferences: m.ownerReferences,
        labels: m.labels,
      },
      false
    )
  );
}

/** `sanitizeValue(value, { filterEmptyArrays: true, filterEmptyObjects: true })` of converted JSON. */
function withoutEmpty(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value ?? undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutEmpty);
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key of Object.keys(value)) {
    const v = withoutEmpty((value as Record<string, unknown>)[key]);
    if (v !== undefined && v !== null) {
      if (key === '__proto__') setOwn(out, key, v);
      else out[key] = v;
      kept++;
    }
  }
  return kept === 0 ? undefined : out;
}

/**
 * The keys `k8s.toJson_ObjectMeta` writes, in its order (any other key is dropped), and the ones it
 * converts rather than copies (dates through `toISOString()`, owner references and managed fields
 * key by key): with one of those set, the caller takes cdk8s' own path.
 */
const OBJECT_META_KEYS = [
  'annotations',
  'creationTimestamp',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
  'finalizers',
  'generateName',
  'generation',
  'labels',
  'managedFields',
  'name',
  'namespace',
  'ownerReferences',
  'resourceVersion',
  'selfLink',
  'uid',
] as const;
const CONVERTED_META_KEYS = new Set([
  'creationTimestamp',
  'deletionTimestamp',
  'managedFields',
  'ownerReferences',
]);

/** `k8s.toJson_ObjectMeta(meta)` of metadata JSON: the generated function, without loading the bindings. */
function objectMetaJson(meta: unknown): unknown {
  if (meta === undefined) return undefined;
  if (meta === null || typeof meta !== 'object') throw new NeedsStandardPath();
  const m = meta as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of OBJECT_META_KEYS) {
    const v = m[key];
    if (v === undefined) continue;
    if (CONVERTED_META_KEYS.has(key)) {
      // `obj.ownerReferences?.map(...)`, `obj.creationTimestamp?.toISOString()`: null is dropped.
      if (v === null) continue;
      throw new NeedsStandardPath();
    }
    if (key === 'annotations' || key === 'labels') {
      if (!isObjectLiteral(v)) throw new NeedsStandardPath();
      const map: Record<string, unknown> = {};
      for (const k of Object.keys(v)) if (v[k] !== undefined) map[k] = v[k];
      out[key] = map;
    } else if (key === 'finalizers') {
      if (!Array.isArray(v)) throw new NeedsStandardPath();
      out[key] = v.map((y: unknown) => y);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** The keys of the metadata our constructs give their L1 objects (`renderMetadata`). */
const OWN_META_ATTRIBUTES = new Set(['name', 'namespace', 'labels', 'annotations', 'generateName']);

/**
 * `objectMetaJson(metadataJson(metadata))` in one pass, for metadata as our constructs build it (no
 * attribute other than theirs, no owner reference): each field converted and emptied as
 * `metadataJson` does, in the same (sorted) order, so lazy values are produced in the same order,
 * without the merged object, its sorted copy, the emptied copy and `objectMetaJson`'s copy.
 * Undefined otherwise, or when nothing is left (the caller then takes the general path).
 */
function plainObjectMetaJson(metadata: ApiObjectMetadataDefinition): Record<string, unknown> | undefined {
  const m = knownMetadataFields(metadata);
  if (m === undefined || m.ownerReferences.length > 0) return undefined;
  const attributes = m._additionalAttributes;
  for (const key of Object.keys(attributes)) if (!OWN_META_ATTRIBUTES.has(key)) return undefined;
  const out: Record<string, unknown> = {};
  let kept = 0;
  let general = false;
  const put = (key: string, value: unknown) => {
    const v = withoutEmpty(convert(value, false));
    if (v !== undefined && v !== null) {
      out[key] = v;
      kept++;
      // objectMetaJson copies a map key by key, and `copy.__proto__ = v` sets no key: left to it.
      if (typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, '__proto__')) general = true;
    }
  };
  // OBJECT_META_KEYS' order, which is also the sorted order metadataJson converts in.
  put('annotations', m.annotations);
  put('finalizers', m.finalizers);
  put('generateName', attributes.generateName);
  put('labels', m.labels);
  put('name', m.name);
  put('namespace', m.namespace);
  return kept === 0 || general ? undefined : out;
}

/**
 * `ApiObject.toJson()` of a job construct's L1 through `manifestJson`, or undefined when only cdk8s'
 * own path gives the right JSON. `metadata` is cdk8s' (it holds user additions and lazy values).
 */
function fastToJson(
  object: ApiObject,
  gvk: { apiVersion: string; kind: string },
  spec: unknown,
  patched: boolean
): unknown {
  if (patched || process.env.CDK8S_DISABLE_SORT || !defaultResolvers(object)) return undefined;
  try {
    const out: Record<string, unknown> = { ...SITE_FREE, apiVersion: gvk.apiVersion, kind: gvk.kind };
    const metadata =
      plainObjectMetaJson(object.metadata) ??
      objectMetaJson(metadataJson(object.metadata) ?? object.metadata.toJson());
    if (metadata !== undefined) out.metadata = metadata;
    const json = convert(spec, true);
    if (json !== undefined) out.spec = json;
    return out;
  } catch {
    // cdk8s' own path gives the same result or the same error, with its message.
    return undefined;
  }
}

/**
 * Job spec fields newer than cdk8s-plus-28's bindings, which the generated `toJson_JobSpec` drops: on
 * cdk8s' own path they are copied back from the resolved object (after its JSON patches), in key order.
 */
export const JOB_SPEC_FIELDS_AFTER_1_28: readonly string[] = ['managedBy', 'successPolicy'];

type JsonMap = Record<string, unknown>;
const mapAt = (value: unknown, key: string): JsonMap | undefined => {
  const v = (value as JsonMap | undefined)?.[key];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonMap) : undefined;
};

/** Where a Job's or CronJob's Job spec is. */
const JOB_SPEC_OF: Readonly<Record<string, (object: unknown) => JsonMap | undefined>> = {
  Job: (o) => mapAt(o, 'spec'),
  CronJob: (o) => mapAt(mapAt(mapAt(o, 'spec'), 'jobTemplate'), 'spec'),
};

/**
 * The generated conversion's output (`json`, changed in place) with the newer Job spec fields of
 * `resolved` (the object before that conversion) put back. @internal
 */
export function withNewerJobSpecFields(resolved: unknown, json: JsonMap, kind: string): JsonMap {
  const jobSpecOf = JOB_SPEC_OF[kind];
  if (!jobSpecOf) return json;
  const from = jobSpecOf(resolved);
  const to = jobSpecOf(json);
  if (!from || !to || !JOB_SPEC_FIELDS_AFTER_1_28.some((f) => from[f] !== undefined)) return json;
  const merged: JsonMap = { ...to };
  for (const f of JOB_SPEC_FIELDS_AFTER_1_28) if (from[f] !== undefined) merged[f] = from[f];
  const sorted = Object.keys(merged).sort();
  for (const key of Object.keys(to)) delete to[key];
  for (const key of sorted) setOwn(to, key, merged[key]);
  return json;
}

/**
 * A generated L1 class of cdk8s-plus-28 (`k8s.KubeJob`, `k8s.KubeCronJob`), without loading the
 * bindings (lib/render/kube.ts): `gvk` is the class's `GVK`, `propsJson` its `toJson_<Class>Props`.
 * `toJson()` converts in one pass (`fastToJson`), and takes the generated class's own path (cdk8s'
 * `ApiObject.toJson()`, then `propsJson`) once a JSON patch is added or when only that path gives
 * the right JSON. While our YAML writer runs (`withOurYaml`), the manifest is written right away
 * (`writeAhead`).
 */
function onePass<P extends { readonly spec?: unknown }>(
  gvk: { readonly apiVersion: string; readonly kind: string },
  propsJson: (bindings: typeof k8s, props: P) => unknown
) {
  return class extends ApiObject {
    readonly #spec: unknown;
    #patched = false;

    constructor(scope: Construct, id: string, props: P) {
      super(scope, id, { ...gvk, ...props });
      this.#spec = props.spec;
    }

    public addJsonPatch(...ops: JsonPatch[]): void {
      this.#patched = true;
      super.addJsonPatch(...ops);
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    public toJson(): any {
      const json = fastToJson(this, gvk, this.#spec, this.#patched);
      if (json !== undefined) return writeAhead(this, json);
      const resolved = super.toJson();
      const converted: JsonMap = { ...gvk, ...(propsJson(kubeBindings(), resolved) as object) };
      return writeAhead(this, withNewerJobSpecFields(resolved, converted, gvk.kind));
    }
  };
}

/** The `batch/v1` Job of a job construct: cdk8s-plus-28's `k8s.KubeJob`, serialized in one pass. @internal */
export const JobObject: new (scope: Construct, id: string, props: k8s.KubeJobProps) => ApiObject =
  onePass<k8s.KubeJobProps>(JOB_GVK, (b, props) => b.toJson_KubeJobProps(props));

/** The `batch/v1` CronJob of `CronBatch`: cdk8s-plus-28's `k8s.KubeCronJob`, serialized in one pass. @internal */
export const CronJobObject: new (scope: Construct, id: string, props: k8s.KubeCronJobProps) => ApiObject =
  onePass<k8s.KubeCronJobProps>(CRON_JOB_GVK, (b, props) => b.toJson_KubeCronJobProps(props));
