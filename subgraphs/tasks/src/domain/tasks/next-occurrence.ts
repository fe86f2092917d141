import { nextDueAt } from '../recurrence/index.js';
import type { NewTask, Task } from './task.js';

/** Why a completion makes no next occurrence. */
export type NoNextOccurrence =
  /** Reopened since the completion: a re-completion will continue the series. */
  | 'not-completed'
  /** `recurrence: null` was set since: the user stopped the series. */
  | 'not-recurring'
  /** COUNT or UNTIL is used up. */
  | 'exhausted';

export type NextOccurrencePlan = { dueAt: Date } | { none: NoNextOccurrence };

/**
 * What the completion of `task` (its state now, read in the worker's transaction) continues with.
 * A deleted occurrence still continues its series (API.md: only `recurrence: null` stops it).
 */
export function planNextOccurrence(task: Task): NextOccurrencePlan {
  if (task.status !== 'COMPLETED' || !task.completedAt) return { none: 'not-completed' };
  if (!task.recurrence) return { none: 'not-recurring' };
  const dueAt = nextDueAt(task.recurrence, {
    dueAt: task.dueAt,
    createdAt: task.createdAt,
    completedAt: task.completedAt,
    occurrenceNumber: task.occurrenceNumber ?? 1,
  });
  return dueAt ? { dueAt } : { none: 'exhausted' };
}

/**
 * The task that follows `previous`: the same owner, text, priority, tags, recurrence and series,
 * one further along, due at `dueAt`. A task repeating without a series id (only possible for rows
 * written outside the service) starts its series at itself.
 */
export function nextOccurrenceOf(previous: Task, dueAt: Date): NewTask {
  return {
    ownerId: previous.ownerId,
    title: previous.title,
    description: previous.description,
    priority: previous.priority,
    dueAt,
    tagIds: previous.tagIds,
    recurrence: previous.recurrence,
    seriesId: previous.seriesId ?? previous.id,
    occurrenceNumber: (previous.occurrenceNumber ?? 1) + 1,
    previousOccurrenceId: previous.id,
  };
}
