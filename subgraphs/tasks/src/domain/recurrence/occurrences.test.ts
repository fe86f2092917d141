import { describe, expect, it } from 'vitest';
import { nextDueAt, occurrencesAfter, type Recurrence, type RecurrenceBasis } from './index.js';

const recurrence = (rule: string, timezone = 'UTC', basis: RecurrenceBasis = 'DUE_DATE'): Recurrence => ({
  rule,
  timezone,
  basis,
});
const toIso = (dates: Date[]) => dates.map((d) => d.toISOString());
/** Expected instants are written with the offset they must have, and compared as UTC. */
const instants = (...isoWithOffset: string[]) => isoWithOffset.map((s) => new Date(s).toISOString());

/** The series from DTSTART on (DTSTART included when `after` is just before it). */
function seriesFrom(rule: string, timezone: string, dtstart: string, count: number): string[] {
  const start = new Date(dtstart);
  return toIso(occurrencesAfter(recurrence(rule, timezone), start, new Date(start.getTime() - 1), count));
}

describe('occurrencesAfter: wall clock across daylight saving', () => {
  it('keeps "every Monday 09:00 Europe/Berlin" at 09:00 local across both changes', () => {
    expect(seriesFrom('FREQ=WEEKLY;BYDAY=MO', 'Europe/Berlin', '2025-03-24T09:00:00+01:00', 3)).toEqual(
      instants('2025-03-24T09:00:00+01:00', '2025-03-31T09:00:00+02:00', '2025-04-07T09:00:00+02:00'),
    );
    expect(seriesFrom('FREQ=WEEKLY;BYDAY=MO', 'Europe/Berlin', '2025-10-20T09:00:00+02:00', 2)).toEqual(
      instants('2025-10-20T09:00:00+02:00', '2025-10-27T09:00:00+01:00'),
    );
  });

  it('moves a local time in the spring-forward gap forward by the gap (Europe/Berlin)', () => {
    expect(seriesFrom('FREQ=DAILY', 'Europe/Berlin', '2025-03-29T02:30:00+01:00', 3)).toEqual(
      instants('2025-03-29T02:30:00+01:00', '2025-03-30T03:30:00+02:00', '2025-03-31T02:30:00+02:00'),
    );
  });

  it('moves a local time in the spring-forward gap forward by the gap (America/New_York)', () => {
    expect(seriesFrom('FREQ=DAILY', 'America/New_York', '2025-03-08T02:30:00-05:00', 3)).toEqual(
      instants('2025-03-08T02:30:00-05:00', '2025-03-09T03:30:00-04:00', '2025-03-10T02:30:00-04:00'),
    );
  });

  it('takes the earlier instant of a local time in the fall-back overlap (Europe/Berlin)', () => {
    expect(seriesFrom('FREQ=DAILY', 'Europe/Berlin', '2025-10-25T02:30:00+02:00', 3)).toEqual(
      instants('2025-10-25T02:30:00+02:00', '2025-10-26T02:30:00+02:00', '2025-10-27T02:30:00+01:00'),
    );
  });

  it('takes the earlier instant of a local time in the fall-back overlap (America/New_York)', () => {
    expect(seriesFrom('FREQ=DAILY', 'America/New_York', '2025-11-01T01:30:00-04:00', 3)).toEqual(
      instants('2025-11-01T01:30:00-04:00', '2025-11-02T01:30:00-04:00', '2025-11-03T01:30:00-05:00'),
    );
  });

  it('de-duplicates readings a gap moves onto each other and keeps them in time order', () => {
    // 02:00 and 02:45 do not exist on March 30 and become 03:00 and 03:45, which the rule also makes.
    const dtstart = new Date('2025-03-30T00:00:00+01:00');
    const rule = recurrence('FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,45', 'Europe/Berlin');
    expect(toIso(occurrencesAfter(rule, dtstart, dtstart, 6))).toEqual(
      instants(
        '2025-03-30T03:00:00+02:00',
        '2025-03-30T03:45:00+02:00',
        '2025-03-31T02:00:00+02:00',
        '2025-03-31T02:45:00+02:00',
        '2025-03-31T03:00:00+02:00',
        '2025-03-31T03:45:00+02:00',
      ),
    );
  });

  it('keeps HOURLY on the local clock: no double hour on a fall-back night, no gap hour in spring', () => {
    expect(seriesFrom('FREQ=HOURLY', 'America/New_York', '2025-11-02T00:00:00-04:00', 4)).toEqual(
      instants(
        '2025-11-02T00:00:00-04:00',
        '2025-11-02T01:00:00-04:00',
        '2025-11-02T02:00:00-05:00',
        '2025-11-02T03:00:00-05:00',
      ),
    );
    expect(seriesFrom('FREQ=HOURLY', 'America/New_York', '2025-03-09T00:00:00-05:00', 4)).toEqual(
      instants(
        '2025-03-09T00:00:00-05:00',
        '2025-03-09T01:00:00-05:00',
        '2025-03-09T03:00:00-04:00',
        '2025-03-09T04:00:00-04:00',
      ),
    );
  });

  it('keeps a DTSTART in the later half of an overlap exact, and nothing before it', () => {
    expect(seriesFrom('FREQ=DAILY', 'America/New_York', '2025-11-02T01:30:00-05:00', 2)).toEqual(
      instants('2025-11-02T01:30:00-05:00', '2025-11-03T01:30:00-05:00'),
    );
    // 01:45 resolves to its earlier instant (EDT), which is before DTSTART, so it is dropped.
    expect(
      seriesFrom('FREQ=MINUTELY;INTERVAL=15', 'America/New_York', '2025-11-02T01:30:00-05:00', 2),
    ).toEqual(instants('2025-11-02T01:30:00-05:00', '2025-11-02T02:00:00-05:00'));
  });

  it('sees a reading the gap pushed past `after`', () => {
    const rule = recurrence('FREQ=DAILY', 'Europe/Berlin');
    const dtstart = new Date('2025-03-28T02:30:00+01:00');
    // 03:10 CEST is after the 02:30 reading of the day, which the gap turned into 03:30.
    const after = new Date('2025-03-30T03:10:00+02:00');
    expect(toIso(occurrencesAfter(rule, dtstart, after, 2))).toEqual(
      instants('2025-03-30T03:30:00+02:00', '2025-03-31T02:30:00+02:00'),
    );
  });
});

describe('occurrencesAfter: calendar edges', () => {
  it('repeats a Feb 29 DTSTART in leap years only', () => {
    expect(seriesFrom('FREQ=YEARLY', 'UTC', '2024-02-29T10:00:00Z', 3)).toEqual(
      instants('2024-02-29T10:00:00Z', '2028-02-29T10:00:00Z', '2032-02-29T10:00:00Z'),
    );
    expect(seriesFrom('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'UTC', '2096-02-29T10:00:00Z', 3)).toEqual(
      instants('2096-02-29T10:00:00Z', '2104-02-29T10:00:00Z', '2108-02-29T10:00:00Z'),
    );
  });

  it('finds the last day of February with BYMONTHDAY=-1', () => {
    expect(seriesFrom('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1', 'UTC', '2023-02-28T10:00:00Z', 3)).toEqual(
      instants('2023-02-28T10:00:00Z', '2024-02-29T10:00:00Z', '2025-02-28T10:00:00Z'),
    );
  });

  it('skips months without a 31st, with BYMONTHDAY=31 or a DTSTART on the 31st', () => {
    const months31 = instants(
      '2025-01-31T09:00:00Z',
      '2025-03-31T09:00:00Z',
      '2025-05-31T09:00:00Z',
      '2025-07-31T09:00:00Z',
      '2025-08-31T09:00:00Z',
    );
    expect(seriesFrom('FREQ=MONTHLY;BYMONTHDAY=31', 'UTC', '2025-01-31T09:00:00Z', 5)).toEqual(months31);
    expect(seriesFrom('FREQ=MONTHLY', 'UTC', '2025-01-31T09:00:00Z', 5)).toEqual(months31);
  });

  it('takes the last day of every month with BYMONTHDAY=-1', () => {
    expect(seriesFrom('FREQ=MONTHLY;BYMONTHDAY=-1', 'Europe/Berlin', '2024-01-31T18:00:00+01:00', 4)).toEqual(
      instants(
        '2024-01-31T18:00:00+01:00',
        '2024-02-29T18:00:00+01:00',
        '2024-03-31T18:00:00+02:00',
        '2024-04-30T18:00:00+02:00',
      ),
    );
  });
});

describe('occurrencesAfter: DTSTART', () => {
  it('counts DTSTART as the first instance even when the rule would not make it', () => {
    // 2025-01-01 is a Wednesday.
    expect(seriesFrom('FREQ=WEEKLY;BYDAY=MO', 'UTC', '2025-01-01T09:00:00Z', 3)).toEqual(
      instants('2025-01-01T09:00:00Z', '2025-01-06T09:00:00Z', '2025-01-13T09:00:00Z'),
    );
    expect(seriesFrom('FREQ=WEEKLY;BYDAY=MO;COUNT=3', 'UTC', '2025-01-01T09:00:00Z', 10)).toEqual(
      instants('2025-01-01T09:00:00Z', '2025-01-06T09:00:00Z', '2025-01-13T09:00:00Z'),
    );
  });

  it('takes the fields the rule does not set from DTSTART, seconds and milliseconds included', () => {
    expect(seriesFrom('FREQ=DAILY', 'UTC', '2025-01-05T14:23:41.123Z', 2)).toEqual(
      instants('2025-01-05T14:23:41.123Z', '2025-01-06T14:23:41.123Z'),
    );
    expect(seriesFrom('FREQ=DAILY;BYHOUR=9', 'UTC', '2025-01-05T14:23:41Z', 2)).toEqual(
      instants('2025-01-05T14:23:41Z', '2025-01-06T09:23:41Z'),
    );
  });
});

describe('occurrencesAfter: COUNT and UNTIL', () => {
  const dtstart = new Date('2025-01-01T09:00:00Z');

  it('ends a COUNT series, counting from DTSTART', () => {
    expect(occurrencesAfter(recurrence('FREQ=DAILY;COUNT=3'), dtstart, new Date(0), 10)).toHaveLength(3);
    expect(occurrencesAfter(recurrence('FREQ=DAILY;COUNT=3'), dtstart, dtstart, 10)).toHaveLength(2);
  });

  it('counts from the series start when DTSTART is a later occurrence', () => {
    const rule = recurrence('FREQ=DAILY;COUNT=5');
    const before = new Date(0);
    expect(occurrencesAfter(rule, dtstart, before, 10, { occurrenceNumber: 4 })).toHaveLength(2);
    expect(occurrencesAfter(rule, dtstart, before, 10, { occurrenceNumber: 5 })).toHaveLength(1);
    expect(occurrencesAfter(rule, dtstart, before, 10, { occurrenceNumber: 6 })).toEqual([]);
  });

  it('ends at UNTIL, inclusive', () => {
    expect(
      toIso(occurrencesAfter(recurrence('FREQ=DAILY;UNTIL=20250103T090000Z'), dtstart, dtstart, 10)),
    ).toEqual(instants('2025-01-02T09:00:00Z', '2025-01-03T09:00:00Z'));
    expect(
      occurrencesAfter(recurrence('FREQ=DAILY;UNTIL=20250103T090000Z'), dtstart, new Date(), 10),
    ).toEqual([]);
  });

  it('reads a DATE UNTIL as the whole of that day in the zone of the rule', () => {
    const late = new Date('2025-01-01T23:30:00+01:00');
    expect(
      toIso(occurrencesAfter(recurrence('FREQ=DAILY;UNTIL=20250103', 'Europe/Berlin'), late, late, 10)),
    ).toEqual(instants('2025-01-02T23:30:00+01:00', '2025-01-03T23:30:00+01:00'));
  });

  it('reads a floating UNTIL as a wall-clock time in the zone of the rule', () => {
    const start = new Date('2025-01-01T09:00:00+01:00');
    const rule = recurrence('FREQ=DAILY;UNTIL=20250103T090000', 'Europe/Berlin');
    expect(toIso(occurrencesAfter(rule, start, start, 10))).toEqual(
      instants('2025-01-02T09:00:00+01:00', '2025-01-03T09:00:00+01:00'),
    );
  });
});

describe('occurrencesAfter: queries', () => {
  it('returns instants strictly after `after`, at most `count`', () => {
    const dtstart = new Date('2025-01-01T09:00:00Z');
    const rule = recurrence('FREQ=DAILY');
    expect(toIso(occurrencesAfter(rule, dtstart, new Date('2025-01-02T09:00:00Z'), 2))).toEqual(
      instants('2025-01-03T09:00:00Z', '2025-01-04T09:00:00Z'),
    );
    expect(occurrencesAfter(rule, dtstart, dtstart, 0)).toEqual([]);
  });

  it('answers far from DTSTART without walking the years in between', () => {
    const rule = recurrence('FREQ=MINUTELY;INTERVAL=7', 'Europe/Berlin');
    const dtstart = new Date('2020-01-06T09:00:00Z');
    const [first] = occurrencesAfter(rule, dtstart, new Date('2030-01-01T00:00:00Z'), 1);
    expect(((first as Date).getTime() - dtstart.getTime()) % (7 * 60_000)).toBe(0);
    expect((first as Date).getTime() - Date.parse('2030-01-01T00:00:00Z')).toBeLessThanOrEqual(7 * 60_000);
  });

  it('rejects arguments that are not what the signature promises', () => {
    const rule = recurrence('FREQ=DAILY');
    const date = new Date('2025-01-01T00:00:00Z');
    expect(() => occurrencesAfter(rule, new Date('nope'), date, 1)).toThrow(RangeError);
    expect(() => occurrencesAfter(rule, date, date, -1)).toThrow(RangeError);
    expect(() => occurrencesAfter(rule, date, date, 1, { occurrenceNumber: 0 })).toThrow(RangeError);
  });

  // The query from `after` restarts the rule near `after`; it must agree with walking from DTSTART.
  const cases: [string, string, string][] = [
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR;WKST=SU', 'Europe/Berlin', '2025-03-03T09:00:00+01:00'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2', 'America/New_York', '2024-09-27T08:15:00-04:00'],
    ['FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU,-1SU', 'Asia/Kolkata', '2025-01-05T07:00:00+05:30'],
    ['FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO,FR', 'UTC', '2020-05-11T12:00:00Z'],
    ['FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=30', 'Europe/Berlin', '2025-10-24T01:30:00+02:00'],
    ['FREQ=MINUTELY;INTERVAL=45', 'America/New_York', '2025-03-08T20:00:00-05:00'],
    ['FREQ=HOURLY;INTERVAL=5;BYDAY=SU', 'Australia/Lord_Howe', '2025-04-05T22:00:00+11:00'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'UTC', '2000-02-29T06:00:00Z'],
    // DTSTART on a Wednesday, which the rule does not generate.
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH', 'Europe/Berlin', '2025-03-05T10:00:00+01:00'],
  ];
  for (const [rule, timezone, dtstart] of cases) {
    it(`agrees with a walk from DTSTART: ${rule} (${timezone})`, () => {
      const walk = seriesFrom(rule, timezone, dtstart, 40);
      for (const index of [0, 3, 11, 20, 32]) {
        const after = new Date(walk[index] as string);
        const start = new Date(dtstart);
        expect(toIso(occurrencesAfter(recurrence(rule, timezone), start, after, 5))).toEqual(
          walk.slice(index + 1, index + 6),
        );
        const justAfter = new Date(after.getTime() + 1);
        expect(toIso(occurrencesAfter(recurrence(rule, timezone), start, justAfter, 1))).toEqual([
          walk[index + 1],
        ]);
      }
    });
  }
});

const at = (iso: string) => new Date(iso);
const isoOf = (date: Date | null) => date?.toISOString() ?? null;

describe('nextDueAt with the DUE_DATE basis', () => {
  const daily = recurrence('FREQ=DAILY');
  const dueAt = at('2025-01-05T09:00:00Z');
  const createdAt = at('2025-01-01T12:00:00Z');

  it('is the next slot after a task completed on time', () => {
    expect(isoOf(nextDueAt(daily, { dueAt, createdAt, completedAt: at('2025-01-05T08:00:00Z') }))).toBe(
      '2025-01-06T09:00:00.000Z',
    );
    expect(isoOf(nextDueAt(daily, { dueAt, createdAt, completedAt: dueAt }))).toBe(
      '2025-01-06T09:00:00.000Z',
    );
  });

  it('skips the slots missed while the task was overdue', () => {
    expect(isoOf(nextDueAt(daily, { dueAt, createdAt, completedAt: at('2025-01-08T15:00:00Z') }))).toBe(
      '2025-01-09T09:00:00.000Z',
    );
  });

  it('is after the due date when the task is completed early', () => {
    expect(isoOf(nextDueAt(daily, { dueAt, createdAt, completedAt: at('2025-01-02T10:00:00Z') }))).toBe(
      '2025-01-06T09:00:00.000Z',
    );
  });

  it('runs the series from createdAt when the task has no due date', () => {
    const everyOtherDay = recurrence('FREQ=DAILY;INTERVAL=2');
    const completed = {
      dueAt: null,
      createdAt: at('2025-01-05T14:23:00Z'),
      completedAt: at('2025-01-06T10:00:00Z'),
    };
    expect(isoOf(nextDueAt(everyOtherDay, completed))).toBe('2025-01-07T14:23:00.000Z');
  });

  it('keeps the local time across a DST change', () => {
    const mondays = recurrence('FREQ=WEEKLY;BYDAY=MO', 'Europe/Berlin', 'DUE_DATE');
    const completed = {
      dueAt: at('2025-03-24T09:00:00+01:00'),
      createdAt,
      completedAt: at('2025-03-25T18:00:00+01:00'),
    };
    expect(isoOf(nextDueAt(mondays, completed))).toBe(at('2025-03-31T09:00:00+02:00').toISOString());
  });
});

describe('nextDueAt with the COMPLETION_DATE basis', () => {
  it('re-anchors the series at the completion time (the API.md example)', () => {
    const everyThreeDays = recurrence('FREQ=DAILY;INTERVAL=3', 'UTC', 'COMPLETION_DATE');
    const completed = {
      dueAt: at('2025-01-03T09:00:00Z'),
      createdAt: at('2025-01-01T12:00:00Z'),
      completedAt: at('2025-01-05T14:23:00Z'),
    };
    expect(isoOf(nextDueAt(everyThreeDays, completed))).toBe('2025-01-08T14:23:00.000Z');
  });

  it('re-anchors on the local clock of the zone of the rule', () => {
    const daily = recurrence('FREQ=DAILY', 'Europe/Berlin', 'COMPLETION_DATE');
    const completed = {
      dueAt: null,
      createdAt: at('2025-03-01T00:00:00Z'),
      completedAt: at('2025-03-29T14:23:00+01:00'),
    };
    expect(isoOf(nextDueAt(daily, completed))).toBe(at('2025-03-30T14:23:00+02:00').toISOString());
  });

  it('applies the days of the rule from the completion time', () => {
    const mondays = recurrence('FREQ=WEEKLY;BYDAY=MO', 'UTC', 'COMPLETION_DATE');
    // 2025-01-08 is a Wednesday.
    const completed = {
      dueAt: null,
      createdAt: at('2025-01-01T00:00:00Z'),
      completedAt: at('2025-01-08T10:00:00Z'),
    };
    expect(isoOf(nextDueAt(mondays, completed))).toBe('2025-01-13T10:00:00.000Z');
  });
});

describe('nextDueAt at the end of a series', () => {
  const dueAt = at('2025-01-05T09:00:00Z');
  const createdAt = at('2025-01-01T12:00:00Z');
  const completedAt = at('2025-01-05T10:00:00Z');

  for (const basis of ['DUE_DATE', 'COMPLETION_DATE'] as const) {
    it(`stops after COUNT tasks (${basis})`, () => {
      const rule = recurrence('FREQ=DAILY;COUNT=3', 'UTC', basis);
      expect(nextDueAt(rule, { dueAt, createdAt, completedAt })).not.toBeNull();
      expect(nextDueAt(rule, { dueAt, createdAt, completedAt, occurrenceNumber: 2 })).not.toBeNull();
      expect(nextDueAt(rule, { dueAt, createdAt, completedAt, occurrenceNumber: 3 })).toBeNull();
    });
  }

  it('does not spend COUNT on the slots a late completion skips', () => {
    const rule = recurrence('FREQ=DAILY;COUNT=3');
    const late = { dueAt, createdAt, completedAt: at('2025-01-20T10:00:00Z'), occurrenceNumber: 2 };
    expect(isoOf(nextDueAt(rule, late))).toBe('2025-01-21T09:00:00.000Z');
  });

  it('stops at UNTIL (DUE_DATE)', () => {
    const rule = recurrence('FREQ=DAILY;UNTIL=20250107T090000Z');
    expect(isoOf(nextDueAt(rule, { dueAt: at('2025-01-06T09:00:00Z'), createdAt, completedAt }))).toBe(
      '2025-01-07T09:00:00.000Z',
    );
    expect(nextDueAt(rule, { dueAt: at('2025-01-07T09:00:00Z'), createdAt, completedAt })).toBeNull();
    expect(nextDueAt(rule, { dueAt, createdAt, completedAt: at('2025-01-07T09:30:00Z') })).toBeNull();
  });

  it('stops at UNTIL (COMPLETION_DATE)', () => {
    const rule = recurrence('FREQ=DAILY;INTERVAL=3;UNTIL=20250110T000000Z', 'UTC', 'COMPLETION_DATE');
    expect(isoOf(nextDueAt(rule, { dueAt: null, createdAt, completedAt: at('2025-01-06T14:23:00Z') }))).toBe(
      '2025-01-09T14:23:00.000Z',
    );
    expect(nextDueAt(rule, { dueAt: null, createdAt, completedAt: at('2025-01-08T14:23:00Z') })).toBeNull();
  });

  it('rejects an occurrence number that is not a positive whole number', () => {
    const rule = recurrence('FREQ=DAILY');
    expect(() => nextDueAt(rule, { dueAt, createdAt, completedAt, occurrenceNumber: 0 })).toThrow(RangeError);
    expect(() => nextDueAt(rule, { dueAt, createdAt, completedAt, occurrenceNumber: 1.5 })).toThrow(
      RangeError,
    );
  });
});
