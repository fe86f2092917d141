/**
 * The recurrence examples of RFC 5545 §3.8.5.3, transcribed by hand. Every example is in
 * America/New_York; each instant carries the offset the RFC names for it (EDT or EST), so the
 * expectations are plain ISO instants computed without any time-zone library.
 */

export interface RfcExample {
  /** The RFC's caption. */
  title: string;
  /** DTSTART;TZID=America/New_York, as an instant. */
  dtstart: string;
  /** The RRULE bodies the RFC gives for this listing (some examples give two). */
  rules: string[];
  /** The instants the RFC lists, in order. */
  instants: string[];
  /** True when the listing is the whole series, false when the RFC lists its start and "...". */
  isComplete: boolean;
  /** The RFC excludes DTSTART with an EXDATE, so only instants after DTSTART are compared. */
  excludesDtstart?: boolean;
}

const EDT = '-04:00';
const EST = '-05:00';

/** `days` of one month at a New York wall-clock time, with the offset the RFC names. */
function on(year: number, month: number, days: number[], offset: string, time = '09:00'): string[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  return days.map((day) => `${year}-${pad(month)}-${pad(day)}T${time}:00${offset}`);
}

function range(from: number, to: number, step = 1): number[] {
  const numbers: number[] = [];
  for (let n = from; n <= to; n += step) numbers.push(n);
  return numbers;
}

function at(date: string, times: string[], offset: string): string[] {
  return times.map((time) => `${date}T${time}:00${offset}`);
}

const everyTwentyMinutesFromNineToFour = range(9, 16).flatMap((hour) =>
  ['00', '20', '40'].map((minute) => `${String(hour).padStart(2, '0')}:${minute}`),
);

export const rfc5545Examples: RfcExample[] = [
  {
    title: 'Daily for 10 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=DAILY;COUNT=10'],
    instants: on(1997, 9, range(2, 11), EDT),
    isComplete: true,
  },
  {
    title: 'Daily until December 24, 1997',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=DAILY;UNTIL=19971224T000000Z'],
    instants: [
      ...on(1997, 9, range(2, 30), EDT),
      ...on(1997, 10, range(1, 25), EDT),
      ...on(1997, 10, range(26, 31), EST),
      ...on(1997, 11, range(1, 30), EST),
      ...on(1997, 12, range(1, 23), EST),
    ],
    isComplete: true,
  },
  {
    title: 'Every other day - forever',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=DAILY;INTERVAL=2'],
    instants: [
      ...on(1997, 9, range(2, 30, 2), EDT),
      ...on(1997, 10, range(2, 24, 2), EDT),
      ...on(1997, 10, [26, 28, 30], EST),
      ...on(1997, 11, range(1, 29, 2), EST),
      ...on(1997, 12, [1, 3], EST),
    ],
    isComplete: false,
  },
  {
    title: 'Every 10 days, 5 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=DAILY;INTERVAL=10;COUNT=5'],
    instants: [...on(1997, 9, [2, 12, 22], EDT), ...on(1997, 10, [2, 12], EDT)],
    isComplete: true,
  },
  {
    title: 'Every day in January, for 3 years',
    dtstart: `1998-01-01T09:00:00${EST}`,
    rules: [
      'FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
      'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1',
    ],
    instants: [
      ...on(1998, 1, range(1, 31), EST),
      ...on(1999, 1, range(1, 31), EST),
      ...on(2000, 1, range(1, 31), EST),
    ],
    isComplete: true,
  },
  {
    title: 'Weekly for 10 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;COUNT=10'],
    instants: [
      ...on(1997, 9, [2, 9, 16, 23, 30], EDT),
      ...on(1997, 10, [7, 14, 21], EDT),
      ...on(1997, 10, [28], EST),
      ...on(1997, 11, [4], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Weekly until December 24, 1997',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;UNTIL=19971224T000000Z'],
    instants: [
      ...on(1997, 9, [2, 9, 16, 23, 30], EDT),
      ...on(1997, 10, [7, 14, 21], EDT),
      ...on(1997, 10, [28], EST),
      ...on(1997, 11, [4, 11, 18, 25], EST),
      ...on(1997, 12, [2, 9, 16, 23], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Every other week - forever',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;INTERVAL=2;WKST=SU'],
    instants: [
      ...on(1997, 9, [2, 16, 30], EDT),
      ...on(1997, 10, [14], EDT),
      ...on(1997, 10, [28], EST),
      ...on(1997, 11, [11, 25], EST),
      ...on(1997, 12, [9, 23], EST),
      ...on(1998, 1, [6, 20], EST),
      ...on(1998, 2, [3, 17], EST),
    ],
    isComplete: false,
  },
  {
    title: 'Weekly on Tuesday and Thursday for five weeks',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: [
      'FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH',
      'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH',
    ],
    instants: [...on(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30], EDT), ...on(1997, 10, [2], EDT)],
    isComplete: true,
  },
  {
    title:
      'Every other week on Monday, Wednesday, and Friday until December 24, 1997, starting on Monday, September 1, 1997',
    dtstart: `1997-09-01T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR'],
    instants: [
      ...on(1997, 9, [1, 3, 5, 15, 17, 19, 29], EDT),
      ...on(1997, 10, [1, 3, 13, 15, 17], EDT),
      ...on(1997, 10, [27, 29, 31], EST),
      ...on(1997, 11, [10, 12, 14, 24, 26, 28], EST),
      ...on(1997, 12, [8, 10, 12, 22], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Every other week on Tuesday and Thursday, for 8 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH'],
    instants: [...on(1997, 9, [2, 4, 16, 18, 30], EDT), ...on(1997, 10, [2, 14, 16], EDT)],
    isComplete: true,
  },
  {
    title: 'Monthly on the first Friday for 10 occurrences',
    dtstart: `1997-09-05T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;COUNT=10;BYDAY=1FR'],
    instants: [
      ...on(1997, 9, [5], EDT),
      ...on(1997, 10, [3], EDT),
      ...on(1997, 11, [7], EST),
      ...on(1997, 12, [5], EST),
      ...on(1998, 1, [2], EST),
      ...on(1998, 2, [6], EST),
      ...on(1998, 3, [6], EST),
      ...on(1998, 4, [3], EST),
      ...on(1998, 5, [1], EDT),
      ...on(1998, 6, [5], EDT),
    ],
    isComplete: true,
  },
  {
    title: 'Monthly on the first Friday until December 24, 1997',
    dtstart: `1997-09-05T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR'],
    instants: [
      ...on(1997, 9, [5], EDT),
      ...on(1997, 10, [3], EDT),
      ...on(1997, 11, [7], EST),
      ...on(1997, 12, [5], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Every other month on the first and last Sunday of the month for 10 occurrences',
    dtstart: `1997-09-07T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU'],
    instants: [
      ...on(1997, 9, [7, 28], EDT),
      ...on(1997, 11, [2, 30], EST),
      ...on(1998, 1, [4, 25], EST),
      ...on(1998, 3, [1, 29], EST),
      ...on(1998, 5, [3, 31], EDT),
    ],
    isComplete: true,
  },
  {
    title: 'Monthly on the second-to-last Monday of the month for 6 months',
    dtstart: `1997-09-22T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;COUNT=6;BYDAY=-2MO'],
    instants: [
      ...on(1997, 9, [22], EDT),
      ...on(1997, 10, [20], EDT),
      ...on(1997, 11, [17], EST),
      ...on(1997, 12, [22], EST),
      ...on(1998, 1, [19], EST),
      ...on(1998, 2, [16], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Monthly on the third-to-the-last day of the month, forever',
    dtstart: `1997-09-28T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;BYMONTHDAY=-3'],
    instants: [
      ...on(1997, 9, [28], EDT),
      ...on(1997, 10, [29], EST),
      ...on(1997, 11, [28], EST),
      ...on(1997, 12, [29], EST),
      ...on(1998, 1, [29], EST),
      ...on(1998, 2, [26], EST),
    ],
    isComplete: false,
  },
  {
    title: 'Monthly on the 2nd and 15th of the month for 10 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15'],
    instants: [
      ...on(1997, 9, [2, 15], EDT),
      ...on(1997, 10, [2, 15], EDT),
      ...on(1997, 11, [2, 15], EST),
      ...on(1997, 12, [2, 15], EST),
      ...on(1998, 1, [2, 15], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Monthly on the first and last day of the month for 10 occurrences',
    dtstart: `1997-09-30T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1'],
    instants: [
      ...on(1997, 9, [30], EDT),
      ...on(1997, 10, [1], EDT),
      ...on(1997, 10, [31], EST),
      ...on(1997, 11, [1, 30], EST),
      ...on(1997, 12, [1, 31], EST),
      ...on(1998, 1, [1, 31], EST),
      ...on(1998, 2, [1], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Every 18 months on the 10th thru 15th of the month for 10 occurrences',
    dtstart: `1997-09-10T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15'],
    instants: [...on(1997, 9, range(10, 15), EDT), ...on(1999, 3, range(10, 13), EST)],
    isComplete: true,
  },
  {
    title: 'Every Tuesday, every other month',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;INTERVAL=2;BYDAY=TU'],
    instants: [
      ...on(1997, 9, [2, 9, 16, 23, 30], EDT),
      ...on(1997, 11, [4, 11, 18, 25], EST),
      ...on(1998, 1, [6, 13, 20, 27], EST),
      ...on(1998, 3, [3, 10, 17, 24, 31], EST),
    ],
    isComplete: false,
  },
  {
    title: 'Yearly in June and July for 10 occurrences',
    dtstart: `1997-06-10T09:00:00${EDT}`,
    rules: ['FREQ=YEARLY;COUNT=10;BYMONTH=6,7'],
    instants: range(1997, 2001).flatMap((year) => [...on(year, 6, [10], EDT), ...on(year, 7, [10], EDT)]),
    isComplete: true,
  },
  {
    title: 'Every other year on January, February, and March for 10 occurrences',
    dtstart: `1997-03-10T09:00:00${EST}`,
    rules: ['FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3'],
    instants: [
      ...on(1997, 3, [10], EST),
      ...[1999, 2001, 2003].flatMap((year) => [1, 2, 3].flatMap((month) => on(year, month, [10], EST))),
    ],
    isComplete: true,
  },
  {
    title: 'Every third year on the 1st, 100th, and 200th day for 10 occurrences',
    dtstart: `1997-01-01T09:00:00${EST}`,
    rules: ['FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200'],
    instants: [
      ...on(1997, 1, [1], EST),
      ...on(1997, 4, [10], EDT),
      ...on(1997, 7, [19], EDT),
      ...on(2000, 1, [1], EST),
      ...on(2000, 4, [9], EDT),
      ...on(2000, 7, [18], EDT),
      ...on(2003, 1, [1], EST),
      ...on(2003, 4, [10], EDT),
      ...on(2003, 7, [19], EDT),
      ...on(2006, 1, [1], EST),
    ],
    isComplete: true,
  },
  {
    title: 'Every 20th Monday of the year, forever',
    dtstart: `1997-05-19T09:00:00${EDT}`,
    rules: ['FREQ=YEARLY;BYDAY=20MO'],
    instants: [...on(1997, 5, [19], EDT), ...on(1998, 5, [18], EDT), ...on(1999, 5, [17], EDT)],
    isComplete: false,
  },
  {
    title: 'Monday of week number 20 (where the default start of the week is Monday), forever',
    dtstart: `1997-05-12T09:00:00${EDT}`,
    rules: ['FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO'],
    instants: [...on(1997, 5, [12], EDT), ...on(1998, 5, [11], EDT), ...on(1999, 5, [17], EDT)],
    isComplete: false,
  },
  {
    title: 'Every Thursday in March, forever',
    dtstart: `1997-03-13T09:00:00${EST}`,
    rules: ['FREQ=YEARLY;BYMONTH=3;BYDAY=TH'],
    instants: [
      ...on(1997, 3, [13, 20, 27], EST),
      ...on(1998, 3, [5, 12, 19, 26], EST),
      ...on(1999, 3, [4, 11, 18, 25], EST),
    ],
    isComplete: false,
  },
  {
    title: 'Every Thursday, but only during June, July, and August, forever',
    dtstart: `1997-06-05T09:00:00${EDT}`,
    rules: ['FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8'],
    instants: [
      ...on(1997, 6, [5, 12, 19, 26], EDT),
      ...on(1997, 7, [3, 10, 17, 24, 31], EDT),
      ...on(1997, 8, [7, 14, 21, 28], EDT),
      ...on(1998, 6, [4, 11, 18, 25], EDT),
      ...on(1998, 7, [2, 9, 16, 23, 30], EDT),
      ...on(1998, 8, [6, 13, 20, 27], EDT),
      ...on(1999, 6, [3, 10, 17, 24], EDT),
      ...on(1999, 7, [1, 8, 15, 22, 29], EDT),
      ...on(1999, 8, [5, 12, 19, 26], EDT),
    ],
    isComplete: false,
  },
  {
    title: 'Every Friday the 13th, forever',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13'],
    instants: [
      ...on(1998, 2, [13], EST),
      ...on(1998, 3, [13], EST),
      ...on(1998, 11, [13], EST),
      ...on(1999, 8, [13], EDT),
      ...on(2000, 10, [13], EDT),
    ],
    isComplete: false,
    excludesDtstart: true,
  },
  {
    title: 'The first Saturday that follows the first Sunday of the month, forever',
    dtstart: `1997-09-13T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13'],
    instants: [
      ...on(1997, 9, [13], EDT),
      ...on(1997, 10, [11], EDT),
      ...on(1997, 11, [8], EST),
      ...on(1997, 12, [13], EST),
      ...on(1998, 1, [10], EST),
      ...on(1998, 2, [7], EST),
      ...on(1998, 3, [7], EST),
      ...on(1998, 4, [11], EDT),
      ...on(1998, 5, [9], EDT),
      ...on(1998, 6, [13], EDT),
    ],
    isComplete: false,
  },
  {
    title:
      'Every 4 years, the first Tuesday after a Monday in November, forever (U.S. Presidential Election day)',
    dtstart: `1996-11-05T09:00:00${EST}`,
    rules: ['FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8'],
    instants: [...on(1996, 11, [5], EST), ...on(2000, 11, [7], EST), ...on(2004, 11, [2], EST)],
    isComplete: false,
  },
  {
    title:
      'The third instance into the month of one of Tuesday, Wednesday, or Thursday, for the next 3 months',
    dtstart: `1997-09-04T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3'],
    instants: [...on(1997, 9, [4], EDT), ...on(1997, 10, [7], EDT), ...on(1997, 11, [6], EST)],
    isComplete: true,
  },
  {
    title: 'The second-to-last weekday of the month',
    dtstart: `1997-09-29T09:00:00${EDT}`,
    rules: ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2'],
    instants: [
      ...on(1997, 9, [29], EDT),
      ...on(1997, 10, [30], EST),
      ...on(1997, 11, [27], EST),
      ...on(1997, 12, [30], EST),
      ...on(1998, 1, [29], EST),
      ...on(1998, 2, [26], EST),
      ...on(1998, 3, [30], EST),
    ],
    isComplete: false,
  },
  {
    // The RFC prints UNTIL=19970902T170000Z, which is 13:00 EDT and contradicts its own listing;
    // verified erratum 3883 corrects it to 21:00Z (17:00 EDT). See the next example for the original.
    title: 'Every 3 hours from 9:00 AM to 5:00 PM on a specific day (UNTIL as corrected by erratum 3883)',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z'],
    instants: at('1997-09-02', ['09:00', '12:00', '15:00'], EDT),
    isComplete: true,
  },
  {
    // Not an RFC listing: what the rule as printed means. 15:00 EDT is 19:00Z, past 17:00Z.
    title: 'Every 3 hours from 9:00 AM on a specific day, with the UNTIL the RFC prints (13:00 EDT)',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z'],
    instants: at('1997-09-02', ['09:00', '12:00'], EDT),
    isComplete: true,
  },
  {
    title: 'Every 15 minutes for 6 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=MINUTELY;INTERVAL=15;COUNT=6'],
    instants: at('1997-09-02', ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15'], EDT),
    isComplete: true,
  },
  {
    title: 'Every hour and a half for 4 occurrences',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: ['FREQ=MINUTELY;INTERVAL=90;COUNT=4'],
    instants: at('1997-09-02', ['09:00', '10:30', '12:00', '13:30'], EDT),
    isComplete: true,
  },
  {
    title: 'Every 20 minutes from 9:00 AM to 4:40 PM every day',
    dtstart: `1997-09-02T09:00:00${EDT}`,
    rules: [
      'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40',
      'FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16',
    ],
    instants: [
      ...at('1997-09-02', everyTwentyMinutesFromNineToFour, EDT),
      ...at('1997-09-03', everyTwentyMinutesFromNineToFour, EDT),
    ],
    isComplete: false,
  },
  {
    title: 'An example where the days generated makes a difference because of WKST (WKST=MO)',
    dtstart: `1997-08-05T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO'],
    instants: on(1997, 8, [5, 10, 19, 24], EDT),
    isComplete: true,
  },
  {
    title: 'Changing only WKST from MO to SU, yields different results',
    dtstart: `1997-08-05T09:00:00${EDT}`,
    rules: ['FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU'],
    instants: on(1997, 8, [5, 17, 19, 31], EDT),
    isComplete: true,
  },
  {
    title: 'An example where an invalid date (i.e., February 30) is ignored',
    dtstart: `2007-01-15T09:00:00${EST}`,
    rules: ['FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5'],
    instants: [...on(2007, 1, [15, 30], EST), ...on(2007, 2, [15], EST), ...on(2007, 3, [15, 30], EDT)],
    isComplete: true,
  },
];
