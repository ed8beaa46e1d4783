import { DEFAULT_KUBE_VERSION, KUBE_VERSIONS, parseKubeVersion } from '../../lib/rules/kube-versions';
import { objectIdentity } from '../../lib/render/unique-objects';
import { validateManifest } from '../check/validate-manifest';
import { CliError, Command, CommandContext, EXIT, printableLine, UsageError } from '../command';
import { objectsOf, readManifests, yamlErrorMessage } from '../read/manifests';

/** One finding of `validate`; `--json` prints an array of these. */
export interface Finding {
  /** The file, relative to the working directory, or `<stdin>`. */
  readonly file: string;
  /** 0-based document index in the file. */
  readonly document: number;
  /** 1-based line: of the YAML error, else where the document starts. */
  readonly line: number;
  /** The object's kind and name; null when missing or when the YAML could not be parsed. */
  readonly kind: string | null;
  readonly name: string | null;
  /** Field path in the object (`spec.template.spec.containers[0].name`), or `(yaml)` for malformed YAML. */
  readonly field: string;
  readonly message: string;
  /** The rule family: `yaml`, `schema`, `feature-gates`, `metadata`, `job-selector`, ... */
  readonly rule: string;
}

/** The `validate` result, for callers and tests. */
export interface ValidateReport {
  readonly findings: readonly Finding[];
  readonly files: number;
  readonly objects: number;
  /** Objects with at least one finding. */
  readonly objectsWithFindings: number;
  /** Objects that were not checked, and why. */
  readonly skipped: readonly string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** An object's kind and name (or generateName) for messages; null when missing. */
function identify(value: unknown): { kind: string | null; name: string | null } {
  const meta = record(record(value).metadata);
  return { kind: str(record(value).kind), name: str(meta.name) ?? str(meta.generateName) };
}

/** `file:doc kind/name field: message`; `-` stands for an object that could not be parsed. */
export function formatFinding(f: Finding): string {
  const object = f.rule === 'yaml' ? '-' : `${f.kind ?? '?'}/${f.name ?? '?'}`;
  return printableLine(`${f.file}:${f.document} ${object} ${f.field}: ${f.message}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function runValidate(ctx: CommandContext): Promise<number> {
  const versionText = (ctx.values['kube-version'] as string | undefined) ?? DEFAULT_KUBE_VERSION;
  const kubeVersion = parseKubeVersion(versionText);
  if (!kubeVersion) {
    throw new UsageError(
      `--kube-version must be one of ${KUBE_VERSIONS[0]} to ${KUBE_VERSIONS[KUBE_VERSIONS.length - 1]} (got "${versionText}")`
    );
  }
  const paths = ctx.positionals.length > 0 ? ctx.positionals : ['dist'];
  const input = await readManifests(paths, ctx.io);

  const findings: Finding[] = [];
  const skipped: string[] = [];
  let objects = 0;
  let objectsWithFindings = 0;
  let malformed = false;
  /** Where each object identity (kind, namespace, name) was first seen. */
  const firstSeen = new Map<string, string>();
  for (const doc of input.documents) {
    const base = { file: doc.file, document: doc.index };
    if (doc.error) {
      malformed = true;
      findings.push({
        ...base,
        line: doc.error.line ?? doc.line,
        kind: null,
        name: null,
        field: '(yaml)',
        message: yamlErrorMessage(doc.error),
        rule: 'yaml',
      });
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    for (const { value, path } of objectsOf(doc.value)) {
      objects++;
      const checked = validateManifest(value, { kubeVersion });
      const result = { ...checked, problems: [...checked.problems] };
      const { kind, name } = identify(value);
      // The same kind, namespace and name twice in what is checked: one would replace the other on apply.
      const identity = objectIdentity(value);
      if (identity !== undefined) {
        const earlier = firstSeen.get(identity);
        if (earlier === undefined)
          firstSeen.set(identity, `${doc.file}:${doc.index}${path ? ` ${path}` : ''}`);
        else {
          result.problems.push({
            path: 'metadata.name',
            message: `${identity} is also in ${earlier}: one would replace the other on apply`,
            rule: 'duplicate-object',
          });
        }
      }
      if (result.skipped) {
        skipped.push(`${doc.file}:${doc.index} ${kind ?? '?'}/${name ?? '?'} not checked: ${result.skipped}`);
      }
      if (result.problems.length > 0) objectsWithFindings++;
      for (const p of result.problems) {
        findings.push({
          ...base,
          line: doc.line,
          kind,
          name,
          field: path === '' ? p.path : p.path === '(root)' ? path : `${path}.${p.path}`,
          message: p.message,
          rule: p.rule,
        });
      }
    }
  }
  if (objects === 0 && findings.length === 0) {
    throw new CliError(`no Kubernetes objects in ${paths.join(', ')} (the YAML files are empty)`);
  }

  const report: ValidateReport = {
    findings,
    files: input.files.length,
    objects,
    objectsWithFindings,
    skipped,
  };
  if (ctx.json) {
    ctx.io.out(`${JSON.stringify(report.findings, null, 2)}\n`);
  } else {
    for (const f of findings) ctx.io.out(`${formatFinding(f)}\n`);
    for (const s of skipped) ctx.io.out(`${printableLine(s)}\n`);
    const target = `Kubernetes ${kubeVersion}`;
    const scope = `${plural(objects, 'object')} in ${plural(report.files, 'file')}`;
    ctx.io.out(
      findings.length === 0
        ? `${scope}: no findings (${target})\n`
        : `${plural(findings.length, 'finding')} in ${objectsWithFindings} of ${scope} (${target})\n`
    );
  }
  // Malformed YAML is an input error (exit 2) in every command: what it held was not checked.
  return malformed ? EXIT.USAGE : findings.length > 0 ? EXIT.FINDINGS : EXIT.OK;
}

/** `cdk8s-batch validate [paths...]`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check manifests as the Kubernetes API server would on create',
  usage: '[paths...]',
  description: [
    'Checks every object in the YAML files under the given files and folders (default: dist/; - reads',
    'standard input) the way a Kubernetes API server checks it on create: against the Kubernetes 1.28',
    'OpenAPI schema (unknown fields included), after its defaults, with its Job, CronJob and pod rules.',
    'YAML is read like kubectl reads it (YAML 1.1: an unquoted yes or on is true). Custom resources are',
    'listed as not checked.',
    '',
    'Each finding is printed as: file:document-index kind/name field: message',
  ].join('\n'),
  options: {
    'kube-version': {
      type: 'string',
      valueName: 'version',
      description: `Kubernetes version of the API server, ${KUBE_VERSIONS[0]} to ${KUBE_VERSIONS[KUBE_VERSIONS.length - 1]}; fields newer than it are flagged`,
      defaultText: DEFAULT_KUBE_VERSION,
    },
  },
  allowPositionals: true,
  examples: [
    'cdk8s-batch validate',
    'cdk8s-batch validate dist/ other/job.yaml --kube-version 1.30',
    'kubectl get job pi -o yaml | cdk8s-batch validate - --json',
  ],
  run: runValidate,
};
