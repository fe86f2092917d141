import {
  type CompletedOccurrence,
  type Recurrence,
  type SeriesPosition,
  seriesStart,
} from './recurrence-types.js';
import { listInstantsAfter } from './rule-expansion.js';
import { parseRule } from './rule-parser.js';
import { normalizeTimeZone } from './time-zone.js';

/**
 * The series' instants strictly after `after`, at most `count` of them, ascending. The series
 * starts at `dtstart` (DTSTART, always its first instance) and is evaluated on the wall clock of
 * `recurrence.timezone`. COUNT counts from DTSTART; pass `position.occurrenceNumber` when
 * DTSTART is a later task of its series, so that COUNT still counts from the series' first task.
 */
export function occurrencesAfter(
  recurrence: Recurrence,
  dtstart: Date,
  after: Date,
  count: number,
  position: SeriesPosition = {},
): Date[] {
  assertValidDate(dtstart, 'dtstart');
  assertValidDate(after, 'after');
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  const occurrenceNumber = readOccurrenceNumber(position);
  const { parts } = parseRule(recurrence.rule);
  const seriesSize = parts.count === undefined ? undefined : parts.count - occurrenceNumber + 1;
  if (seriesSize !== undefined && seriesSize <= 0) return [];
  return listInstantsAfter({
    parts,
    timeZone: normalizeTimeZone(recurrence.timezone),
    dtstartMs: dtstart.getTime(),
    afterMs: after.getTime(),
    limit: count,
    seriesSize,
  }).map((ms) => new Date(ms));
}

/**
 * The `dueAt` of the task that follows `completed` in its series, or null when the series is
 * exhausted. The new task is occurrence `completed.occurrenceNumber + 1`.
 *
 * - DUE_DATE: the first instant of the series started at the completed task's `dueAt` (its
 *   `createdAt` when it has none) that is strictly after both that `dueAt` and `completedAt`:
 *   slots missed while the task was overdue are skipped, not piled up.
 * - COMPLETION_DATE: the series is re-anchored: the first instant strictly after `completedAt` of
 *   the rule started (DTSTART) at `completedAt`.
 *
 * COUNT is the number of tasks a series may have, so COUNT=5 ends after the 5th task whichever
 * basis applies and however many slots were skipped. UNTIL bounds every due date.
 */
export function nextDueAt(recurrence: Recurrence, completed: CompletedOccurrence): Date | null {
  assertValidDate(completed.createdAt, 'createdAt');
  assertValidDate(completed.completedAt, 'completedAt');
  if (completed.dueAt !== null) assertValidDate(completed.dueAt, 'dueAt');
  const occurrenceNumber = readOccurrenceNumber(completed);
  const { parts } = parseRule(recurrence.rule);
  if (parts.count !== undefined && occurrenceNumber >= parts.count) return null;

  const completedMs = completed.completedAt.getTime();
  const dtstartMs = recurrence.basis === 'COMPLETION_DATE' ? completedMs : seriesStart(completed).getTime();
  const [next] = listInstantsAfter({
    parts,
    timeZone: normalizeTimeZone(recurrence.timezone),
    dtstartMs,
    afterMs: Math.max(dtstartMs, completedMs),
    limit: 1,
  });
  return next === undefined ? null : new Date(next);
}

function readOccurrenceNumber(position: SeriesPosition): number {
  const occurrenceNumber = position.occurrenceNumber ?? 1;
  if (!Number.isInteger(occurrenceNumber) || occurrenceNumber < 1) {
    throw new RangeError(`occurrenceNumber must be a whole number >= 1, got ${occurrenceNumber}`);
  }
  return occurrenceNumber;
}

function assertValidDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new RangeError(`${name} must be a valid Date`);
}
