import { CronExpressionParser } from 'cron-parser';
import {
  CronFieldError,
  isWeekdayMatch,
  parseYears,
  translateDayOfMonth,
  translateDayOfWeek,
  translateSimple,
} from './cron-fields';

/** A parsed schedule expression: a fixed rate, or an EventBridge cron translated for cron-parser. */
export type ScheduleExpression =
  | { kind: 'rate'; periodMs: number; text: string }
  | { kind: 'cron'; cron: string; years: number[]; weekday: number | 'last' | null; text: string };

/** An expression the user must fix; the message names the field and the fix. */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
const EXAMPLES = 'e.g. rate(1 day), rate(5 minutes) or cron(0 17 ? * MON-FRI *)';

function parseRate(inner: string, text: string): ScheduleExpression {
  const m = /^(\S+)\s+(\S+)$/.exec(inner.trim());
  if (!m) throw new ExpressionError(`rate(...) takes a value and a unit, e.g. rate(5 minutes); got "${text}".`);
  const [, valueText = '', unit = ''] = m;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1) {
    throw new ExpressionError(`Rate value: "${valueText}" must be a whole number of at least 1, e.g. rate(1 day).`);
  }
  const n = Number(valueText);
  const singular = unit.replace(/s$/, '') as keyof typeof UNIT_MS;
  if (!(singular in UNIT_MS)) {
    const weeks = /^weeks?$/i.test(unit)
      ? ` — for ${n} week${n === 1 ? '' : 's'} write rate(${n * 7} days)`
      : ', e.g. rate(2 days)';
    throw new ExpressionError(`Rate unit: "${unit}" is not a unit; use minute(s), hour(s) or day(s)${weeks}.`);
  }
  // EventBridge refuses rate(1 minutes) and rate(5 minute): singular for 1, plural otherwise.
  const expected = n === 1 ? singular : `${singular}s`;
  if (unit !== expected) throw new ExpressionError(`Rate unit: write rate(${n} ${expected}) — singular for 1, plural otherwise.`);
  return { kind: 'rate', periodMs: n * UNIT_MS[singular], text };
}

function parseCron(inner: string, text: string): ScheduleExpression {
  const fields = inner.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 6) {
    throw new ExpressionError(
      `cron(...) needs 6 fields (Minutes Hours Day-of-month Month Day-of-week Year); got ${fields.length}. ` +
        'Add the Year field (usually *) and a "?" in Day-of-month or Day-of-week, e.g. cron(0 8 1 * ? *).',
    );
  }
  const [minutes = '', hours = '', dom = '', month = '', dow = '', year = ''] = fields;
  if ((dom === '?') === (dow === '?')) {
    throw new ExpressionError(
      dom === '?'
        ? 'Day-of-month and Day-of-week are both "?"; give one of them a value or *, e.g. cron(0 8 ? * MON *).'
        : 'Day-of-month or Day-of-week must be "?" (exactly one of them): use ? in Day-of-week to pick days of the month, e.g. cron(0 8 1 * ? *), or ? in Day-of-month to pick weekdays, e.g. cron(0 17 ? * MON-FRI *).',
    );
  }
  try {
    const dayOfMonth = translateDayOfMonth(dom);
    const cron = [
      '0',
      translateSimple('Minutes', minutes),
      translateSimple('Hours', hours),
      dayOfMonth.cron,
      translateSimple('Month', month),
      translateDayOfWeek(dow),
    ].join(' ');
    const years = parseYears(year);
    // Parsed once here so cron-parser's own checks (e.g. 30 in February only) fail at validation, not at run time.
    CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(Date.UTC(2000, 0, 1)) });
    return { kind: 'cron', cron, years, weekday: dayOfMonth.weekday, text };
  } catch (err) {
    if (err instanceof CronFieldError) throw new ExpressionError(err.message);
    throw new ExpressionError(
      `Day-of-month: no date matches in the chosen month(s) (${(err as Error).message}); choose a day that exists, e.g. 28 in February.`,
    );
  }
}

/** Parses `rate(N unit)` or `cron(6 fields)` as EventBridge does; throws ExpressionError with the fix. */
export function parseExpression(input: string): ScheduleExpression {
  const text = input.trim();
  const m = /^(rate|cron)\((.*)\)$/i.exec(text);
  if (!m) throw new ExpressionError(`"${text}" is not a schedule expression; write rate(...) or cron(...), ${EXAMPLES}.`);
  const [, kind = '', inner = ''] = m;
  if (kind !== kind.toLowerCase()) throw new ExpressionError(`Write ${kind.toLowerCase()}(...) in lower case, ${EXAMPLES}.`);
  return kind === 'rate' ? parseRate(inner, text) : parseCron(inner, text);
}

const DAY_MS = 86_400_000;

/**
 * The next `count` run times strictly after `after`. A rate runs every period from `anchor` (when the
 * schedule was created); a cron expression runs at its UTC times. Fewer come back when the Year field ends.
 */
export function nextRuns(expr: ScheduleExpression, after: Date, count: number, anchor: Date = after): Date[] {
  const out: Date[] = [];
  if (expr.kind === 'rate') {
    const from = after.getTime();
    const base = anchor.getTime();
    let k = from < base ? 1 : Math.floor((from - base) / expr.periodMs) + 1;
    while (out.length < count) out.push(new Date(base + k++ * expr.periodMs));
    return out;
  }
  let cursor = after.getTime();
  // Each miss jumps to the next day or year, so this bounds the work, not the answer.
  for (let guard = 0; out.length < count && guard < 20_000; guard++) {
    const next = CronExpressionParser.parse(expr.cron, { tz: 'UTC', currentDate: new Date(cursor) })
      .next()
      .toDate();
    const year = next.getUTCFullYear();
    if (!expr.years.includes(year)) {
      const later = expr.years.find((y) => y > year);
      if (later === undefined) break;
      cursor = Date.UTC(later, 0, 1) - 1000;
      continue;
    }
    if (expr.weekday !== null && !isWeekdayMatch(next, expr.weekday)) {
      cursor = Math.floor(next.getTime() / DAY_MS) * DAY_MS + DAY_MS - 1000;
      continue;
    }
    out.push(next);
    cursor = next.getTime();
  }
  return out;
}

/** What `schedules.validate` answers: valid with the next times, or the error that says the fix. */
export function validateExpression(
  input: string,
  now: Date,
  count = 5,
): { valid: boolean; error: string | null; nextRuns: string[] } {
  try {
    const expr = parseExpression(input);
    const runs = nextRuns(expr, now, count);
    if (runs.length === 0) {
      return {
        valid: false,
        error: `Year: no time after ${now.toISOString().slice(0, 16)}Z matches, so this schedule would never run; use * or a later year.`,
        nextRuns: [],
      };
    }
    return { valid: true, error: null, nextRuns: runs.map((d) => d.toISOString()) };
  } catch (err) {
    if (err instanceof ExpressionError) return { valid: false, error: err.message, nextRuns: [] };
    throw err;
  }
}
