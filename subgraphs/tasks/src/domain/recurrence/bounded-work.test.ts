import { afterEach, describe, expect, it, vi } from 'vitest';
import { occurrencesAfter, parseRecurrence, type Recurrence } from './index.js';
import { ZoneClock } from './time-zone.js';

const recurrence = (rule: string, timezone = 'UTC'): Recurrence => ({ rule, timezone, basis: 'DUE_DATE' });
const toIso = (dates: Date[]) => dates.map((d) => d.toISOString());

/** Wall-clock candidates the engine placed in the zone: a measure of its work that is not a timer. */
function countCandidates(run: () => unknown): number {
  const spy = vi.spyOn(ZoneClock.prototype, 'resolveWallClockMs');
  run();
  return spy.mock.calls.length;
}

afterEach(() => vi.restoreAllMocks());

describe('recurrence expansion: bounded work and range', () => {
  it('never returns an instant past 9999-12-31, which DateTime could not take back', () => {
    const dtstart = new Date('2026-01-01T09:00:00Z');
    expect(
      toIso(occurrencesAfter(recurrence('FREQ=DAILY'), dtstart, new Date('9999-12-30T00:00:00Z'), 5)),
    ).toEqual(['9999-12-30T09:00:00.000Z', '9999-12-31T09:00:00.000Z']);
    expect(
      occurrencesAfter(recurrence('FREQ=MINUTELY'), dtstart, new Date('9999-12-31T23:59:59.999Z'), 5),
    ).toEqual([]);
  });

  it('skips through a long COUNT series in whole steps instead of walking it', () => {
    const dtstart = new Date('2026-01-01T09:00:00Z');
    const daily = recurrence('FREQ=DAILY;COUNT=100000');
    let found: Date[] = [];
    const work = countCandidates(() => {
      found = occurrencesAfter(daily, dtstart, new Date('2200-01-01T00:00:00Z'), 2);
    });
    expect(toIso(found)).toEqual(['2200-01-01T09:00:00.000Z', '2200-01-02T09:00:00.000Z']);
    expect(work).toBeLessThan(100);
    // COUNT=100000 ends on day 99,999 after DTSTART; after that, nothing, found just as cheaply.
    const last = new Date(dtstart.getTime() + 99_999 * 86_400_000);
    expect(toIso(occurrencesAfter(daily, dtstart, new Date(last.getTime() - 1), 5))).toEqual([
      last.toISOString(),
    ]);
    expect(
      countCandidates(() => occurrencesAfter(daily, dtstart, new Date('9999-12-31T00:00:00Z'), 5)),
    ).toBeLessThan(100);
  });

  it('keeps COUNT and the wall clock when skipping across daylight saving', () => {
    const dtstart = new Date('2025-03-01T02:30:00+01:00');
    const rule = recurrence('FREQ=DAILY;COUNT=40', 'Europe/Berlin');
    // Skipping must agree with walking the whole series from DTSTART.
    const walked = toIso(occurrencesAfter(rule, dtstart, new Date(dtstart.getTime() - 1), 50));
    expect(walked).toHaveLength(40);
    expect(walked).toContain(new Date('2025-03-30T03:30:00+02:00').toISOString());
    for (const afterIso of [
      '2025-03-29T12:00:00Z',
      '2025-03-30T01:00:00Z',
      '2025-03-31T00:00:00Z',
      '2025-04-08T00:00:00Z',
    ]) {
      const after = new Date(afterIso);
      expect(toIso(occurrencesAfter(rule, dtstart, after, 50))).toEqual(
        walked.filter((iso) => iso > after.toISOString()),
      );
    }
    const weekly = recurrence('FREQ=WEEKLY;INTERVAL=2;COUNT=10', 'America/New_York');
    const start = new Date('2025-01-06T09:00:00-05:00');
    const all = toIso(occurrencesAfter(weekly, start, new Date(start.getTime() - 1), 20));
    expect(toIso(occurrencesAfter(weekly, start, new Date(all[7] as string), 20))).toEqual(all.slice(8));
  });

  it('refuses a COUNT above 1000 where the series would have to be walked', () => {
    const dtstart = new Date('2026-01-01T09:00:00Z');
    expect(() => parseRecurrence({ rule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5000' }, dtstart)).toThrow(
      /COUNT can be at most 1000/,
    );
    expect(() => parseRecurrence({ rule: 'FREQ=HOURLY;COUNT=1001' }, dtstart)).toThrow(
      /COUNT can be at most 1000/,
    );
    expect(parseRecurrence({ rule: 'FREQ=DAILY;COUNT=100000' }, dtstart).rule).toBe(
      'FREQ=DAILY;COUNT=100000',
    );
    expect(parseRecurrence({ rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=1000' }, dtstart).rule).toBe(
      'FREQ=WEEKLY;BYDAY=MO;COUNT=1000',
    );
  });
});
