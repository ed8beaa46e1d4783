import * as z from 'zod';
import { HIDDEN_VALUE, isCredentialAt } from '../rules/credentials';
import { describeValue, ValidationError, ValidationProblem } from './errors';
import { NOT_COPIED, plainDataCopy, plainDataProblems, thrownMessage } from './plain-data';
import { CheckResult, compiledCheck } from './compiled';

/**
 * Formats a zod issue path as `a.b[0].c`.
 * @internal
 */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out.length === 0 ? '(props)' : out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'a map of strings',
};

/** Turns zod's generic wording into ours; custom messages pass through. */
function messageOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(issue.expected);
      if (issue.message && !issue.message.startsWith('Invalid input')) return issue.message;
      return `must be ${TYPE_WORDS[expected] ?? expected}`;
    }
    case 'unrecognized_keys':
      if (issue.message?.startsWith('unknown prop')) return issue.message; // with a hint
      return `unknown prop${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_value':
      if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/**
 * Hints a custom issue may carry: `key`, the offending map key (shown instead of its value); `got`, the
 * offending value when the issue path does not lead to it (e.g. inside a value class).
 */
export interface IssueParams {
  readonly key?: string;
  readonly got?: unknown;
}

/**
 * Converts zod issues into problems, reading the offending values from the raw input.
 * @internal
 */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], input: unknown): ValidationProblem[] {
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const issue of issues) {
    const field = formatPath(issue.path);
    const message = messageOf(issue);
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const params = issue.code === 'custom' ? (issue.params as IssueParams | undefined) : undefined;
    const got =
      params && 'got' in params
        ? params.got
        : params?.key !== undefined
          ? params.key
          : valueAt(input, issue.path);
    // A credential's value is never printed, whatever its type (the key is, when the key is the problem).
    const hidden =
      !(params && ('got' in params || params.key !== undefined)) && isCredentialAt(issue.path, got);
    const value = issue.code === 'unrecognized_keys' ? undefined : hidden ? HIDDEN_VALUE : describeValue(got);
    problems.push({ field, message, value });
  }
  return problems;
}

/**
 * Validates `input` with `schema` and throws one `ValidationError` listing every problem. Returns what
 * was validated: a copy of `input` in which every list and plain object is a new one (class instances,
 * such as value objects, are the same objects; see `plainDataCopy`), so that a construct that keeps it
 * renders what was validated even when the caller changes its own objects afterwards. Normalization
 * happens after validation, in one place per construct.
 * @internal
 */
export function validateOrThrow<T>(
  schema: z.ZodType,
  input: T,
  constructType: string,
  constructPath: string,
  extra: readonly ValidationProblem[] = []
): T {
  const read = readPlainData(input);
  const problems = [...(read.problems ?? problemsOf(schema, read.copy)), ...extra];
  if (problems.length > 0) throw new ValidationError(constructType, constructPath, problems);
  return read.copy as T;
}

/** Props too large for the quick look (`plainDataCopy`'s budget) are copied with this one. */
const FULL_COPY_BUDGET = 10_000_000;

/**
 * `input` copied (see `validateOrThrow`), or what keeps it from being read (`checkPlainData`).
 * @internal
 */
export function readPlainData(input: unknown): { copy: unknown; problems?: ValidationProblem[] } {
  const quick = plainDataCopy(input);
  if (quick !== NOT_COPIED) return { copy: quick };
  const unreadable = checkPlainData(input);
  if (unreadable.length > 0) return { copy: input, problems: unreadable };
  // Sound, but more objects than the quick look takes on.
  const full = plainDataCopy(input, FULL_COPY_BUDGET);
  if (full !== NOT_COPIED) return { copy: full };
  return {
    copy: input,
    problems: [
      {
        field: '(props)',
        message: `could not be copied: more than ${FULL_COPY_BUDGET} objects, or a getter or Proxy that gives other values each time it is read; props must be plain data`,
      },
    ],
  };
}

/**
 * What a JavaScript caller's input cannot be read as: holes in lists, throwing getters and Proxies,
 * cycles, symbol keys (see `plain-data.ts`). Such input is not given to the schema.
 * @internal
 */
export function checkPlainData(input: unknown, prefix: readonly PropertyKey[] = []): ValidationProblem[] {
  return plainDataProblems(input).map((p) => ({
    field: formatPath([...prefix, ...p.path]),
    message: p.message,
  }));
}

/**
 * The compiled check of each schema validated here (`compiledCheck`: valid props are answered without
 * zod's runtime parser, which still gives the issues of invalid ones). These schemas are module-level
 * (a construct kind's props, a factory's arguments), so the map stays small; it stops growing at 100.
 */
const CHECKS = new Map<z.ZodType, (value: unknown) => CheckResult>();

function checkOf(schema: z.ZodType): (value: unknown) => CheckResult {
  let check = CHECKS.get(schema);
  if (check === undefined) {
    if (CHECKS.size >= 100) return (value) => schema.safeParse(value);
    check = compiledCheck(schema);
    CHECKS.set(schema, check);
  }
  return check;
}

/**
 * The schema's problems with `input`. Should a foreign value still throw while it is read (a cdk8s
 * look-alike whose method throws), that is a problem too, never the raw error.
 * @internal
 */
export function problemsOf(schema: z.ZodType, input: unknown, root = '(props)'): ValidationProblem[] {
  try {
    const result = checkOf(schema)(input);
    return result.success ? [] : problemsFromZod(result.error.issues, input);
  } catch (error) {
    return [{ field: root, message: `could not be checked: ${thrownMessage(error)}` }];
  }
}
