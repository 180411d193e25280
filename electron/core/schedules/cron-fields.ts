/**
 * Validation and translation of EventBridge cron fields into cron-parser's dialect.
 *
 * Why by hand: cron-parser (v5) computes the times, but it speaks Unix cron — day-of-week 0-7 with
 * 0 = SUN where EventBridge says 1-7 with 1 = SUN, no year field, no `W`, and `?` anywhere — and its
 * errors do not name EventBridge's fields. So only the parts that differ are written here.
 */

/** A field of an EventBridge cron expression, in its order. */
export const CRON_FIELDS = ['Minutes', 'Hours', 'Day-of-month', 'Month', 'Day-of-week', 'Year'] as const;

/** One field's name. */
export type CronFieldName = (typeof CRON_FIELDS)[number];

/** An invalid field: the message names the field and says what to write instead. */
export class CronFieldError extends Error {
  constructor(
    readonly field: CronFieldName | null,
    message: string,
  ) {
    super(message);
    this.name = 'CronFieldError';
  }
}

interface FieldRange {
  field: CronFieldName;
  min: number;
  max: number;
  names?: readonly string[];
  /** What to write, said in the error. */
  allowed: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const RANGES: Record<CronFieldName, FieldRange> = {
  Minutes: { field: 'Minutes', min: 0, max: 59, allowed: '0-59' },
  Hours: { field: 'Hours', min: 0, max: 23, allowed: '0-23' },
  'Day-of-month': { field: 'Day-of-month', min: 1, max: 31, allowed: '1-31' },
  Month: { field: 'Month', min: 1, max: 12, names: MONTHS, allowed: '1-12 or JAN-DEC' },
  'Day-of-week': { field: 'Day-of-week', min: 1, max: 7, names: DAYS, allowed: '1-7 (1 = SUN) or SUN-SAT' },
  Year: { field: 'Year', min: 1970, max: 2199, allowed: '1970-2199' },
};

function fail(field: CronFieldName, message: string): never {
  throw new CronFieldError(field, `${field}: ${message}`);
}

/** A value by number or name (names are 1-based: JAN = 1, SUN = 1, as EventBridge counts). */
function value(range: FieldRange, text: string, whole: string): number {
  const upper = text.toUpperCase();
  const byName = range.names?.indexOf(upper as never) ?? -1;
  if (byName >= 0) return byName + 1;
  if (!/^\d+$/.test(text)) fail(range.field, `"${text}" in "${whole}" is not a value; use ${range.allowed}.`);
  const n = Number(text);
  if (n < range.min || n > range.max) fail(range.field, `${n} is out of range; use ${range.allowed}.`);
  return n;
}

/** One list item: `*`, `*\/s`, `a`, `a-b`, `a/s` or `a-b/s`, as numbers (start, end, step). */
function item(range: FieldRange, text: string): { start: number; end: number; step: number; star: boolean } {
  const [base = '', stepText, extra] = text.split('/');
  if (extra !== undefined) fail(range.field, `"${text}" has two "/"; write start/increment, e.g. 0/15.`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
      fail(range.field, `the increment in "${text}" must be a whole number of at least 1, e.g. 0/15.`);
    }
    step = Number(stepText);
  }
  if (base === '*') return { start: range.min, end: range.max, step, star: true };
  const [from = '', to, more] = base.split('-');
  if (more !== undefined || from === '') fail(range.field, `"${text}" is not a value or range; use ${range.allowed}.`);
  const start = value(range, from, text);
  const end = to === undefined ? (stepText === undefined ? start : range.max) : value(range, to, text);
  if (end < start) {
    fail(range.field, `the range "${base}" runs backwards; write it from low to high, or as a list (e.g. FRI-SAT,SUN-MON).`);
  }
  return { start, end, step, star: false };
}

/** Checks a plain list field (no `?`, `L`, `W`, `#`) and returns its items. */
function listItems(range: FieldRange, text: string) {
  if (text === '') fail(range.field, `the field is empty; use ${range.allowed} or *.`);
  return text.split(',').map((part) => item(range, part));
}

/** Translates Minutes, Hours or Month (same numbering in both dialects). */
export function translateSimple(field: 'Minutes' | 'Hours' | 'Month', text: string): string {
  const range = RANGES[field];
  if (text === '?') fail(field, '"?" is only allowed in Day-of-month or Day-of-week; use * here.');
  return listItems(range, text)
    .map((i) => render(i, 0))
    .join(',');
}

function render(i: { start: number; end: number; step: number; star: boolean }, shift: number): string {
  if (i.star) return i.step === 1 ? '*' : `*/${i.step}`;
  const base = i.start === i.end && i.step === 1 ? `${i.start - shift}` : `${i.start - shift}-${i.end - shift}`;
  return i.step === 1 ? base : `${base}/${i.step}`;
}

/** Day-of-month: `?`, `*`, `L`, `LW`, `NW` or a list. `weekday` asks for the nearest-weekday filter (cron-parser has no `W`). */
export function translateDayOfMonth(text: string): { cron: string; weekday: number | 'last' | null } {
  const range = RANGES['Day-of-month'];
  const upper = text.toUpperCase();
  if (upper === '?' || upper === '*') return { cron: '*', weekday: null };
  if (upper === 'L') return { cron: 'L', weekday: null };
  if (upper === 'LW') return { cron: '*', weekday: 'last' };
  const w = /^(\d+)W$/.exec(upper);
  if (w) return { cron: '*', weekday: value(range, w[1] ?? '', text) };
  if (/[W#L]/.test(upper)) {
    fail(
      range.field,
      `"${text}" is not valid here; use L (last day), LW (last weekday), 15W (weekday nearest the 15th) or ${range.allowed}.`,
    );
  }
  return {
    cron: listItems(range, text)
      .map((i) => render(i, 0))
      .join(','),
    weekday: null,
  };
}

/** Day-of-week: `?`, `*`, `L`, `NL` (last N-day), `N#k` (k-th N-day) or a list; shifted to cron-parser's 0 = SUN. */
export function translateDayOfWeek(text: string): string {
  const range = RANGES['Day-of-week'];
  const upper = text.toUpperCase();
  if (upper === '?' || upper === '*') return '*';
  if (upper === 'L') return '6'; // `L` alone is the last day of the week: Saturday
  const last = /^([A-Z]{3}|\d+)L$/.exec(upper);
  if (last) return `${value(range, last[1] ?? '', text) - 1}L`;
  const nth = /^([A-Z]{3}|\d+)#(\d+)$/.exec(upper);
  if (nth) {
    const k = Number(nth[2]);
    if (k < 1 || k > 5)
      fail(range.field, `"${text}" asks for occurrence ${k}; a month has the 1st to the 5th, e.g. 2#1 (first Monday).`);
    return `${value(range, nth[1] ?? '', text) - 1}#${k}`;
  }
  if (/[#L]/.test(upper.replace(/SAT|SUN|MON|TUE|WED|THU|FRI/g, ''))) {
    fail(range.field, `"${text}" is not valid; "L" and "#" stand alone, e.g. 6L (last Friday) or 2#1 (first Monday).`);
  }
  if (upper.includes('W')) {
    const stripped = upper.replace(/WED/g, '');
    if (stripped.includes('W')) fail(range.field, `"W" belongs in Day-of-month (e.g. 15W), not Day-of-week.`);
  }
  return listItems(range, text)
    .map((i) => render(i, 1))
    .join(',');
}

/** Year: the set of years it allows (cron-parser has no year field, so times are filtered by it). */
export function parseYears(text: string): number[] {
  const range = RANGES.Year;
  if (text === '?') fail(range.field, '"?" is only allowed in Day-of-month or Day-of-week; use * here.');
  const years = new Set<number>();
  for (const i of listItems(range, text)) for (let y = i.start; y <= i.end; y += i.step) years.add(y);
  return [...years].sort((a, b) => a - b);
}

/** True when `date` (UTC) is the day a `W` day-of-month picks in its month. */
export function isWeekdayMatch(date: Date, weekday: number | 'last'): boolean {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const target = weekday === 'last' ? daysInMonth : weekday;
  if (target > daysInMonth) return false; // 31W in a 30-day month never fires, as in Quartz
  const dow = new Date(Date.UTC(y, m, target)).getUTCDay();
  let day = target;
  if (weekday === 'last') {
    if (dow === 6) day -= 1;
    else if (dow === 0) day -= 2;
  } else if (dow === 6)
    day = target === 1 ? 3 : target - 1; // never crosses into another month
  else if (dow === 0) day = target === daysInMonth ? target - 2 : target + 1;
  return date.getUTCDate() === day;
}
