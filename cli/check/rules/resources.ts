/** Container resources (`validateResourceRequirements`). */
import { qualifiedNameProblem } from '../../../lib/rules/names';
import { NANOS_PER_UNIT, quantityNanos } from '../../../lib/rules/quantity';
import { asObject, Json, ManifestProblem } from '../manifest-defaults';
import { fieldPath, keyPath } from '../schema-check';
import { containersOf, family, NONNEGATIVE, quote } from './helpers';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const isHugePages = (name: string) => name.startsWith('hugepages-');
/** `IsNativeResource`: unprefixed or in the `kubernetes.io` namespace. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** `IsExtendedResourceName`: e.g. `nvidia.com/gpu`. */
const isExtended = (name: string) =>
  !isNative(name) && !name.startsWith('requests.') && qualifiedNameProblem(`requests.${name}`) === undefined;

/**
 * Container resources (`validateResourceRequirements`): resource names, quantities ≥ 0, whole numbers for
 * extended resources (GPUs), request ≤ limit, and request = limit for resources that cannot be overcommitted
 * (extended resources and hugepages).
 */
export function resourceRules(spec: Json, path: string): ManifestProblem[] {
  const { problems, add } = family('resources');
  for (const { c, path: at } of containersOf(spec, path)) {
    const resources = asObject(c.resources);
    if (!resources) continue;
    const limits = asObject(resources.limits) ?? {};
    const requests = asObject(resources.requests) ?? {};
    const limitsPath = fieldPath(at, 'resources.limits');
    const requestsPath = fieldPath(at, 'resources.requests');
    for (const [list, listPath] of [
      [limits, limitsPath],
      [requests, requestsPath],
    ] as const) {
      for (const [name, quantity] of Object.entries(list)) {
        const at2 = keyPath(listPath, name);
        const nameProblem = qualifiedNameProblem(name);
        if (nameProblem) add(at2, `resource name ${nameProblem}`);
        else if (!name.includes('/')) {
          if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
            add(
              at2,
              'must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>)'
            );
          }
        } else if (!isNative(name) && !isExtended(name))
          add(at2, "doesn't follow extended resource name standard");
        const nanos = quantityNanos(quantity);
        if (nanos === undefined) continue;
        if (nanos < 0n) add(at2, NONNEGATIVE);
        if (isExtended(name) && nanos % NANOS_PER_UNIT !== 0n)
          add(at2, `must be an integer (got ${quote(quantity)})`);
      }
    }
    for (const [name, request] of Object.entries(requests)) {
      const req = quantityNanos(request);
      const lim = name in limits ? quantityNanos(limits[name]) : undefined;
      const overcommit = isNative(name) && !isHugePages(name);
      if (!overcommit && !(name in limits)) {
        add(
          keyPath(limitsPath, name),
          `must be set when ${name} is requested: limit must be set for non overcommitable resources`
        );
      }
      if (req === undefined || lim === undefined) continue;
      if (req > lim) {
        add(
          keyPath(requestsPath, name),
          `must be less than or equal to ${name} limit of ${limits[name]} (got ${request})`
        );
      } else if (!overcommit && req !== lim) {
        add(
          keyPath(requestsPath, name),
          `must be equal to ${name} limit of ${limits[name]} (got ${request}): ${name} cannot be overcommitted`
        );
      }
    }
    const names = [...Object.keys(limits), ...Object.keys(requests)];
    if (names.some(isHugePages) && !names.some((n) => n === 'cpu' || n === 'memory')) {
      add(fieldPath(at, 'resources'), 'HugePages require cpu or memory');
    }
  }
  return problems;
}
