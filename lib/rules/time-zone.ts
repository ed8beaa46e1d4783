/**
 * IANA time zones through `Intl`: the API server's `spec.timeZone` rules, and wall-clock arithmetic
 * for computing run times. Node's ICU time zone data stands in for Go's tzdata.
 */

/** Each `/`-separated part of a time zone name (kube-apiserver `validateTimeZone`). */
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;
const EXAMPLES = '"Asia/Shanghai", "Europe/Berlin" or "UTC"';

/** What is wrong with a `spec.timeZone` value, or undefined when Kubernetes would load it. */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone === '') {
    return "must not be empty (Kubernetes rejects it); leave timeZone out to use kube-controller-manager's time zone";
  }
  if (zone.toLowerCase() === 'local') {
    return `must be an explicit IANA time zone such as ${EXAMPLES}; Kubernetes rejects "Local"`;
  }
  const parts = zone.split('/');
  const unknown = `unknown time zone: expected an IANA name such as ${EXAMPLES}`;
  if (parts.some((p) => !ZONE_PART.test(p) || p === '.' || p === '..' || p.startsWith('-'))) return unknown;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return unknown;
  }
  // Intl ignores case; Go's time.LoadLocation does not. Every IANA name part starts with a capital
  // letter or a digit.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) {
    return `unknown time zone: names are case-sensitive; did you mean "${resolved}"?`;
  }
  if (parts.some((p) => /^[a-z]/.test(p))) return 'unknown time zone: names are case-sensitive';
  return undefined;
}

/** A wall-clock date and time in some zone, month 1-12. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = FORMATS.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    FORMATS.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at the instant `ms` (epoch milliseconds). */
export function wallClockAt(zone: string, ms: number): WallClock {
  if (zone === 'UTC') {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatFor(zone).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The zone's offset from UTC at the instant `ms`, in milliseconds (UTC+8 is 8 hours). */
export function offsetAt(zone: string, ms: number): number {
  if (zone === 'UTC') return 0;
  const w = wallClockAt(zone, ms);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}
