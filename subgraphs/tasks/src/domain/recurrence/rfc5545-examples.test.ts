import { describe, expect, it } from 'vitest';
import { occurrencesAfter, parseRecurrence, type Recurrence } from './index.js';
import { rfc5545Examples } from './rfc5545-examples.fixture.js';

const toIso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('RFC 5545 §3.8.5.3 examples (America/New_York)', () => {
  for (const example of rfc5545Examples) {
    for (const rule of example.rules) {
      it(`${example.title}: ${rule}`, () => {
        const dtstart = new Date(example.dtstart);
        const recurrence: Recurrence = { rule, timezone: 'America/New_York', basis: 'DUE_DATE' };
        const expected = example.instants.map((iso) => new Date(iso).toISOString());
        // Asking for more than a complete listing holds proves that the series ends there.
        const wanted = example.isComplete ? expected.length + 3 : expected.length;
        const after = example.excludesDtstart ? dtstart : new Date(dtstart.getTime() - 1);

        expect(toIso(occurrencesAfter(recurrence, dtstart, after, wanted))).toEqual(expected);
      });

      it(`${example.title}: ${rule}, from the middle of the listing`, () => {
        const dtstart = new Date(example.dtstart);
        const recurrence: Recurrence = { rule, timezone: 'America/New_York', basis: 'DUE_DATE' };
        const expected = example.instants.map((iso) => new Date(iso).toISOString());
        const middle = Math.floor(expected.length / 2);
        const rest = expected.slice(middle + 1);
        const wanted = example.isComplete ? rest.length + 3 : rest.length;

        const after = new Date(expected[middle] as string);
        expect(toIso(occurrencesAfter(recurrence, dtstart, after, wanted))).toEqual(rest);
        // Half a minute earlier still excludes nothing before the middle instant.
        const justBefore = new Date(after.getTime() - 30_000);
        expect(toIso(occurrencesAfter(recurrence, dtstart, justBefore, 1))).toEqual([expected[middle]]);
      });
    }
  }

  it('accepts every example rule as valid input', () => {
    for (const example of rfc5545Examples) {
      for (const rule of example.rules) {
        const input = { rule: `RRULE:${rule}`, timezone: 'America/New_York' };
        expect(parseRecurrence(input, new Date(example.dtstart)).rule).toBe(rule);
      }
    }
  });
});
