import { DomainError } from '@taskflow/common';
import { describe, expect, it } from 'vitest';
import { describeRecurrence, type Recurrence } from './index.js';
import { rfc5545Examples } from './rfc5545-examples.fixture.js';

const recurrence = (rule: string, timezone = 'UTC'): Recurrence => ({ rule, timezone, basis: 'DUE_DATE' });

describe('describeRecurrence', () => {
  const cases: [string, string][] = [
    ['FREQ=DAILY', 'every day'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE', 'every 2 weeks on Monday and Wednesday'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'every weekday'],
    ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'every weekday'],
    ['FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR', 'every 3 weeks on weekdays'],
    ['FREQ=DAILY;BYDAY=SA,SU', 'every Saturday and Sunday'],
    ['FREQ=MONTHLY;BYDAY=2TU', 'every month on the 2nd Tuesday'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'every month on the last Friday'],
    ['FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1SU', 'every 2 months on the 1st and last Sunday'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'every month on the last day'],
    ['FREQ=MONTHLY;BYMONTHDAY=2,15', 'every month on the 2nd and 15th'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,-1', 'every month on the 1st and last day'],
    ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', 'every month on Fridays that fall on the 13th'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', 'every month on the last weekday'],
    ['FREQ=YEARLY;BYMONTH=5;BYDAY=MO;BYSETPOS=-1', 'every year on the last Monday in May'],
    [
      'FREQ=MONTHLY;BYDAY=TU,WE,TH;BYSETPOS=3',
      'every month on the 3rd day that is a Tuesday, Wednesday or Thursday',
    ],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'every year on February 29'],
    ['FREQ=YEARLY;BYMONTH=11;BYDAY=4TH', 'every year on the 4th Thursday in November'],
    ['FREQ=YEARLY;BYDAY=20MO', 'every year on the 20th Monday of the year'],
    ['FREQ=YEARLY;BYMONTH=6,7', 'every year in June and July'],
    ['FREQ=YEARLY;BYYEARDAY=1,-1', 'every year on the 1st and last day of the year'],
    ['FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO', 'every year on Mondays in week 20'],
    ['FREQ=DAILY;INTERVAL=3;COUNT=10', 'every 3 days, 10 times'],
    ['FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301T000000Z', 'every week on Monday until March 1, 2027'],
    ['FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301', 'every week on Monday until March 1, 2027'],
    ['FREQ=HOURLY;INTERVAL=3', 'every 3 hours'],
    ['FREQ=MINUTELY;INTERVAL=90;COUNT=4', 'every 90 minutes, 4 times'],
    ['FREQ=DAILY;BYHOUR=9;BYMINUTE=0', 'every day at 09:00 (UTC)'],
    ['FREQ=DAILY;BYHOUR=9', 'every day at hour 9 (UTC)'],
    ['FREQ=HOURLY;BYMINUTE=0,30', 'every hour at minutes 0 and 30 (UTC)'],
    [
      'FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16',
      'every 20 minutes during hours 9 to 16 (UTC)',
    ],
    [
      'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40',
      'every day at minutes 0, 20 and 40 of hours 9 to 16 (UTC)',
    ],
    [
      'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0;BYSETPOS=1',
      'every month on the 1st at 09:00 (UTC) (only the 1st of each month)',
    ],
  ];
  for (const [rule, text] of cases) {
    it(`describes ${rule}`, () => expect(describeRecurrence(recurrence(rule))).toBe(text));
  }

  it('names the zone next to the clock times it sets, and shows UNTIL as a date in that zone', () => {
    expect(describeRecurrence(recurrence('FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0', 'Europe/Berlin'))).toBe(
      'every week on Monday at 09:00 (Europe/Berlin)',
    );
    // Midnight UTC on March 1 is still February 28 in New York.
    expect(
      describeRecurrence(recurrence('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301T000000Z', 'America/New_York')),
    ).toBe('every week on Monday until February 28, 2027');
  });

  it('describes every RFC 5545 example without throwing', () => {
    for (const example of rfc5545Examples) {
      for (const rule of example.rules) {
        expect(describeRecurrence(recurrence(rule, 'America/New_York'))).toMatch(/^every /);
      }
    }
  });

  it('rejects an invalid rule as BAD_USER_INPUT', () => {
    expect(() => describeRecurrence(recurrence('FREQ=SOMETIMES'))).toThrow(DomainError);
  });
});
