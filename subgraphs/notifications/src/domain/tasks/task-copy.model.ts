import { Model } from 'objection';

/**
 * What the notifications subgraph keeps of a task, learnt from task events (and from the tasks
 * subgraph when a reminder is added): enough to time reminders, name the task in a notification and
 * know whether it is in the trash. Never read from the tasks subgraph's tables.
 */
export interface TaskCopy {
  taskId: string;
  ownerId: string;
  title: string;
  dueAt: Date | null;
  status: 'OPEN' | 'COMPLETED';
  deletedAt: Date | null;
  createdAt: Date;
  previousOccurrenceId: string | null;
  /** The task's updatedAt this copy reflects: an older snapshot never overwrites a newer one. */
  version: Date;
}

/** Reminders fire only for a task that is open and not in the trash. */
export const isActive = (task: Pick<TaskCopy, 'status' | 'deletedAt'>) =>
  task.status === 'OPEN' && !task.deletedAt;

/** A `Task` entity as the notifications subgraph knows it: its id. */
export interface TaskReference {
  __typename?: 'Task';
  id: string;
}

export class TaskCopyRow extends Model {
  static override tableName = 'task_copies';
  static override idColumn = 'task_id';
  declare taskId: string;
  declare ownerId: string;
  declare title: string;
  declare dueAt: Date | null;
  declare status: 'OPEN' | 'COMPLETED';
  declare deletedAt: Date | null;
  declare createdAt: Date;
  declare previousOccurrenceId: string | null;
  declare version: Date;
}

export const toTaskCopy = (row: TaskCopyRow): TaskCopy => ({
  taskId: row.taskId,
  ownerId: row.ownerId,
  title: row.title,
  dueAt: row.dueAt,
  status: row.status,
  deletedAt: row.deletedAt,
  createdAt: row.createdAt,
  previousOccurrenceId: row.previousOccurrenceId,
  version: row.version,
});
