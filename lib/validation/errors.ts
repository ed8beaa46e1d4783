import { hasUrlPassword, hideCredentials, HIDDEN_VALUE } from '../rules/credentials';

/**
 * One problem found in a construct's props.
 */
export interface ValidationProblem {
  /** Dotted path of the offending prop, e.g. `pattern.parallelism` or `containers[0].image`. */
  readonly field: string;
  /** The rule that was broken, in words. */
  readonly message: string;
  /** The offending value, rendered for humans. `undefined` when the value was missing. */
  readonly value?: string;
}

/**
 * Thrown when a construct's props, or a value object factory's arguments, break one or more rules.
 *
 * All problems of one construct (or call) are collected and reported together. The message names the
 * construct type and path, then lists one problem per line as `field: rule (got value)`.
 */
export class ValidationError extends Error {
  /** The construct path, e.g. `pi/job`; for a factory's arguments, the call, e.g. `Probe.http(options)`. */
  public readonly constructPath: string;
  /** The construct type, e.g. `BatchJob`; for a factory's arguments, the value object's class, e.g. `Probe`. */
  public readonly constructType: string;
  /** Every problem found. */
  public readonly problems: readonly ValidationProblem[];

  constructor(constructType: string, constructPath: string, problems: readonly ValidationProblem[]) {
    super(formatMessage(constructType, constructPath, problems));
    this.name = 'ValidationError';
    this.constructType = constructType;
    this.constructPath = constructPath;
    this.problems = problems;
  }
}

function formatMessage(type: string, path: string, problems: readonly ValidationProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map(
    (p) => `  - ${p.field}: ${p.message}${p.value === undefined ? '' : ` (got ${p.value})`}`
  );
  return [`invalid ${type} at '${path}' (${count}):`, ...lines].join('\n');
}

/**
 * Renders a value for an error message: short, one line, JSON-like.
 * @internal
 */
export function describeValue(value: unknown): string {
  // Whatever a JavaScript caller passed (a Proxy, an object whose getters throw): never throws.
  try {
    return describe(value);
  } catch {
    return 'a value that cannot be shown';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string')
    return hasUrlPassword(value) ? HIDDEN_VALUE : truncate(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  const ctor = (value as object).constructor;
  // A list of value objects (rules, volumes): name each item instead of dumping its fields.
  if (Array.isArray(value) && value.some((v) => isInstance(v))) {
    const kinds = new Set(value.map((v) => (isInstance(v) ? (v as object).constructor.name : typeof v)));
    if (kinds.size === 1 && value.length > 1) return `a list of ${value.length} ${[...kinds][0]}s`;
    return truncate(`[${value.map(describeValue).join(', ')}]`);
  }
  if (ctor && ctor !== Object && ctor !== Array) {
    const described = describeInstance(value as Record<string, unknown>);
    return described ?? `${/^[AEIOU]/.test(ctor.name) ? 'an' : 'a'} ${ctor.name}`;
  }
  try {
    return truncate(JSON.stringify(value, hideCredentials) ?? String(value));
  } catch {
    // A cycle or a BigInt inside: say what it is rather than "[object Object]".
    return Array.isArray(value) ? `a list of ${value.length} items` : 'an object';
  }
}

/** Whether `value` is an instance of a class (not a plain object or array). */
function isInstance(value: unknown): boolean {
  const ctor = value !== null && typeof value === 'object' ? value.constructor : undefined;
  return ctor !== undefined && ctor !== Object && ctor !== Array;
}

function describeInstance(value: Record<string, unknown>): string | undefined {
  // cdk8s Duration and Size, cdk8s-plus Cpu: say what they hold.
  if (typeof value.toHumanString === 'function') return (value.toHumanString as () => string)();
  if (typeof value.amount === 'string') return JSON.stringify(value.amount);
  const unit = value.unit as { label?: unknown } | undefined;
  if (typeof value.amount === 'number' && typeof unit?.label === 'string')
    return `${value.amount} ${unit.label}`;
  return undefined;
}

function truncate(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
