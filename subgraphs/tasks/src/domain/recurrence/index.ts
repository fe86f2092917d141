export { describeRecurrence } from './describe-recurrence.js';
export { nextDueAt, occurrencesAfter } from './occurrences.js';
export { parseRecurrence } from './parse-recurrence.js';
export type {
  CompletedOccurrence,
  Recurrence,
  RecurrenceBasis,
  RecurrenceInput,
  SeriesPosition,
} from './recurrence-types.js';
export { seriesStart } from './recurrence-types.js';
