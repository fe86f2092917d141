import { DomainError } from '@taskflow/common';
import { describe, expect, it } from 'vitest';
import { parseRecurrence, type RecurrenceInput } from './index.js';

const START = new Date('2025-01-06T09:00:00Z');

function rejectionOf(input: RecurrenceInput, dtstart = START): DomainError {
  try {
    parseRecurrence(input, dtstart);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

function expectRejected(input: RecurrenceInput, message: RegExp, dtstart = START): void {
  const error = rejectionOf(input, dtstart);
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(error.field).toBe('recurrence');
  expect(error.message).toMatch(message);
}

describe('parseRecurrence: accepted input', () => {
  it('fills in the defaults: UTC and DUE_DATE', () => {
    expect(parseRecurrence({ rule: 'FREQ=DAILY' }, START)).toEqual({
      rule: 'FREQ=DAILY',
      timezone: 'UTC',
      basis: 'DUE_DATE',
    });
    expect(parseRecurrence({ rule: 'FREQ=DAILY', timezone: null, basis: null }, START)).toEqual({
      rule: 'FREQ=DAILY',
      timezone: 'UTC',
      basis: 'DUE_DATE',
    });
  });

  it('normalises the rule and the zone', () => {
    const input = { rule: ' rrule:freq=monthly;byday=+1mo,-1fr;bymonthday=+01 ', timezone: 'europe/berlin' };
    expect(parseRecurrence(input, START)).toEqual({
      rule: 'FREQ=MONTHLY;BYDAY=1MO,-1FR;BYMONTHDAY=1',
      timezone: 'Europe/Berlin',
      basis: 'DUE_DATE',
    });
  });

  it('keeps the basis and accepts every RFC 5545 rule part but BYSECOND', () => {
    const rule =
      'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,7;BYMONTHDAY=1,-1;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30;BYSETPOS=1,-1;WKST=SU';
    expect(parseRecurrence({ rule, basis: 'COMPLETION_DATE' }, START)).toEqual({
      rule,
      timezone: 'UTC',
      basis: 'COMPLETION_DATE',
    });
    expect(
      parseRecurrence({ rule: 'FREQ=YEARLY;BYWEEKNO=1,-1;BYYEARDAY=1,-1;UNTIL=20300101' }, START).rule,
    ).toBe('FREQ=YEARLY;BYWEEKNO=1,-1;BYYEARDAY=1,-1;UNTIL=20300101');
    expect(parseRecurrence({ rule: 'FREQ=MINUTELY;INTERVAL=30' }, START).rule).toBe(
      'FREQ=MINUTELY;INTERVAL=30',
    );
  });

  it('accepts a rule of exactly 1000 characters', () => {
    const rule = `FREQ=DAILY;BYMINUTE=00${',0'.repeat(489)}`;
    expect(rule).toHaveLength(1000);
    expect(parseRecurrence({ rule }, START).rule).toBe('FREQ=DAILY;BYMINUTE=0');
  });
});

describe('parseRecurrence: rejected input (BAD_USER_INPUT on the recurrence field)', () => {
  const unparseable: [string, RegExp][] = [
    ['FREQ', /NAME=VALUE/],
    ['FREQ=DAILY;INTERVAL', /NAME=VALUE/],
    ['FREQ==DAILY', /NAME=VALUE/],
    ['FREQ=DAILY;INTERVAL=', /INTERVAL has no value/],
    ['FREQ=DAILY; INTERVAL=2', /spaces/],
    ['FREQ=DAILY;INTERVAL=2,3', /INTERVAL must be a whole number/],
    ['FREQ=WEEKLY;BYDAY=MO;BYDAY=TU', /BYDAY appears more than once/],
    ['', /empty/],
    ['FREQ=DAILY;BYDAY=MÖ', /characters/],
  ];
  for (const [rule, message] of unparseable) {
    it(`rejects the unparseable rule ${JSON.stringify(rule)}`, () => expectRejected({ rule }, message));
  }

  const unknownParts: [string, RegExp][] = [
    ['FREQ=DAILY;FOO=1', /Unknown rule part "FOO"/],
    ['FREQ=DAILY;X-TASKFLOW=1', /Unknown rule part "X-TASKFLOW"/],
    ['RSCALE=HEBREW;FREQ=YEARLY', /RSCALE .* not supported/],
  ];
  for (const [rule, message] of unknownParts) {
    it(`rejects the unknown part in ${rule}`, () => expectRejected({ rule }, message));
  }

  const unknownValues: [string, RegExp][] = [
    ['FREQ=FORTNIGHTLY', /FREQ must be one of/],
    ['FREQ=SECONDLY', /SECONDLY is not supported/],
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL must be a whole number from 1/],
    ['FREQ=DAILY;INTERVAL=-2', /INTERVAL must be a whole number/],
    ['FREQ=DAILY;COUNT=0', /COUNT must be a whole number from 1/],
    ['FREQ=DAILY;COUNT=100001', /COUNT can be at most 100000/],
    ['FREQ=WEEKLY;BYDAY=XX', /BYDAY must list weekdays/],
    ['FREQ=MONTHLY;BYDAY=0MO', /BYDAY must list weekdays/],
    ['FREQ=YEARLY;BYDAY=54MO', /BYDAY must list weekdays/],
    ['FREQ=DAILY;BYHOUR=24', /BYHOUR must list hours from 0 to 23 \(got "24"\)/],
    ['FREQ=DAILY;BYMINUTE=60', /BYMINUTE must list minutes/],
    ['FREQ=DAILY;BYSECOND=30', /BYSECOND is not supported/],
    ['FREQ=DAILY;BYHOUR=-1', /BYHOUR must list hours/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY must list days from 1 to 31 or -31 to -1/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY must list days/],
    ['FREQ=YEARLY;BYYEARDAY=367', /BYYEARDAY must list days from 1 to 366/],
    ['FREQ=YEARLY;BYWEEKNO=54', /BYWEEKNO must list weeks/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH must list months from 1 to 12/],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0', /BYSETPOS must list positions/],
    ['FREQ=WEEKLY;WKST=XX', /WKST must be a weekday/],
    ['FREQ=DAILY;UNTIL=2027-03-01', /UNTIL must be a date like 20270301/],
    ['FREQ=DAILY;UNTIL=20270230', /UNTIL is not a valid date/],
    ['FREQ=DAILY;UNTIL=20270301T250000Z', /UNTIL is not a valid date/],
  ];
  for (const [rule, message] of unknownValues) {
    it(`rejects the value in ${rule}`, () => expectRejected({ rule }, message));
  }

  it('rejects a rule without FREQ', () => {
    expectRejected({ rule: 'INTERVAL=2;BYDAY=MO' }, /needs a FREQ part/);
  });

  it('rejects COUNT together with UNTIL', () => {
    expectRejected(
      { rule: 'FREQ=DAILY;COUNT=5;UNTIL=20300101T000000Z' },
      /COUNT and UNTIL cannot both be given/,
    );
  });

  const forbiddenCombinations: [string, RegExp][] = [
    ['FREQ=WEEKLY;BYDAY=1MO', /needs FREQ=MONTHLY or FREQ=YEARLY/],
    ['FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO', /cannot be combined with BYWEEKNO/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY cannot be used with FREQ=WEEKLY/],
    ['FREQ=MONTHLY;BYYEARDAY=1', /BYYEARDAY cannot be used with FREQ=MONTHLY/],
    ['FREQ=MONTHLY;BYWEEKNO=1', /BYWEEKNO needs FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYSETPOS=1', /BYSETPOS needs another BY part/],
  ];
  for (const [rule, message] of forbiddenCombinations) {
    it(`rejects the combination RFC 5545 forbids in ${rule}`, () => expectRejected({ rule }, message));
  }

  it('rejects DTSTART and other properties inside the rule', () => {
    expectRejected(
      { rule: 'DTSTART:20250101T090000Z\nRRULE:FREQ=DAILY' },
      /only the RRULE body.*DTSTART comes from/,
    );
    expectRejected({ rule: 'DTSTART;TZID=Europe/Berlin:20250101T090000' }, /only the RRULE body/);
    expectRejected({ rule: 'FREQ=DAILY;DTSTART=20250101T090000Z' }, /DTSTART is not a rule part/);
    expectRejected({ rule: 'EXDATE:20250102T090000Z' }, /only the RRULE body/);
    expectRejected({ rule: 'RRULE;X-PARAM=1:FREQ=DAILY' }, /only the RRULE body/);
  });

  it('rejects a rule over 1000 characters', () => {
    expectRejected({ rule: `FREQ=DAILY;BYMINUTE=00${',0'.repeat(489)},` }, /longer than 1000 characters/);
  });

  it('rejects NUL characters', () => {
    expectRejected({ rule: 'FREQ=DAILY\u0000' }, /NUL/);
    expectRejected({ rule: 'FREQ=DAILY', timezone: 'Europe/Berlin\u0000' }, /NUL/);
  });

  const badZones = ['Mars/Olympus_Mons', '+01:00', 'UTC+1', '', 'Europe/../etc/passwd'];
  for (const timezone of badZones) {
    it(`rejects the time zone ${JSON.stringify(timezone)}`, () => {
      expectRejected({ rule: 'FREQ=DAILY', timezone }, /IANA/);
    });
  }

  it('rejects an unknown basis and input that is not an object', () => {
    expectRejected(
      { rule: 'FREQ=DAILY', basis: 'WHENEVER' as never },
      /basis must be DUE_DATE or COMPLETION_DATE/,
    );
    expectRejected(null as never, /must be an object/);
    expectRejected({ rule: 42 as never }, /must be a string/);
  });

  const neverAgain: [string, RegExp, Date?][] = [
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /BYMONTH=2 with BYMONTHDAY=30 matches no real date/],
    ['FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31,-31', /matches no real date/],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6', /never produces a date after/],
    ['FREQ=MONTHLY;BYDAY=6MO', /never produces a date after/],
    // DTSTART is at 09:00: a two-hour step only ever lands on odd hours.
    ['FREQ=HOURLY;INTERVAL=2;BYHOUR=8,10', /never produces a date after/],
    ['FREQ=DAILY;COUNT=1', /COUNT=1 allows only the first occurrence/],
    ['FREQ=DAILY;UNTIL=20250106T090000Z', /UNTIL ends the series before its first repetition/],
    ['FREQ=WEEKLY;UNTIL=20250110', /UNTIL ends the series before its first repetition/],
  ];
  for (const [rule, message] of neverAgain) {
    it(`rejects ${rule}, which never repeats after DTSTART`, () => expectRejected({ rule }, message));
  }
});
