/** What the next occurrence's `dueAt` is computed from (see API.md, "Recurrence"). */
export type RecurrenceBasis = 'DUE_DATE' | 'COMPLETION_DATE';

/** A validated recurrence, as stored on a task and returned by the API. */
export interface Recurrence {
  /** RFC 5545 RRULE body without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE". */
  rule: string;
  /** IANA time zone the rule's wall-clock times are evaluated in, e.g. "Europe/Berlin". */
  timezone: string;
  basis: RecurrenceBasis;
}

/** What a client sends (`RecurrenceInput` in the schema). */
export interface RecurrenceInput {
  rule: string;
  timezone?: string | null;
  basis?: RecurrenceBasis | null;
}

/** Where a series instant sits in its series: the first task of a series is occurrence 1. */
export interface SeriesPosition {
  /**
   * 1-based position, among the tasks of its series, of the task whose date is used as DTSTART.
   * COUNT limits the number of tasks in a series, so a series anchored at occurrence N has
   * COUNT - N + 1 instants left, DTSTART included. Defaults to 1.
   */
  occurrenceNumber?: number;
}

/** The task being completed, as far as the next due date is concerned. */
export interface CompletedOccurrence extends SeriesPosition {
  dueAt: Date | null;
  createdAt: Date;
  completedAt: Date;
}

/** Where a task's series starts (the rule's DTSTART on the due-date basis): its due date, else its creation. */
export const seriesStart = (task: { dueAt: Date | null; createdAt: Date }): Date =>
  task.dueAt ?? task.createdAt;
