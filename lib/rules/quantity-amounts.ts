import { SizeRoundingBehavior, type Size } from 'cdk8s';
import type { BytesAmount, CpuAmount } from '../types/references';
import { NANOS_PER_UNIT, quantityNanos } from './quantity';

/**
 * The largest quantity Kubernetes represents, 2^63 − 1 units: `resource.Quantity` silently caps a larger
 * one (apimachinery `quantity.go`, `maxAllowed`), so it would not mean what was written.
 */
export const QUANTITY_MAX_NANOS = ((1n << 63n) - 1n) * NANOS_PER_UNIT;
const QUANTITY_RANGE_RULE =
  'must be at most 9223372036854775807 (2^63 − 1) units, the largest Kubernetes quantity (a larger one is silently capped)';

/** What is wrong with a quantity's size (beyond what Kubernetes represents), given in nano-units. */
export function quantityRangeProblem(nanos: bigint): string | undefined {
  return nanos > QUANTITY_MAX_NANOS || nanos < -QUANTITY_MAX_NANOS ? QUANTITY_RANGE_RULE : undefined;
}

/** What is wrong with a cdk8s `Size` as a Kubernetes quantity: NaN, negative, or too large (Infinity too). */
export function sizeProblem(size: Size): string | undefined {
  const bytes = sizeBytes(size);
  if (Number.isNaN(bytes)) return 'must be a number of bytes, not NaN';
  if (bytes < 0) return 'must not be negative';
  // 2^63 is the first float above 2^63 − 1; Infinity is above it too.
  if (bytes >= 2 ** 63) return QUANTITY_RANGE_RULE.replace('units', 'bytes');
  return undefined;
}

/** Bytes of a cdk8s `Size`. */
export function sizeBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

export const CPU_EXAMPLES = 'a Kubernetes quantity such as "250m", "0.5" or "2"';

/**
 * Milli-CPUs of an amount of CPU, or undefined when it is not a Kubernetes quantity. (Kubernetes
 * rounds an amount finer than a milli-CPU up; so does this.)
 */
export function cpuMillis(cpu: CpuAmount): number | undefined {
  const nanos = quantityNanos(typeof cpu === 'string' ? cpu : cpu.amount);
  return nanos === undefined ? undefined : Number(nanos) / 1_000_000;
}

/** What is wrong with an amount of CPU, or undefined. */
export function cpuAmountProblem(cpu: CpuAmount): string | undefined {
  const nanos = quantityNanos(typeof cpu === 'string' ? cpu : cpu.amount);
  return nanos === undefined
    ? `must be ${CPU_EXAMPLES}`
    : quantityRangeProblem(nanos)?.replace('units', 'cores');
}

/**
 * Bytes of an amount of memory or storage, or undefined when it is a string that is not a Kubernetes
 * quantity of whole bytes.
 */
export function amountBytes(amount: BytesAmount): number | undefined {
  if (typeof amount !== 'string') return sizeBytes(amount);
  return bytesQuantityProblem(amount) ? undefined : Number(quantityNanos(amount)! / NANOS_PER_UNIT);
}

/** What is wrong with a quantity of bytes written as a string, or undefined. */
function bytesQuantityProblem(amount: string): string | undefined {
  const nanos = quantityNanos(amount);
  if (nanos === undefined) return 'must be a Kubernetes quantity of bytes such as "512Mi", "1Gi" or "1G"';
  // Kubernetes reads 400m of memory as 0.4 bytes; nobody means that.
  if (/\dm$/.test(amount)) {
    return `must not be in thousandths of a byte ("m" is milli): did you mean "${amount.slice(0, -1)}Mi"?`;
  }
  if (nanos % NANOS_PER_UNIT !== 0n) return 'must be a whole number of bytes';
  return quantityRangeProblem(nanos)?.replace('units', 'bytes');
}

/** What is wrong with an amount of memory or storage, or undefined. */
export function bytesAmountProblem(amount: BytesAmount): string | undefined {
  return typeof amount === 'string' ? bytesQuantityProblem(amount) : sizeProblem(amount);
}
