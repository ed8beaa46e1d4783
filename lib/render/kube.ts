import type { k8s } from 'cdk8s-plus-28';

/**
 * What the job constructs need of cdk8s-plus-28's generated Kubernetes bindings (`k8s`) at run time,
 * without loading them while they build and write manifests.
 *
 * The bindings come with the rest of cdk8s-plus (3.6 MB of JavaScript, 2.7 MB of it the generated
 * `k8s.js`): loading them took about 55 ms and 11 MB of memory, a twentieth of a process that builds
 * and writes 1,000 Jobs. The constructs render their own JSON (manifest-json.ts) and need only the
 * kinds' GVKs and values that read like the generated `Quantity` and `IntOrString`. cdk8s' own
 * serialization path (after a JSON patch, with custom resolvers) needs the generated `toJson_*`
 * functions: the bindings are loaded then (`kubeBindings`). The types are the bindings' own.
 */

/** cdk8s-plus-28's generated bindings, loaded on first use (cdk8s' own serialization path). */
export function kubeBindings(): typeof k8s {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (see above)
  return (require('cdk8s-plus-28') as typeof import('cdk8s-plus-28')).k8s;
}

/**
 * A `Quantity` or `IntOrString` value: what the generated classes hold (`value`), and all that cdk8s'
 * resolvers and the generated `toJson_*` functions read of them.
 */
export class KubeValue {
  constructor(public readonly value: string | number) {}
}

/** `k8s.Quantity.fromString(value)` / `fromNumber(value)`. */
export function quantity(value: string | number): k8s.Quantity {
  return new KubeValue(value) as unknown as k8s.Quantity;
}

/** `k8s.IntOrString.fromNumber(value)` / `fromString(value)`. */
export function intOrString(value: string | number): k8s.IntOrString {
  return new KubeValue(value) as unknown as k8s.IntOrString;
}

/** The `apiVersion` and `kind` of the generated L1 classes the constructs use (`KubeJob.GVK`, ...). */
export const JOB_GVK = { apiVersion: 'batch/v1', kind: 'Job' } as const;
export const CRON_JOB_GVK = { apiVersion: 'batch/v1', kind: 'CronJob' } as const;
