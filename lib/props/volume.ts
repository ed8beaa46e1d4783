import * as z from 'zod';
import { EmptyDirMedium, HostPathType, PersistentVolumeAccessMode, Volume } from '../values/volume';
import {
  configKeyProblem,
  dnsLabelProblem,
  dnsSubdomainProblem,
  isFileMode,
  csiDriverNameProblem,
} from '../rules/names';
import { inlineCsiDriverProblem } from '../rules/csi-drivers';
import { isSize } from '../rules/plain-values';
import { sizeBytes, sizeProblem } from '../rules/quantity-amounts';
import { namedRefSchema } from '../validation/schemas';
import { absolutePathProblem, relativePathProblem } from '../rules/paths';
import { asArray } from '../rules/utils';
import { compiledCheck, reportingCheck } from '../validation/compiled';
import { parseNfsExport } from './rendered-names';
import { CrossFieldRule, reporter, runRules } from './cross-field-rule';

const REF_CHECKS = {
  Secret: compiledCheck(namedRefSchema('Secret')),
  ConfigMap: compiledCheck(namedRefSchema('ConfigMap')),
  PersistentVolumeClaim: compiledCheck(namedRefSchema('PersistentVolumeClaim')),
};

const MODE_RULE = 'must be a file mode from 0 to 0o777 (write it as an octal literal, e.g. 0o644)';

/** What a volume source rule reads, and how it reports (each problem carries the offending value). */
interface VolumeView {
  readonly v: Volume;
  readonly problem: (path: PropertyKey[], message: string, got: unknown) => void;
}

/** A reference to a Secret, ConfigMap or claim, by name. */
function ref({ problem }: VolumeView, field: string, kind: keyof typeof REF_CHECKS, value: unknown) {
  const parsed = REF_CHECKS[kind](value);
  if (!parsed.success) problem([field], parsed.error.issues[0].message, value);
}

function mode({ problem }: VolumeView, field: PropertyKey[], m: unknown) {
  if (m !== undefined && !isFileMode(m)) problem(field, MODE_RULE, m);
}

type Source<K extends Volume['source']['kind']> = Extract<Volume['source'], { kind: K }>;

/** A rule of one kind of volume source. */
function forSource<K extends Volume['source']['kind']>(
  kind: K,
  name: string,
  check: (source: Source<K>, view: VolumeView) => void
): CrossFieldRule<VolumeView> {
  return { name, check: (view) => view.v.source.kind === kind && check(view.v.source as Source<K>, view) };
}

function secretOrConfigMap(source: Source<'secret'> | Source<'configMap'>, view: VolumeView) {
  const { problem } = view;
  ref(view, source.kind, source.kind === 'secret' ? 'Secret' : 'ConfigMap', source.ref);
  mode(view, ['defaultMode'], source.options.defaultMode);
  if (source.options.items !== undefined && !Array.isArray(source.options.items)) {
    problem(['items'], 'must be a list of { key, path, mode? }', source.options.items);
  }
  asArray<{ key?: unknown; path?: unknown; mode?: unknown }>(source.options.items).forEach((item, i) => {
    const keyProblem = typeof item?.key === 'string' ? configKeyProblem(item.key) : undefined;
    if (typeof item?.key !== 'string' || keyProblem) {
      problem(['items', i, 'key'], keyProblem ?? configKeyProblem('')!, item?.key);
    }
    const pathProblem =
      typeof item?.path === 'string' ? relativePathProblem(item.path, true) : 'must be a string';
    if (pathProblem) problem(['items', i, 'path'], pathProblem, item?.path);
    mode(view, ['items', i, 'mode'], item?.mode);
  });
}

/** The rules of a volume, in the order their problems are reported. */
const VOLUME_RULES: readonly CrossFieldRule<VolumeView>[] = [
  forSource('secret', 'secret-ref-and-items', secretOrConfigMap),
  forSource('configMap', 'config-map-ref-and-items', secretOrConfigMap),
  forSource('emptyDir', 'empty-dir-medium-and-size', ({ options }, { problem }) => {
    if (options.medium !== undefined && !Object.values(EmptyDirMedium).includes(options.medium)) {
      problem(['medium'], 'must be EmptyDirMedium.DEFAULT or EmptyDirMedium.MEMORY', options.medium);
    }
    const sizeLimit: unknown = options.sizeLimit;
    if (sizeLimit !== undefined && isSize(sizeLimit) && sizeProblem(sizeLimit)) {
      problem(['sizeLimit'], sizeProblem(sizeLimit)!, sizeLimit);
    }
    if (sizeLimit !== undefined && !isSize(sizeLimit)) {
      problem(['sizeLimit'], 'must be a cdk8s Size (e.g. Size.gibibytes(1))', options.sizeLimit);
    }
  }),
  forSource('persistentVolumeClaim', 'claim-ref', (source, view) =>
    ref(view, 'claim', 'PersistentVolumeClaim', source.ref)
  ),
  forSource('hostPath', 'host-path-and-type', (source, { problem }) => {
    const pathProblem =
      typeof source.path !== 'string'
        ? 'must be a string'
        : (absolutePathProblem(source.path) ??
          (source.path.split('/').includes('..') ? "must not contain '..'" : undefined));
    if (pathProblem) problem(['path'], pathProblem, source.path);
    if (source.options.type !== undefined && !Object.values(HostPathType).includes(source.options.type)) {
      const types = Object.values(HostPathType).filter(Boolean).join(', ');
      problem(['type'], `must be one of ${types}`, source.options.type);
    }
  }),
  forSource('nfs', 'nfs-export', (source, { problem }) => {
    if (typeof source.export !== 'string' || !parseNfsExport(source.export)) {
      problem(
        ['export'],
        "must be 'server:/absolute/path', e.g. 'nfs.example.com:/exports/data'",
        source.export
      );
    }
  }),
  forSource('csi', 'csi-driver-secret-and-attributes', (source, view) => {
    const driverProblem =
      typeof source.driver !== 'string' ? 'must be a string' : csiDriverNameProblem(source.driver);
    if (driverProblem) view.problem(['driver'], `CSI driver name ${driverProblem}`, source.driver);
    const inline = typeof source.driver === 'string' ? inlineCsiDriverProblem(source.driver) : undefined;
    if (inline) {
      view.problem(
        ['driver'],
        `${inline}; use a claim: Volume.fromPersistentVolumeClaim(name, claim) for an existing one, or ` +
          "Volume.ephemeralClaim(name, { size, storageClass }) for one per pod (e.g. storageClass 'alicloud-disk-topology-alltype')",
        source.driver
      );
    }
    if (source.options.nodePublishSecret !== undefined) {
      ref(view, 'nodePublishSecret', 'Secret', source.options.nodePublishSecret);
    }
    const attributes = source.options.attributes;
    if (
      attributes !== undefined &&
      (attributes === null ||
        typeof attributes !== 'object' ||
        Object.values(attributes).some((x) => typeof x !== 'string'))
    ) {
      view.problem(['attributes'], 'must be a map of strings', attributes);
    }
  }),
  // The claim template's spec is a PersistentVolumeClaim spec (`ValidatePersistentVolumeClaimSpec`,
  // https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/core/validation/validation.go).
  // Its name, `<pod>-<volume>`, is a DNS subdomain for every Job pod: ≤ 63 + 1 + 63 characters.
  forSource('ephemeral', 'ephemeral-claim-spec', ({ options }, { problem }) => {
    const size: unknown = options.size;
    if (!isSize(size)) problem(['size'], 'must be a cdk8s Size (e.g. Size.gibibytes(20))', size);
    else if (sizeProblem(size)) problem(['size'], sizeProblem(size)!, size);
    else if (!(sizeBytes(size) > 0)) problem(['size'], 'must be greater than zero', size);
    const storageClass: unknown = options.storageClass;
    // "" is valid (no class: only a PersistentVolume without one binds); any other name is a DNS subdomain
    // (`ValidatePersistentVolumeClaimSpec` checks the name only when it is not empty).
    if (storageClass !== undefined && storageClass !== '') {
      const p = typeof storageClass === 'string' ? dnsSubdomainProblem(storageClass) : 'must be a string';
      if (p) problem(['storageClass'], `StorageClass name ${p}`, storageClass);
    }
    const modes: unknown = options.accessModes;
    if (modes === undefined) return;
    const known: readonly string[] = Object.values(PersistentVolumeAccessMode);
    if (!Array.isArray(modes) || modes.length === 0) {
      problem(['accessModes'], 'must be a non-empty list of PersistentVolumeAccessMode', modes);
      return;
    }
    modes.forEach((m, i) => {
      if (!known.includes(m)) problem(['accessModes', i], `must be one of ${known.join(', ')}`, m);
    });
    if (modes.includes(PersistentVolumeAccessMode.READ_WRITE_ONCE_POD) && modes.length > 1) {
      problem(['accessModes'], 'may not use ReadWriteOncePod with other access modes', modes);
    }
  }),
];

/**
 * The rules of one `Volume`: its name and its source's options. Issue paths are relative to the
 * volume and carry the offending value (`params.got`), since options live inside the value class.
 */
export const volumeSchema = z
  .custom<Volume>((v) => v instanceof Volume, { message: 'must be a Volume' })
  .check(
    reportingCheck((v, ctx) => {
      const report = reporter(ctx);
      const problem = (path: PropertyKey[], message: string, got: unknown) => report(path, message, { got });
      const nameProblem = typeof v.name === 'string' ? dnsLabelProblem(v.name) : 'must be a string';
      if (nameProblem) problem(['name'], `volume name ${nameProblem}`, v.name);
      const options = v.source.options as Record<string, unknown> | null | undefined;
      if (!options || typeof options !== 'object') problem(['options'], 'must be an object', options);
      else runRules(VOLUME_RULES, { v, problem }, report);
    })
  );
