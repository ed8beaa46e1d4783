import * as z from 'zod';
import { compiledCheck, reportingCheck } from './compiled';
import { isPlainMap } from '../rules/plain-values';

/**
 * `schema`, then the cross-field rules in `refine`, which run whatever the fields' own checks found.
 *
 * zod skips a `superRefine(..., { when })` once a field failed a `z.custom` check (our `instanceOf`),
 * because such a failure aborts explicitly: a `network: 'host'` string then hid every cross-field
 * problem of the construct, against "one error listing every problem". `refine` sees the raw input
 * and must be safe on invalid values (each rule checks the types it reads).
 *
 * A class instance is refused: it is not props, whatever keys it has.
 *
 * Unknown props get a hint: the prop that was probably meant (`backofflimit` → `backoffLimit`), or
 * where a Kubernetes field lives in these props (`hints`, e.g. `completions` → `pattern`).
 */
export function withCrossFieldRules<T>(
  schema: z.ZodType,
  refine: (value: T, ctx: z.RefinementCtx) => void,
  hints: Readonly<Record<string, string>> = {}
): z.ZodType {
  const known = Object.keys((schema as { shape?: Record<string, unknown> }).shape ?? {});
  const check = compiledCheck(schema);
  return z.unknown().check(
    reportingCheck((value, ctx) => {
      // A class instance has the right keys by chance at best: its getters and methods are not props.
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isPlainMap(value)) {
        ctx.addIssue({ code: 'custom', message: 'must be a plain object written as { ... }' });
        return;
      }
      const result = check(value);
      if (!result.success)
        for (const issue of result.error.issues) {
          // Only this object's own unknown keys: a nested object's (a container's) carry their own hints.
          const own = issue.code === 'unrecognized_keys' && issue.path.length === 0;
          const message = own ? unknownPropsMessage(issue.keys, known, hints) : issue.message;
          ctx.addIssue({ ...issue, message } as z.core.$ZodRawIssue);
        }
      refine(value as T, ctx);
    })
  );
}

/** `unknown prop 'x' (did you mean 'y'?)`, one entry per key. */
function unknownPropsMessage(
  keys: readonly string[],
  known: readonly string[],
  hints: Readonly<Record<string, string>>
): string {
  const described = keys.map((key) => {
    const hint = Object.hasOwn(hints, key) ? hints[key] : undefined;
    const meant = hint === undefined ? closest(key, known) : undefined;
    return `'${key}'${hint ? ` (${hint})` : meant ? ` (did you mean '${meant}'?)` : ''}`;
  });
  return `unknown prop${keys.length > 1 ? 's' : ''} ${described.join(', ')}`;
}

/** The known name `key` is most likely a typo of: same letters in another case, or 1–2 edits away. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d <= bestDistance && (best === undefined || d < bestDistance)) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    previous = current;
  }
  return previous[b.length];
}

const PATTERN_HINT =
  'set by pattern, e.g. pattern: JobPattern.fixedCompletions({ completions: 3, parallelism: 2 })';
const CONTAINER_HINT = 'a container prop: containers: [{ image, command, env, resources, ... }]';

/** Where Kubernetes' Job and pod fields live in the job constructs' props. */
export const JOB_PROP_HINTS: Readonly<Record<string, string>> = {
  completions: PATTERN_HINT,
  parallelism: PATTERN_HINT,
  completionMode: 'set by pattern: JobPattern.indexed({ completions })',
  backoffLimitPerIndex: 'set by pattern: JobPattern.indexed({ completions, backoffLimitPerIndex })',
  maxFailedIndexes:
    'set by pattern: JobPattern.indexed({ completions, backoffLimitPerIndex, maxFailedIndexes })',
  activeDeadlineSeconds: 'use activeDeadline: Duration.seconds(n)',
  ttlSecondsAfterFinished: 'use ttlAfterFinished: Duration.seconds(n)',
  terminationGracePeriodSeconds: 'use terminationGracePeriod: Duration.seconds(n)',
  startingDeadlineSeconds: 'use startingDeadline: Duration.seconds(n)',
  serviceAccountName: 'use serviceAccount',
  hostNetwork: 'use network: NetworkMode.host()',
  affinity: 'use nodeAffinity',
  securityContext: 'use runAs and fsGroup, and the containers’ security props',
  image: CONTAINER_HINT,
  command: CONTAINER_HINT,
  args: CONTAINER_HINT,
  env: CONTAINER_HINT,
  resources: CONTAINER_HINT,
  volumeMounts: CONTAINER_HINT,
};

/** Where Kubernetes' container fields live in `ContainerProps`. */
export const CONTAINER_PROP_HINTS: Readonly<Record<string, string>> = {
  securityContext: 'use runAs, privileged, allowPrivilegeEscalation, capabilities and readOnlyRootFilesystem',
  runAsUser: 'use runAs: RunAs.nonRootUser(uid, gid) (or RunAs.root())',
  runAsNonRoot: 'use runAs: RunAs.imageUser() (or RunAs.nonRootUser(uid))',
  imagePullSecrets: 'a prop of the job construct, not of a container',
  restartPolicy:
    'a prop of the job construct, not of a container; a container that keeps running beside the work containers goes in sidecars',
  workingDirectory: 'use workingDir',
};
