/**
 * CronJob `spec.schedule` exactly as kube-apiserver parses it: robfig/cron v3 `ParseStandard` (5 fields
 * minute hour day-of-month month day-of-week, names, `*`/`?`, ranges, steps, lists, and the descriptors
 * `@yearly @annually @monthly @weekly @daily @midnight @hourly @every <duration>`), with robfig's own error
 * texts, plus the create-time TZ rule of `validateScheduleFormat`.
 *
 * This is the API server's rule, for manifests. `CronBatch` is deliberately stricter (it also rejects
 * `@every` and schedules that can never run); whatever it accepts must parse here.
 */

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((n, i) => [n, i])) },
];

const DESCRIPTORS = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

/** Go's `strconv.Atoi`: optional sign, decimal digits, within int64. */
function atoi(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return `strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range`;
  return n;
}

/** robfig `mustParseInt`. */
function mustParseInt(expr: string): number | Error {
  const n = atoi(expr);
  if (typeof n === 'string') return new Error(`failed to parse int from ${expr}: ${n}`);
  if (n < 0) return new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Bounds['names']): number | Error {
  const named = names?.[expr.toLowerCase()];
  return named !== undefined ? named : mustParseInt(expr);
}

/** robfig `getRange`: one comma-separated part of a field. */
function rangeProblem(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = parseIntOrName(lowAndHigh[0], r.names);
    if (s instanceof Error) return s.message;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1], r.names);
      if (e instanceof Error) return e.message;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]);
    if (s instanceof Error) return s.message;
    step = s;
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

const DURATION_UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** Go's `time.ParseDuration` error, or undefined when `text` parses. */
export function goDurationProblem(text: string): string | undefined {
  const quoted = JSON.stringify(text);
  let s = text.replace(/^[-+]/, '');
  if (s === '0') return undefined;
  if (s === '') return `time: invalid duration ${quoted}`;
  while (s !== '') {
    const number = /^(\d*)(\.(\d*))?/.exec(s)!;
    if (number[1] === '' && (number[3] ?? '') === '') return `time: invalid duration ${quoted}`;
    s = s.slice(number[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === '') return `time: missing unit in duration ${quoted}`;
    if (!DURATION_UNITS.has(unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`;
    s = s.slice(unit.length);
  }
  return undefined;
}

/** robfig/cron v3 `ParseStandard`'s error for `spec`, or undefined when it parses. */
export function cronParseProblem(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string';
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    if (space < 0) return `provided bad location ${rest.slice(eq + 1)}: unknown time zone`;
    rest = rest.slice(space).trim();
  }
  if (rest.startsWith('@')) {
    if (DESCRIPTORS.has(rest)) return undefined;
    if (rest.startsWith('@every ')) {
      const problem = goDurationProblem(rest.slice('@every '.length));
      return problem ? `failed to parse duration ${rest}: ${problem}` : undefined;
    }
    return `unrecognized descriptor: ${rest}`;
  }
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  }
  for (let i = 0; i < 5; i++) {
    for (const part of fields[i].split(',').filter((p) => p !== '')) {
      const problem = rangeProblem(part, FIELDS[i]);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Every problem kube-apiserver reports for `spec.schedule` on create (`validateScheduleFormat`): the robfig
 * parse error, and any `TZ` in the schedule.
 */
export function scheduleProblems(schedule: string): string[] {
  if (schedule === '') return ['Required value'];
  const problems: string[] = [];
  const parse = cronParseProblem(schedule);
  if (parse) problems.push(parse);
  if (schedule.includes('TZ'))
    problems.push('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  return problems;
}
