import { describe, expect, it } from 'vitest';
import { nextRuns, parseExpression, validateExpression } from '../../electron/core/schedules/expression';

// Sunday 22 November 2026, 10:30 UTC: every expected time below is counted from here.
const NOW = new Date('2026-11-22T10:30:00Z');

const valid: [string, string[]][] = [
  ['rate(1 day)', ['2026-11-23T10:30:00.000Z', '2026-11-24T10:30:00.000Z', '2026-11-25T10:30:00.000Z']],
  ['rate(1 minute)', ['2026-11-22T10:31:00.000Z', '2026-11-22T10:32:00.000Z', '2026-11-22T10:33:00.000Z']],
  ['rate(5 minutes)', ['2026-11-22T10:35:00.000Z', '2026-11-22T10:40:00.000Z', '2026-11-22T10:45:00.000Z']],
  ['rate(12 hours)', ['2026-11-22T22:30:00.000Z', '2026-11-23T10:30:00.000Z', '2026-11-23T22:30:00.000Z']],
  // Monday to Friday at 17:00: Sunday is skipped.
  ['cron(0 17 ? * MON-FRI *)', ['2026-11-23T17:00:00.000Z', '2026-11-24T17:00:00.000Z', '2026-11-25T17:00:00.000Z']],
  ['cron(0/15 * * * ? *)', ['2026-11-22T10:45:00.000Z', '2026-11-22T11:00:00.000Z', '2026-11-22T11:15:00.000Z']],
  ['cron(0 8 1 * ? *)', ['2026-12-01T08:00:00.000Z', '2027-01-01T08:00:00.000Z', '2027-02-01T08:00:00.000Z']],
  // 6L = the last Friday (EventBridge counts 1 = SUN), only in 2027.
  ['cron(0 10 ? * 6L 2027)', ['2027-01-29T10:00:00.000Z', '2027-02-26T10:00:00.000Z', '2027-03-26T10:00:00.000Z']],
  // 2#1 = the first Monday of the month.
  ['cron(0 9 ? * 2#1 *)', ['2026-12-07T09:00:00.000Z', '2027-01-04T09:00:00.000Z', '2027-02-01T09:00:00.000Z']],
  // Day-of-week numbers are EventBridge's: 2 = MON, not Tuesday.
  ['cron(30 6 ? * 2 *)', ['2026-11-23T06:30:00.000Z', '2026-11-30T06:30:00.000Z', '2026-12-07T06:30:00.000Z']],
  // 1/2 in Day-of-week: SUN, TUE, THU, SAT.
  ['cron(0 8 ? * 1/2 *)', ['2026-11-24T08:00:00.000Z', '2026-11-26T08:00:00.000Z', '2026-11-28T08:00:00.000Z']],
  // The weekday nearest the 15th: 15 Jan 2028 is a Saturday, so Friday the 14th.
  ['cron(0 9 15W * ? 2028)', ['2028-01-14T09:00:00.000Z', '2028-02-15T09:00:00.000Z', '2028-03-15T09:00:00.000Z']],
  // The last weekday: 31 January 2027 is a Sunday, so Friday the 29th.
  ['cron(0 9 LW * ? *)', ['2026-11-30T09:00:00.000Z', '2026-12-31T09:00:00.000Z', '2027-01-29T09:00:00.000Z']],
  ['cron(0 0 L FEB ? 2028)', ['2028-02-29T00:00:00.000Z']],
  ['cron(0 12 ? JUL-AUG WED 2030-2031)', ['2030-07-03T12:00:00.000Z', '2030-07-10T12:00:00.000Z', '2030-07-17T12:00:00.000Z']],
];

const invalid: [string, RegExp][] = [
  ['cron(0 17 * * ?)', /needs 6 fields .*got 5.*Year/],
  ['cron(0 17 ? * ? *)', /both "\?"/],
  ['cron(0 17 * * MON *)', /must be "\?" \(exactly one of them\)/],
  ['cron(0 17 1 * MON *)', /must be "\?"/],
  ['rate(0 days)', /Rate value: "0" must be a whole number of at least 1/],
  ['rate(1 minutes)', /write rate\(1 minute\)/],
  ['rate(5 minute)', /write rate\(5 minutes\)/],
  ['rate(2 weeks)', /"weeks" is not a unit.*rate\(14 days\)/],
  ['rate(1.5 hours)', /Rate value/],
  ['cron(60 * * * ? *)', /^Minutes: 60 is out of range; use 0-59/],
  ['cron(0 24 * * ? *)', /^Hours: 24 is out of range; use 0-23/],
  ['cron(0 8 32 * ? *)', /^Day-of-month: 32 is out of range/],
  ['cron(0 8 ? 13 * *)', /^Month: 13 is out of range; use 1-12 or JAN-DEC/],
  ['cron(0 8 ? * 0 *)', /^Day-of-week: 0 is out of range; use 1-7 \(1 = SUN\)/],
  ['cron(0 8 ? * FRI-MON *)', /^Day-of-week: the range "FRI-MON" runs backwards/],
  ['cron(0 8 ? * 2#6 *)', /^Day-of-week: .*1st to the 5th/],
  ['cron(0 8 1 * ? 2300)', /^Year: 2300 is out of range; use 1970-2199/],
  ['cron(0 8 1 * ? 2020)', /^Year: .*never run/],
  ['cron(0 8 30 FEB ? *)', /^Day-of-month: no date matches/],
  ['cron(? 8 1 * ? *)', /^Minutes: "\?" is only allowed in Day-of-month or Day-of-week/],
  ['cron(0 8 1 * ? *', /not a schedule expression/],
  ['every day', /not a schedule expression.*rate\(1 day\)/],
];

describe('schedule expressions (EventBridge syntax)', () => {
  it.each(valid)('%s runs next at the expected UTC times', (expression, expected) => {
    const result = validateExpression(expression, NOW, 3);
    expect(result).toEqual({ valid: true, error: null, nextRuns: expected });
  });

  it.each(invalid)('%s is refused with a message naming the fix', (expression, message) => {
    const result = validateExpression(expression, NOW, 3);
    expect(result.valid).toBe(false);
    expect(result.nextRuns).toEqual([]);
    expect(result.error).toMatch(message);
  });

  it('counts a rate from the schedule’s creation, not from now', () => {
    const created = new Date('2026-11-20T09:00:00Z');
    const runs = nextRuns(parseExpression('rate(1 day)'), NOW, 2, created);
    expect(runs.map((d) => d.toISOString())).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-24T09:00:00.000Z']);
  });

  it('answers five next times by default', () => {
    expect(validateExpression('cron(0 17 ? * MON-FRI *)', NOW).nextRuns).toHaveLength(5);
  });
});
