import { toString as describeCron } from 'cronstrue';
import { offsetAt, wallClockAt } from './time-zone';

/**
 * The one cron grammar: CronJob schedules as Kubernetes reads them, robfig/cron v3 `ParseStandard` (5 fields
 * or a descriptor, https://github.com/robfig/cron/blob/v3.0.1/parser.go) and its `SpecSchedule.Next`
 * (https://github.com/robfig/cron/blob/v3.0.1/spec.go).
 *
 * Two readings of the same grammar (the same field bounds, names and descriptors):
 * - {@link cronParseProblem} / {@link scheduleProblems}: exactly what kube-apiserver accepts, with robfig's own
 *   error texts (for `validate` on manifests);
 * - {@link parseCron}: what `CronBatch` accepts, deliberately stricter (it also rejects `@every`, TZ prefixes,
 *   and schedules that can never run) with messages that say how to fix it, and the parsed form that
 *   {@link describeSchedule} and {@link nextRun} use. Whatever it accepts parses in the API server's reading.
 * See docs/cron-batch.md ("Schedule syntax") for the rules.
 */

/** One field's bounds (robfig `bounds`). */
interface Bounds {
  readonly min: number;
  readonly max: number;
  /** Lowercase names accepted instead of numbers (robfig: case-insensitive). */
  readonly names?: Readonly<Record<string, number>>;
}

interface FieldRule extends Bounds {
  /** Name used in messages. */
  readonly name: string;
  /** What a step restarts with, for messages. */
  readonly period: string;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const FIELDS: readonly FieldRule[] = [
  { name: 'minute', min: 0, max: 59, period: 'hour' },
  { name: 'hour', min: 0, max: 23, period: 'day' },
  { name: 'day-of-month', min: 1, max: 31, period: 'month' },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])),
    period: 'year',
  },
  {
    name: 'day-of-week',
    min: 0,
    max: 6,
    names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])),
    period: 'week',
  },
];

/** The 5 fields in order, for messages. */
const FIELD_ORDER = 'minute hour day-of-month month day-of-week';

/** The descriptors Kubernetes accepts besides `@every`, and the 5 fields each stands for (robfig `parseDescriptor`). */
const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** One parsed field: the values it matches, and robfig's "star bit". */
export interface CronField {
  readonly values: ReadonlySet<number>;
  /**
   * The field has a `*` or `?` without a step above 1 (robfig's star bit). When day-of-month or
   * day-of-week has it, a day must match both; otherwise either.
   */
  readonly star: boolean;
}

/** A valid schedule. */
export interface ParsedCron {
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
  /** The 5 fields to describe in words (macros expanded, `?` as `*`). */
  readonly fields: string;
}

/** Parses a schedule: the parsed form, or every problem found. */
export function parseCron(
  expression: string,
  options: { fieldsOnly?: boolean } = {}
): { cron?: ParsedCron; problems: string[] } {
  if (typeof expression !== 'string') return { problems: [`must be text such as "0 2 * * *"`] };
  const text = expression.trim();
  if (text === '') {
    return { problems: [`must not be empty: give 5 fields (${FIELD_ORDER}) or a macro such as @daily`] };
  }
  // kube-apiserver rejects any schedule containing "TZ" on create.
  if (expression.includes('TZ')) {
    return {
      problems: [
        'must not contain TZ= or CRON_TZ= (Kubernetes rejects it): set the timeZone prop instead, e.g. timeZone: "Asia/Shanghai"',
      ],
    };
  }
  if (text.startsWith('@')) return parseMacro(expression, text, options.fieldsOnly ?? false);

  const fields = text.split(/\s+/);
  if (fields.length !== 5) return { problems: [fieldCountProblem(fields.length)] };
  const problems: string[] = [];
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((f, i) =>
    parseField(f, FIELDS[i], problems)
  );
  if (problems.length > 0) return { problems };
  const cron = {
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    fields: fields.map((f) => f.replace(/\?/g, '*')).join(' '),
  };
  const never = neverRunsProblem(cron);
  return never ? { problems: [never] } : { cron, problems: [] };
}

function parseMacro(expression: string, macro: string, fieldsOnly: boolean) {
  const known = MACROS[macro];
  if (known !== undefined && fieldsOnly) {
    return {
      problems: [
        `Schedule.cron takes 5 fields (${FIELD_ORDER}); for the macro ${macro} use Schedule.expression('${macro}')`,
      ],
    };
  }
  if (known !== undefined && expression !== macro) {
    return { problems: [`macro ${macro} must not have spaces around it (Kubernetes rejects it)`] };
  }
  if (known !== undefined) {
    const { cron } = parseCron(known);
    return { cron: cron!, problems: [] };
  }
  if (/^@every(\s|$)/.test(macro)) {
    return {
      problems: [
        '@every is not supported: its runs count from when the CronJob was created or last ran, so they ' +
          'cannot be known from the manifest, and re-creating the CronJob shifts them; write the interval ' +
          'as 5 fields, e.g. "*/30 * * * *"',
      ],
    };
  }
  return {
    problems: [`unknown macro ${macro}: Kubernetes accepts ${Object.keys(MACROS).join(', ')} (lowercase)`],
  };
}

function fieldCountProblem(count: number): string {
  const fields = count === 1 ? '1 field' : `${count} fields`;
  const hint =
    count === 6
      ? ': a leading seconds field is not supported'
      : count === 7
        ? ': seconds and year fields are not supported'
        : '';
  return `has ${fields}; Kubernetes takes exactly 5 (${FIELD_ORDER})${hint}`;
}

/** Parses one field into `problems` (robfig `getField`/`getRange`, digits and names only). */
function parseField(text: string, rule: FieldRule, problems: string[]): CronField {
  const values = new Set<number>();
  let star = false;
  const count = rule.max - rule.min + 1;
  const fail = (message: string) => problems.push(`${rule.name} ${message}`);

  for (const item of text.split(',')) {
    if (item === '') {
      fail(`"${text}" has an empty list item`);
      continue;
    }
    const [range, stepText, ...extraSlashes] = item.split('/');
    if (extraSlashes.length > 0) {
      fail(`"${item}" has more than one "/"`);
      continue;
    }
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText)) {
        fail(`step "${stepText}" in "${item}" is not a number`);
        continue;
      }
      step = Number(stepText);
    }

    let low: number | undefined;
    let high: number | undefined;
    if (range === '*' || range === '?') {
      [low, high] = [rule.min, rule.max];
    } else {
      const ends = range.split('-');
      if (ends[0] === '*' || ends[0] === '?') {
        fail(`"${item}" is not a range: "${ends[0]}" cannot start one (Kubernetes would read it as "*")`);
        continue;
      }
      if (ends.length > 2) {
        fail(`"${item}" has more than one "-"`);
        continue;
      }
      low = valueOf(ends[0], rule, item, fail);
      high = ends.length === 2 ? valueOf(ends[1], rule, item, fail) : stepText !== undefined ? rule.max : low;
      if (low === undefined || high === undefined) continue;
      if (low > high) {
        fail(
          `range "${range}" runs backwards (${low} > ${high}): cron ranges do not wrap around; ` +
            `use a list such as "${low}-${rule.max},${rule.min}-${high}"`
        );
        continue;
      }
    }
    if (step === 0) {
      fail(`step 0 in "${item}" must be at least 1`);
      continue;
    }
    if (step > count) {
      fail(
        `step ${step} in "${item}" exceeds the field's ${count} values, so it matches only ${rule.name} ${low}: ` +
          `cron steps restart every ${rule.period}`
      );
      continue;
    }
    for (let v = low; v <= high; v += step) values.add(v);
    if ((range === '*' || range === '?') && step === 1) star = true;
  }
  return { values, star };
}

/** A number or name in range, or undefined after reporting the problem. */
function valueOf(
  token: string,
  rule: FieldRule,
  item: string,
  fail: (m: string) => void
): number | undefined {
  const named = rule.names?.[token.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(token)) {
    const names = rule.names
      ? ` or a ${rule.name === 'month' ? 'month' : 'day'} name (${rule.name === 'month' ? 'jan-dec' : 'sun-sat'})`
      : '';
    fail(token === '' ? `"${item}" is not a value, range or step` : `"${token}" is not a number${names}`);
    return undefined;
  }
  const value = Number(token);
  if (value < rule.min || value > rule.max) {
    const sunday =
      rule.name === 'day-of-week' && value === 7 ? ' (Sunday is 0; Kubernetes does not accept 7)' : '';
    fail(`${token} is out of range ${rule.min}-${rule.max}${sunday}`);
    return undefined;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The API server's reading: robfig's errors, and the create-time TZ rule of `validateScheduleFormat`
// (https://github.com/kubernetes/kubernetes/blob/release-1.28/pkg/apis/batch/validation/validation.go).

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
    if (MACROS[rest] !== undefined) return undefined;
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

// ---------------------------------------------------------------------------------------------
// CronBatch's reading: when a valid schedule runs

/** Days in each month, February counted in leap years. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A schedule that never runs: with day-of-week `*` a day must also match day-of-month, and no
 * chosen month has any chosen day. (When both day fields are restricted, either may match, so a
 * weekday rescues `0 0 30 2 1`.)
 */
function neverRunsProblem(cron: Omit<ParsedCron, 'fields'>): string | undefined {
  if (!cron.dayOfWeek.star || cron.dayOfMonth.star) return undefined;
  const months = [...cron.month.values];
  const days = [...cron.dayOfMonth.values];
  if (months.some((m) => days.some((d) => d <= MONTH_DAYS[m - 1]))) return undefined;
  const monthNames = months.map((m) => MONTHS_LONG[m - 1]);
  return (
    `never runs: ${join(monthNames, 'and')} ${months.length === 1 ? 'has' : 'have'} no day ` +
    `${join(days.map(String), 'or')}`
  );
}

function join(items: string[], word: string): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

/** The schedule in words, e.g. "Every 15 minutes, between 09:00 AM and 05:59 PM, Monday through Friday". */
export function describeSchedule(cron: ParsedCron): string {
  try {
    return describeCron(cron.fields, { throwExceptionOnParseError: true, locale: 'en' });
  } catch {
    return cron.fields;
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;

function dayMatches(cron: ParsedCron, year: number, month: number, day: number): boolean {
  const dom = cron.dayOfMonth.values.has(day);
  const dow = cron.dayOfWeek.values.has(new Date(Date.UTC(year, month - 1, day)).getUTCDay());
  return cron.dayOfMonth.star || cron.dayOfWeek.star ? dom && dow : dom || dow;
}

/**
 * The first run strictly after `after` (epoch ms), or undefined when there is none within robfig's
 * horizon (the rest of the year and 5 more). A run is a whole-minute instant whose wall clock in
 * `zone` matches the fields, which is what robfig's `Next` computes: a wall time that a DST change
 * skips does not run that day; one that repeats runs twice.
 */
export function nextRun(cron: ParsedCron, after: number, zone = 'UTC'): number | undefined {
  const start = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const first = wallClockAt(zone, start);
  const lastYear = first.year + 5;
  // From the day before: a wall clock set back over midnight can repeat the previous date.
  let date = Date.UTC(first.year, first.month - 1, first.day) - DAY;
  for (;;) {
    const d = new Date(date);
    const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    if (year > lastYear) return undefined;
    if (!cron.month.values.has(month)) {
      date = Date.UTC(year, month, 1);
      continue;
    }
    if (dayMatches(cron, year, month, day)) {
      const run = firstRunOn(cron, zone, date, start);
      if (run !== undefined) return run;
    }
    date += DAY;
  }
}

/** The earliest run ≥ `start` on the wall-clock date starting at `date` (as UTC ms). */
function firstRunOn(cron: ParsedCron, zone: string, date: number, start: number): number | undefined {
  const before = offsetAt(zone, date - DAY);
  const after = offsetAt(zone, date + 2 * DAY);
  const walls: number[] = [];
  for (const h of [...cron.hour.values].sort((a, b) => a - b)) {
    for (const m of [...cron.minute.values].sort((a, b) => a - b))
      walls.push(date + h * 3_600_000 + m * MINUTE);
  }
  if (before === after) {
    // No offset change near this day: wall times map one-to-one and in order.
    const wall = walls.find((w) => w - before >= start);
    return wall === undefined ? undefined : wall - before;
  }
  // A DST change: a wall time may not exist (gap) or exist twice (overlap), once per offset. With
  // either offset the instants rise with the wall time, so the first valid one of each is a candidate.
  const change = firstInstantWithNewOffset(zone, date - DAY, date + 2 * DAY, before);
  let earliest: number | undefined;
  for (const offset of [before, after]) {
    const wall = walls.find((w) => w - offset >= start && (w - offset < change ? before : after) === offset);
    if (wall !== undefined && (earliest === undefined || wall - offset < earliest)) earliest = wall - offset;
  }
  return earliest;
}

/** The first instant (to the second) in (low, high] whose offset is not `before`; one change assumed. */
function firstInstantWithNewOffset(zone: string, low: number, high: number, before: number): number {
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(zone, middle) === before) low = middle;
    else high = middle;
  }
  return high;
}
