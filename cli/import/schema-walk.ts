/**
 * Walking manifest values along the Kubernetes 1.28 schema (`validation/schema-check.ts`): which fields are
 * quantities or int-or-strings, and how a value must be written in a JSON patch of a cdk8s L1 object.
 *
 * Why the L1 form: cdk8s applies `ApiObject.addJsonPatch` patches to the resolved props, before the generated
 * `toJson_*` functions turn them into the manifest. Those functions read quantities and int-or-strings as
 * `k8s.Quantity` / `k8s.IntOrString` objects, read a few fields under their TypeScript names (`hostIpc`, not
 * `hostIPC`) and drop every key the 1.28 schema does not know. A patch written in manifest form would lose such
 * values silently; one written with `k8s.Quantity.fromString('1Gi')` and TypeScript names keeps them.
 */
import { k8s } from 'cdk8s-plus-28';
import { loadSchema, SchemaModel, SchemaType } from '../check/schema-check';
import { arr, call, Expr, lit, obj } from './expr';

/** JSON field names that the generated L1 code reads under another (TypeScript) name. */
const TYPESCRIPT_NAMES: Readonly<Record<string, string>> = {
  hostIP: 'hostIp',
  hostIPC: 'hostIpc',
  hostPID: 'hostPid',
  setHostnameAsFQDN: 'setHostnameAsFqdn',
  downwardAPI: 'downwardApi',
  scaleIO: 'scaleIo',
  storagePolicyID: 'storagePolicyId',
  volumeID: 'volumeId',
  pdID: 'pdId',
  datasetUUID: 'datasetUuid',
  targetWWNs: 'targetWwNs',
  diskURI: 'diskUri',
};

/** The name the L1 reads a JSON field under. */
export function typescriptName(jsonName: string): string {
  return Object.hasOwn(TYPESCRIPT_NAMES, jsonName) ? TYPESCRIPT_NAMES[jsonName] : jsonName;
}

/** The schema model of an object kind, e.g. `batch/v1 Job`. */
export function kindType(apiVersion: string, kind: string): SchemaType | undefined {
  const model = loadSchema().kinds.get(`${apiVersion} ${kind}`);
  return model && { kind: 'model', name: model.name };
}

function modelOf(type: SchemaType): SchemaModel | undefined {
  if (type.kind !== 'model') return undefined;
  const schema = loadSchema();
  return schema.models.get(type.name) ?? [...schema.kinds.values()].find((m) => m.name === type.name);
}

/** The type of the field at `segments` below a value of type `type`; undefined for fields the schema lacks. */
export function typeAt(
  type: SchemaType | undefined,
  segments: readonly (string | number)[]
): SchemaType | undefined {
  let current = type;
  for (const segment of segments) {
    if (!current) return undefined;
    switch (current.kind) {
      case 'array':
      case 'map':
        current = current.of;
        break;
      case 'model':
        current = modelOf(current)?.fields.get(String(segment))?.type;
        break;
      case 'any':
        return current;
      default:
        return undefined;
    }
  }
  return current;
}

/**
 * A copy of `value` with every quantity replaced by `quantity(value)` (for comparing: `500m` and `0.5` are the
 * same quantity). Values the schema does not type are copied as they are.
 */
export function mapQuantities(
  value: unknown,
  type: SchemaType | undefined,
  quantity: (v: unknown) => unknown
): unknown {
  if (value === null || value === undefined || !type) return value;
  switch (type.kind) {
    case 'quantity':
      return quantity(value);
    case 'array':
      return Array.isArray(value) ? value.map((v) => mapQuantities(v, type.of, quantity)) : value;
    case 'map':
      return isPlain(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapQuantities(v, type.of, quantity)]))
        : value;
    case 'model': {
      const model = modelOf(type);
      if (!model || !isPlain(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, mapQuantities(v, model.fields.get(k)?.type, quantity)])
      );
    }
    default:
      return value;
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const QUANTITY = { module: 'cdk8s-plus-28', name: 'k8s' };

/**
 * `value` (manifest form) as an expression in the L1 form a JSON patch needs (see the module comment).
 * `unknown` collects the paths of fields the 1.28 schema does not know: the L1 would drop them.
 */
export function l1Expr(value: unknown, type: SchemaType | undefined, path: string, unknown: string[]): Expr {
  if (value === null || value === undefined) return lit(value ?? null);
  if (!type) {
    unknown.push(path);
    return lit(value);
  }
  switch (type.kind) {
    case 'quantity':
      return typeof value === 'number'
        ? call('k8s.Quantity.fromNumber', [lit(value)], (n) => k8s.Quantity.fromNumber(n as number), QUANTITY)
        : call(
            'k8s.Quantity.fromString',
            [lit(String(value))],
            (s) => k8s.Quantity.fromString(s as string),
            QUANTITY
          );
    case 'intOrString':
      return typeof value === 'number'
        ? call(
            'k8s.IntOrString.fromNumber',
            [lit(value)],
            (n) => k8s.IntOrString.fromNumber(n as number),
            QUANTITY
          )
        : call(
            'k8s.IntOrString.fromString',
            [lit(String(value))],
            (s) => k8s.IntOrString.fromString(s as string),
            QUANTITY
          );
    case 'array':
      return Array.isArray(value)
        ? arr(value.map((v, i) => l1Expr(v, type.of, `${path}/${i}`, unknown)))
        : lit(value);
    case 'map':
      return isPlain(value)
        ? obj(
            Object.entries(value).map(([k, v]) => ({
              key: k,
              value: l1Expr(v, type.of, `${path}/${pointerSegment(k)}`, unknown),
            }))
          )
        : lit(value);
    case 'model': {
      const model = modelOf(type);
      if (!model || !isPlain(value)) return lit(value);
      return obj(
        Object.entries(value).map(([k, v]) => {
          const field = model.fields.get(k);
          if (!field) unknown.push(`${path}/${pointerSegment(k)}`);
          return {
            key: typescriptName(k),
            value: field ? l1Expr(v, field.type, `${path}/${pointerSegment(k)}`, unknown) : lit(v),
          };
        })
      );
    }
    default:
      return lit(value);
  }
}

/** One JSON pointer segment (`/` → `~1`, `~` → `~0`). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON pointer from segments. */
export function pointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}

/** The L1 form of a JSON pointer below a value of type `root`: model fields by TypeScript name (`hostIpc`). */
export function l1Pointer(root: SchemaType | undefined, segments: readonly (string | number)[]): string {
  return pointer(
    segments.map((s, i) => {
      const parent = typeAt(root, segments.slice(0, i));
      return parent?.kind === 'model' && typeof s === 'string' ? typescriptName(s) : s;
    })
  );
}
