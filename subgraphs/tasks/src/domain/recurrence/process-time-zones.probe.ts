/**
 * Run by process-time-zones.test.ts in a child process. For each process time zone named on the
 * command line it switches `process.env.TZ` (Node applies that at once), then computes results
 * whose true values do not depend on the process's zone, and prints everything as JSON.
 */
import {
  describeRecurrence,
  nextDueAt,
  occurrencesAfter,
  parseRecurrence,
  type Recurrence,
} from './index.js';

const rule = (text: string, timezone: string, basis: Recurrence['basis'] = 'DUE_DATE'): Recurrence => ({
  rule: text,
  timezone,
  basis,
});
const toIso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (iso: string) => new Date(iso);
const EPOCH = new Date(0);

function computeResults(): Record<string, unknown> {
  return {
    rfcSecondToLastWeekday: toIso(
      occurrencesAfter(
        rule('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2', 'America/New_York'),
        at('1997-09-29T09:00:00-04:00'),
        at('1997-09-29T08:00:00-04:00'),
        4,
      ),
    ),
    berlinMondaysAcrossSpring: toIso(
      occurrencesAfter(
        rule('FREQ=WEEKLY;BYDAY=MO', 'Europe/Berlin'),
        at('2025-03-24T09:00:00+01:00'),
        EPOCH,
        3,
      ),
    ),
    berlinGap: toIso(
      occurrencesAfter(rule('FREQ=DAILY', 'Europe/Berlin'), at('2025-03-29T02:30:00+01:00'), EPOCH, 3),
    ),
    newYorkOverlap: toIso(
      occurrencesAfter(rule('FREQ=DAILY', 'America/New_York'), at('2025-11-01T01:30:00-04:00'), EPOCH, 3),
    ),
    kolkataMonthEnds: toIso(
      occurrencesAfter(
        rule('FREQ=MONTHLY;BYMONTHDAY=-1', 'Asia/Kolkata'),
        at('2024-01-31T02:00:00+05:30'),
        EPOCH,
        3,
      ),
    ),
    untilDateInBerlin: toIso(
      occurrencesAfter(
        rule('FREQ=DAILY;UNTIL=20250103', 'Europe/Berlin'),
        at('2025-01-01T23:30:00+01:00'),
        EPOCH,
        5,
      ),
    ),
    completionBasisAcrossDst: nextDueAt(rule('FREQ=DAILY', 'Europe/Berlin', 'COMPLETION_DATE'), {
      dueAt: null,
      createdAt: at('2025-03-01T00:00:00Z'),
      completedAt: at('2025-03-29T14:23:00+01:00'),
    })?.toISOString(),
    dueDateLateCompletion: nextDueAt(rule('FREQ=WEEKLY;BYDAY=MO,TH', 'America/New_York'), {
      dueAt: at('2025-03-06T09:00:00-05:00'),
      createdAt: at('2025-03-01T00:00:00Z'),
      completedAt: at('2025-03-11T12:00:00-04:00'),
    })?.toISOString(),
    untilText: describeRecurrence(rule('FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301T000000Z', 'America/New_York')),
    parsed: parseRecurrence(
      { rule: 'rrule:freq=daily', timezone: 'asia/kolkata' },
      at('2025-01-01T00:00:00Z'),
    ),
  };
}

const runs = process.argv.slice(2).map((zone) => {
  process.env.TZ = zone;
  // The local offset in mid-January proves that the switch took effect.
  return {
    zone,
    januaryOffsetMinutes: at('2025-01-15T12:00:00Z').getTimezoneOffset(),
    results: computeResults(),
  };
});
process.stdout.write(JSON.stringify(runs));
