/**
 * Kubernetes resource quantities (`100m`, `1.5Gi`, `2`, `1e3`), exactly: as a count of nano-units, so
 * comparisons and "is a whole number" checks have no floating-point error (apimachinery `quantity.go`).
 */

const QUANTITY_PARTS = /^([+-]?)(\d*)(?:\.(\d*))?([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** One unit is this many nano-units. */
export const NANOS_PER_UNIT = 1_000_000_000n;

/**
 * `quantityNanos` of the strings read so far: props and manifests repeat a few quantities (`500m`,
 * `1Gi`) many times, and each reading is a regular expression and BigInt arithmetic. Bounded: short
 * strings only, emptied when full.
 */
const NANOS_OF_TEXT = new Map<string, bigint | undefined>();
const NANOS_OF_TEXT_MAX = 10_000;

/**
 * The quantity in nano-units (rounded up, as Kubernetes rounds), or undefined when it is not a quantity.
 * Numbers (YAML `memory: 1024`) are read like their decimal text.
 */
export function quantityNanos(quantity: unknown): bigint | undefined {
  if (typeof quantity !== 'string' || quantity.length > 64) return readNanos(quantity);
  let nanos = NANOS_OF_TEXT.get(quantity);
  if (nanos === undefined && !NANOS_OF_TEXT.has(quantity)) {
    nanos = readNanos(quantity);
    if (NANOS_OF_TEXT.size >= NANOS_OF_TEXT_MAX) NANOS_OF_TEXT.clear();
    NANOS_OF_TEXT.set(quantity, nanos);
  }
  return nanos;
}

function readNanos(quantity: unknown): bigint | undefined {
  let text: string;
  if (typeof quantity === 'number') {
    if (!Number.isFinite(quantity)) return undefined;
    text = String(quantity).replace('e+', 'e');
  } else if (typeof quantity === 'string') {
    text = quantity;
  } else {
    return undefined;
  }
  const exact = readExact(text);
  if (!exact) return undefined;
  const numerator = exact.num * NANOS_PER_UNIT;
  const value = (numerator + exact.den - 1n) / exact.den;
  return exact.negative ? -value : value;
}

/**
 * The one reading of a quantity's text: its magnitude as `num / den` (not reduced) and its sign, or undefined.
 * Exponents beyond ±100 are refused, so a hostile `1e99999999` cannot make a number of a hundred million digits.
 */
function readExact(text: string): { negative: boolean; num: bigint; den: bigint } | undefined {
  const match = QUANTITY_PARTS.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', suffix = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  let exponent10 = 0;
  let binary = 0;
  if (suffix in BINARY) binary = BINARY[suffix];
  else if (suffix in DECIMAL) exponent10 = DECIMAL[suffix];
  else {
    const e = Number(suffix.slice(1));
    if (!Number.isInteger(e) || Math.abs(e) > 100) return undefined;
    exponent10 = e;
  }
  exponent10 -= fraction.length;
  let num = BigInt(`${whole}${fraction}` || '0') * (1n << BigInt(binary));
  let den = 1n;
  if (exponent10 >= 0) num *= 10n ** BigInt(exponent10);
  else den = 10n ** BigInt(-exponent10);
  return { negative: sign === '-', num, den };
}

/** Renders nano-units back as a short quantity for messages (`1500m`, `2`). */
export function formatNanos(nanos: bigint): string {
  if (nanos % NANOS_PER_UNIT === 0n) return String(nanos / NANOS_PER_UNIT);
  if (nanos % 1_000_000n === 0n) return `${nanos / 1_000_000n}m`;
  return `${nanos}n`;
}

/** A quantity as an exact fraction (`500m` and `0.5` are both `1/2`): the command line compares quantities as written. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

/** The exact value of a Kubernetes quantity (`100m`, `1.5Gi`, `2e3`), or undefined when it is not one. */
export function parseQuantity(value: unknown): Fraction | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return parseQuantity(String(value));
  }
  if (typeof value !== 'string') return undefined;
  const exact = readExact(value.trim());
  if (!exact) return undefined;
  const g = gcd(exact.num, exact.den);
  return { num: (exact.negative ? -exact.num : exact.num) / g, den: exact.den / g };
}
