import { z } from 'zod';
import { EmptyDirMedium, HostPathType, Volume } from '../values/volume';
import { configKeyProblem, dnsLabelProblem, isFileMode, csiDriverNameProblem } from '../rules/names';
import { isSize } from '../rules/plain-values';
import { sizeProblem } from '../rules/quantity-amounts';
import { namedRefSchema } from '../validation/schemas';
import { absolutePathProblem, relativePathProblem } from '../rules/paths';
import { asArray } from '../rules/utils';
import { compiledCheck } from '../validation/compiled';
import { parseNfsExport } from './rendered-names';

const REF_CHECKS = {
  Secret: compiledCheck(namedRefSchema('Secret')),
  ConfigMap: compiledCheck(namedRefSchema('ConfigMap')),
  PersistentVolumeClaim: compiledCheck(namedRefSchema('PersistentVolumeClaim')),
};

const MODE_RULE = 'must be a file mode from 0 to 0o777 (write it as an octal literal, e.g. 0o644)';

/**
 * The rules of one `Volume`: its name and its source's options. Issue paths are relative to the
 * volume and carry the offending value (`params.got`), since options live inside the value class.
 */
export const volumeSchema = z
  .custom<Volume>((v) => v instanceof Volume, { message: 'must be a Volume' })
  .superRefine((v, ctx) => {
    const problem = (path: PropertyKey[], message: string, got: unknown) =>
      ctx.addIssue({ code: 'custom', path, message, params: { got } });
    const nameProblem = typeof v.name === 'string' ? dnsLabelProblem(v.name) : 'must be a string';
    if (nameProblem) problem(['name'], `volume name ${nameProblem}`, v.name);

    const source = v.source;
    const options = source.options as Record<string, unknown> | null | undefined;
    if (!options || typeof options !== 'object') {
      problem(['options'], 'must be an object', options);
      return;
    }
    const ref = (field: string, kind: keyof typeof REF_CHECKS, value: unknown) => {
      const parsed = REF_CHECKS[kind](value);
      if (!parsed.success) problem([field], parsed.error.issues[0].message, value);
    };
    const mode = (field: PropertyKey[], m: unknown) => {
      if (m !== undefined && !isFileMode(m)) {
        problem(field, MODE_RULE, m);
      }
    };

    switch (source.kind) {
      case 'secret':
      case 'configMap': {
        ref(source.kind, source.kind === 'secret' ? 'Secret' : 'ConfigMap', source.ref);
        mode(['defaultMode'], source.options.defaultMode);
        if (source.options.items !== undefined && !Array.isArray(source.options.items)) {
          problem(['items'], 'must be a list of { key, path, mode? }', source.options.items);
        }
        asArray<{ key?: unknown; path?: unknown; mode?: unknown }>(source.options.items).forEach(
          (item, i) => {
            const keyProblem = typeof item?.key === 'string' ? configKeyProblem(item.key) : undefined;
            if (typeof item?.key !== 'string' || keyProblem) {
              problem(['items', i, 'key'], keyProblem ?? configKeyProblem('')!, item?.key);
            }
            const pathProblem =
              typeof item?.path === 'string' ? relativePathProblem(item.path, true) : 'must be a string';
            if (pathProblem) problem(['items', i, 'path'], pathProblem, item?.path);
            mode(['items', i, 'mode'], item?.mode);
          }
        );
        break;
      }
      case 'emptyDir': {
        if (
          source.options.medium !== undefined &&
          !Object.values(EmptyDirMedium).includes(source.options.medium)
        ) {
          problem(
            ['medium'],
            'must be EmptyDirMedium.DEFAULT or EmptyDirMedium.MEMORY',
            source.options.medium
          );
        }
        const sizeLimit: unknown = source.options.sizeLimit;
        if (sizeLimit !== undefined && isSize(sizeLimit) && sizeProblem(sizeLimit)) {
          problem(['sizeLimit'], sizeProblem(sizeLimit)!, sizeLimit);
        }
        if (sizeLimit !== undefined && !isSize(sizeLimit)) {
          problem(['sizeLimit'], 'must be a cdk8s Size (e.g. Size.gibibytes(1))', source.options.sizeLimit);
        }
        break;
      }
      case 'persistentVolumeClaim':
        ref('claim', 'PersistentVolumeClaim', source.ref);
        break;
      case 'hostPath': {
        const pathProblem =
          typeof source.path !== 'string'
            ? 'must be a string'
            : (absolutePathProblem(source.path) ??
              (source.path.split('/').includes('..') ? "must not contain '..'" : undefined));
        if (pathProblem) problem(['path'], pathProblem, source.path);
        if (source.options.type !== undefined && !Object.values(HostPathType).includes(source.options.type)) {
          problem(
            ['type'],
            `must be one of ${Object.values(HostPathType).filter(Boolean).join(', ')}`,
            source.options.type
          );
        }
        break;
      }
      case 'nfs':
        if (typeof source.export !== 'string' || !parseNfsExport(source.export)) {
          problem(
            ['export'],
            "must be 'server:/absolute/path', e.g. 'nfs.example.com:/exports/data'",
            source.export
          );
        }
        break;
      case 'csi': {
        const driverProblem =
          typeof source.driver !== 'string' ? 'must be a string' : csiDriverNameProblem(source.driver);
        if (driverProblem) problem(['driver'], `CSI driver name ${driverProblem}`, source.driver);
        if (source.options.nodePublishSecret !== undefined)
          ref('nodePublishSecret', 'Secret', source.options.nodePublishSecret);
        const attributes = source.options.attributes;
        if (
          attributes !== undefined &&
          (attributes === null ||
            typeof attributes !== 'object' ||
            Object.values(attributes).some((x) => typeof x !== 'string'))
        ) {
          problem(['attributes'], 'must be a map of strings', attributes);
        }
        break;
      }
    }
  });
