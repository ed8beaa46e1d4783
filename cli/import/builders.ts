/**
 * Expression builders for the values of cdk8s-batch props: `Duration.minutes(30)`, `Cpu.millis(250)`,
 * `Size.mebibytes(512)`, enum members, factories. Each builds the code and, through {@link valueOf}, the value.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as batch from '../../lib/index';
import { call, code, Expr, ImportedSymbol, lit } from './expr';
import { parseQuantity } from '../../lib/rules/quantity';

export const BATCH_MODULE = 'cdk8s-batch';

/** A cdk8s-batch symbol. */
export const batchSymbol = (name: string): ImportedSymbol => ({ module: BATCH_MODULE, name });

/** `Class.method(args)` of a cdk8s-batch class, evaluated with the real class. */
export function factory(className: keyof typeof batch, method: string, args: Expr[]): Expr {
  const cls = batch[className] as unknown as Record<string, (...a: unknown[]) => unknown>;
  if (!Object.prototype.hasOwnProperty.call(cls, method) || typeof cls[method] !== 'function')
    throw new Error(`internal error: ${className} has no factory ${JSON.stringify(method)}`);
  return call(`${className}.${method}`, args, (...values) => cls[method](...values), batchSymbol(className));
}

/** `Enum.MEMBER` of a cdk8s-batch string enum, or undefined when `value` is not one of its values. */
export function enumMember(enumName: keyof typeof batch, value: unknown): Expr | undefined {
  const members = batch[enumName] as unknown as Record<string, string>;
  const key = Object.keys(members).find((k) => members[k] === value && typeof value === 'string');
  return key === undefined ? undefined : code(`${enumName}.${key}`, value, batchSymbol(enumName));
}

const UNITS: ReadonlyArray<[string, number]> = [
  ['days', 86400],
  ['hours', 3600],
  ['minutes', 60],
];

/** A whole number of seconds as a `Duration` in the largest unit that holds it exactly. */
export function duration(seconds: number): Expr {
  const uses = { module: 'cdk8s', name: 'Duration' };
  const dur = Duration as unknown as Record<string, (n: number) => Duration>;
  for (const [unit, factor] of UNITS) {
    if (seconds > 0 && seconds % factor === 0) {
      return call(`Duration.${unit}`, [lit(seconds / factor)], (n) => dur[unit](n as number), uses);
    }
  }
  return call('Duration.seconds', [lit(seconds)], (n) => Duration.seconds(n as number), uses);
}

const SIZE_UNITS: ReadonlyArray<[string, number]> = [
  ['tebibytes', 1024 ** 4],
  ['gibibytes', 1024 ** 3],
  ['mebibytes', 1024 ** 2],
  ['kibibytes', 1024],
];

/** A number of bytes as a `Size` in the largest binary unit that holds it exactly; undefined when none does. */
export function sizeOfBytes(bytes: number): Expr | undefined {
  const uses = { module: 'cdk8s', name: 'Size' };
  const size = Size as unknown as Record<string, (n: number) => Size>;
  for (const [unit, factor] of SIZE_UNITS) {
    if (bytes > 0 && bytes % factor === 0 && Number.isSafeInteger(bytes)) {
      return call(`Size.${unit}`, [lit(bytes / factor)], (n) => size[unit](n as number), uses);
    }
  }
  return undefined;
}

/** A memory or storage quantity as a `Size`; undefined when it is not a whole number of KiB. */
export function sizeOfQuantity(value: unknown): Expr | undefined {
  const q = parseQuantity(value);
  if (!q || q.den !== 1n || q.num <= 0n) return undefined;
  return sizeOfBytes(Number(q.num));
}

/** A CPU quantity as `Cpu.units(n)` or `Cpu.millis(n)`; undefined when it is not a whole number of millicores. */
export function cpuOfQuantity(value: unknown): Expr | undefined {
  const q = parseQuantity(value);
  if (!q || q.num <= 0n) return undefined;
  const millis = (q.num * 1000n) / q.den;
  if ((q.num * 1000n) % q.den !== 0n) return undefined;
  const uses = { module: 'cdk8s-plus-28', name: 'Cpu' };
  const n = Number(millis);
  return n % 1000 === 0
    ? call('Cpu.units', [lit(n / 1000)], (u) => Cpu.units(u as number), uses)
    : call('Cpu.millis', [lit(n)], (m) => Cpu.millis(m as number), uses);
}

/** A file mode as an octal literal (`0o644`), as the props docs write them. */
export function fileMode(mode: number): Expr {
  if (!Number.isSafeInteger(mode) || mode < 0) throw new Error(`internal error: file mode ${mode}`);
  return code(`0o${mode.toString(8)}`, mode);
}
