import { createRecurrenceError } from './recurrence-error.js';
import type { Recurrence, RecurrenceBasis, RecurrenceInput } from './recurrence-types.js';
import { hasFixedStep, listInstantsAfter } from './rule-expansion.js';
import { MAX_COUNT_WALKED, parseRule, type RuleParts } from './rule-parser.js';
import { normalizeTimeZone } from './time-zone.js';

const BASES: readonly RecurrenceBasis[] = ['DUE_DATE', 'COMPLETION_DATE'];

/**
 * Validates a client's recurrence for a series starting at `dtstart` (the task's dueAt, or its
 * createdAt when it has none) and returns it normalised: the rule upper-cased without "RRULE:",
 * the zone in its canonical spelling, the defaults ("UTC", DUE_DATE) filled in.
 * Throws BAD_USER_INPUT on the `recurrence` field when the input is invalid or the task would
 * never repeat.
 */
export function parseRecurrence(input: RecurrenceInput, dtstart: Date): Recurrence {
  if (typeof input !== 'object' || input === null)
    throw createRecurrenceError('The recurrence must be an object.');
  if (!(dtstart instanceof Date) || Number.isNaN(dtstart.getTime()))
    throw new RangeError('dtstart must be a valid Date');
  const { text, parts } = parseRule(input.rule);
  const timezone = normalizeTimeZone(input.timezone);
  const basis = parseBasis(input.basis);
  if (parts.count !== undefined && parts.count > MAX_COUNT_WALKED && !hasFixedStep(parts)) {
    throw createRecurrenceError(
      `COUNT can be at most ${MAX_COUNT_WALKED} for this rule (got ${parts.count}); only DAILY and WEEKLY rules without BY parts allow more.`,
    );
  }
  assertRepeats(parts, timezone, dtstart);
  return { rule: text, timezone, basis };
}

function parseBasis(basis: RecurrenceInput['basis']): RecurrenceBasis {
  if (basis === null || basis === undefined) return 'DUE_DATE';
  const known = BASES.find((b) => b === basis);
  if (!known)
    throw createRecurrenceError(`The basis must be DUE_DATE or COMPLETION_DATE (got "${String(basis)}").`);
  return known;
}

/** A recurrence that can never produce an instant after its start is a mistake, not a series. */
function assertRepeats(parts: RuleParts, timeZone: string, dtstart: Date): void {
  if (parts.count === 1) {
    throw createRecurrenceError('COUNT=1 allows only the first occurrence, so the task would never repeat.');
  }
  // COUNT is at least 2 here, so it cannot stop the first repetition and is left out of the search.
  const findNext = (rule: RuleParts) =>
    listInstantsAfter({
      parts: rule,
      timeZone,
      dtstartMs: dtstart.getTime(),
      afterMs: dtstart.getTime(),
      limit: 1,
    });
  if (findNext(parts).length > 0) return;
  if (parts.until && findNext({ ...parts, until: undefined }).length > 0) {
    throw createRecurrenceError(
      `UNTIL ends the series before its first repetition after ${dtstart.toISOString()}, so the task would never repeat.`,
    );
  }
  throw createRecurrenceError(
    "The rule never produces a date after the task's first one (for example, BYMONTH=2;BYMONTHDAY=30 matches no real date), so the task would never repeat.",
  );
}
