import * as z from 'zod';
import { NodeOperator, NodeRequirement, TaintEffect, TolerationOperator } from '../values/scheduling';
import { INT32_MAX, labelValueProblem, qualifiedNameProblem } from '../rules/names';
import { asArray, asInt } from '../rules/utils';

const INTEGER = /^-?[0-9]+$/;

/** A string or number as text; anything else as '' (an object is not an integer). */
const scalarText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** A problem at a path inside the checked object. */
export interface PathProblem {
  readonly path: PropertyKey[];
  readonly message: string;
}

/**
 * The API server's rules for one node selector requirement (`{ key, operator, values }`, the same shape in
 * props and manifests). Safe on invalid input.
 */
export function nodeRequirementProblems(r: Partial<NodeRequirement> | undefined): PathProblem[] {
  const out: PathProblem[] = [];
  const add = (path: PropertyKey[], message: string) => out.push({ path, message });
  if (typeof r?.key === 'string') {
    const keyProblem = qualifiedNameProblem(r.key);
    if (keyProblem) add(['key'], `label key ${keyProblem}`);
  }
  const values = asArray<string>(r?.values);
  switch (r?.operator) {
    case NodeOperator.IN:
    case NodeOperator.NOT_IN:
      if (values.length === 0) add(['values'], `${r.operator} needs at least one value`);
      values.forEach((v, i) => {
        const problem = typeof v === 'string' ? labelValueProblem(v) : undefined;
        if (problem) add(['values', i], problem);
      });
      break;
    case NodeOperator.EXISTS:
    case NodeOperator.DOES_NOT_EXIST:
      if (values.length > 0) add(['values'], `${r.operator} takes no values`);
      break;
    case NodeOperator.GT:
    case NodeOperator.LT:
      // Text, not String(): that throws for an object without a prototype.
      if (values.length !== 1 || !INTEGER.test(scalarText(values[0]))) {
        add(['values'], `${r.operator} needs exactly one integer value`);
      }
      break;
  }
  return out;
}

const requirementSchema = z
  .strictObject({
    key: z.string(),
    operator: z.enum(NodeOperator, { error: 'must be In, NotIn, Exists, DoesNotExist, Gt or Lt' }),
    values: z.array(z.string()).optional(),
  })
  .superRefine(
    (r: NodeRequirement, ctx) => {
      for (const { path, message } of nodeRequirementProblems(r))
        ctx.addIssue({ code: 'custom', path, message });
    },
    { when: () => true }
  );

export const nodeAffinitySchema = z.strictObject({
  required: z
    .array(requirementSchema)
    .min(1, 'must list at least one requirement; leave it out for none')
    .optional(),
  preferred: z
    .array(
      z.strictObject({
        weight: z
          .number({ error: 'must be a number' })
          .int('must be a whole number')
          .min(1, 'must be from 1 to 100')
          .max(100, 'must be from 1 to 100'),
        requirements: z.array(requirementSchema).min(1, 'must list at least one requirement'),
      })
    )
    .optional(),
});

/**
 * The API server's rules for one toleration (`{ key, operator, value, effect, tolerationSeconds }`, the same
 * shape in props and manifests; an empty operator means Equal). Safe on invalid input.
 */
export function tolerationProblems(t: Record<string, unknown> | undefined): PathProblem[] {
  const out: PathProblem[] = [];
  const add = (path: PropertyKey[], message: string) => out.push({ path, message });
  if (!t || typeof t !== 'object') return out;
  if (typeof t.key === 'string' && t.key !== '') {
    const problem = qualifiedNameProblem(t.key);
    if (problem) add(['key'], `taint key ${problem}`);
  } else if (t.operator !== TolerationOperator.EXISTS) {
    add(['operator'], 'must be Exists when no key is given (a toleration of every taint)');
  }
  if (t.operator === TolerationOperator.EXISTS && t.value)
    add(['value'], 'must be empty with operator Exists');
  if (typeof t.value === 'string' && t.value !== '') {
    const problem = labelValueProblem(t.value);
    if (problem) add(['value'], problem.replace('label value', 'taint value'));
  }
  if (
    t.tolerationSeconds !== undefined &&
    t.tolerationSeconds !== null &&
    t.effect !== TaintEffect.NO_EXECUTE
  ) {
    add(['tolerationSeconds'], 'only applies with effect NoExecute');
  }
  return out;
}

export const tolerationSchema = z
  .strictObject({
    key: z.string().optional(),
    operator: z.enum(TolerationOperator, { error: 'must be Equal or Exists' }).optional(),
    value: z.string().optional(),
    effect: z.enum(TaintEffect, { error: 'must be NoSchedule, PreferNoSchedule or NoExecute' }).optional(),
    tolerationSeconds: z.number().optional(),
  })
  .superRefine(
    (t, ctx) => {
      if (!t || typeof t !== 'object') return;
      const shared = tolerationProblems(t);
      const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      // Constructs also want a whole, non-negative number of seconds (the API server accepts negatives).
      if (t.tolerationSeconds !== undefined) {
        const s = asInt(t.tolerationSeconds);
        if (s === undefined || s < 0 || s > INT32_MAX) {
          const at = shared.findIndex((p) => p.path[0] === 'tolerationSeconds');
          shared.splice(at < 0 ? shared.length : at, 0, {
            path: ['tolerationSeconds'],
            message: 'must be a whole number of seconds ≥ 0',
          });
        }
      }
      for (const { path, message } of shared) add(path, message);
    },
    { when: () => true }
  );
