import type { Connection } from '@taskflow/common';
import type { Recurrence } from '../recurrence/index.js';

export const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
export type Priority = (typeof PRIORITIES)[number];
export type TaskStatus = 'OPEN' | 'COMPLETED';

/** A task as the domain and the API see it. */
export interface Task {
  id: string;
  ownerId: string;
  title: string;
  description: string | null;
  priority: Priority;
  status: TaskStatus;
  dueAt: Date | null;
  completedAt: Date | null;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  recurrence: Recurrence | null;
  seriesId: string | null;
  occurrenceNumber: number | null;
  previousOccurrenceId: string | null;
  tagIds: string[];
}

/** What the API's `Recurrence` type resolves from: the rule plus where the task sits in its series. */
export interface TaskRecurrence extends Recurrence {
  dtstart: Date;
  /** 1-based position of the task in its series (COUNT counts tasks). */
  occurrenceNumber: number;
}

/** One page of `tasks`; `totalCount` is computed only when asked for. */
export type TaskPage = Connection<Task>;
export type TaskEdge = TaskPage['edges'][number];

/** A `Tag` entity as the tasks subgraph knows it: an id, for `taskCount`. */
export interface TagReference {
  id: string;
}

/** What a new task is made from; the rest (id, status, times) `newTask` fills in. */
export type NewTask = Pick<
  Task,
  'ownerId' | 'title' | 'description' | 'priority' | 'dueAt' | 'recurrence' | 'tagIds'
> &
  Partial<Pick<Task, 'seriesId' | 'occurrenceNumber' | 'previousOccurrenceId'>>;

/**
 * The whole task `fresh` becomes, made here rather than by column defaults so that its TaskCreated
 * event can be written in the same statement as its row.
 */
export const newTask = (fresh: NewTask, now: Date): Task => ({
  id: crypto.randomUUID(),
  status: 'OPEN',
  completedAt: null,
  deletedAt: null,
  createdAt: now,
  updatedAt: now,
  seriesId: null,
  occurrenceNumber: null,
  previousOccurrenceId: null,
  ...fresh,
});
