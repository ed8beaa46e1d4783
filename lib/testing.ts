/**
 * Helpers for users' own jest tests of charts built with cdk8s-batch (`import ... from 'cdk8s-batch/testing'`).
 */
import { Chart, Testing } from 'cdk8s';
import { JOB_LABEL } from './constructs/job-base';
import { NAME_HASH_LENGTH } from './render/content-hash';

/** A rendered Kubernetes object. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
} & Record<string, unknown>;

/** The placeholder that stands for a content hash in snapshots. */
export const HASH_PLACEHOLDER = '<hash>';

const HASH = new RegExp(`^[0-9a-f]{${NAME_HASH_LENGTH}}$`);

/** The base name of a Job renamed on change (`<base>-<hash>`), or undefined. */
function renamedBase(m: Manifest): string | undefined {
  const base = (m.metadata?.labels as Record<string, string> | undefined)?.[JOB_LABEL];
  const name = m.metadata?.name;
  if (m.kind !== 'Job' || typeof base !== 'string' || typeof name !== 'string') return undefined;
  const suffix = name.slice(name.lastIndexOf('-') + 1);
  return HASH.test(suffix) ? base : undefined;
}

/**
 * Every object a chart renders, keyed by `Kind/name`. A Job renamed on change is keyed by its base
 * name (`Job/pi`, not `Job/pi-1a2b3c4d`), so keys stay stable while its spec changes.
 */
export function renderedObjects(chart: Chart): Record<string, Manifest> {
  const out: Record<string, Manifest> = {};
  for (const m of Testing.synth(chart) as Manifest[]) {
    out[`${m.kind}/${renamedBase(m) ?? m.metadata.name}`] = m;
  }
  return out;
}

/**
 * The base names of Jobs whose rendered name differs between two versions of a chart: under
 * rename-on-change, the Jobs a change turns into new objects.
 */
export function renamedJobs(before: Chart, after: Chart): string[] {
  const names = (chart: Chart) =>
    new Map(
      Object.entries(renderedObjects(chart))
        .filter(([key]) => key.startsWith('Job/'))
        .map(([key, m]) => [key.slice(4), m.metadata.name])
    );
  const a = names(before);
  const b = names(after);
  return [...a.keys()].filter((base) => b.has(base) && b.get(base) !== a.get(base)).sort();
}

/**
 * A jest snapshot serializer (`expect.addSnapshotSerializer(jobSnapshotSerializer)`) that shows the
 * content hash of renamed Jobs as `<hash>`, so a snapshot diff shows what changed in the spec, not
 * a new name; assert renames separately with `renamedJobs`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- jest's plugin API passes untyped config and refs */
export const jobSnapshotSerializer = {
  test(value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Manifest).kind === 'string' &&
      renamedBase(value as Manifest) !== undefined
    );
  },
  serialize(
    value: Manifest,
    config: any,
    indentation: string,
    depth: number,
    refs: any,
    printer: SnapshotPrinter
  ): string {
    const base = renamedBase(value)!;
    const masked = { ...value, metadata: { ...value.metadata, name: `${base}-${HASH_PLACEHOLDER}` } };
    return printer(masked, config, indentation, depth, refs);
  },
};

/** The printer jest passes to a snapshot serializer (pretty-format's), without depending on jest's types. */
export type SnapshotPrinter = (
  value: unknown,
  config: any,
  indentation: string,
  depth: number,
  refs: any
) => string;
