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

/** The fields of a task a copy is made of, as events' snapshots and the tasks subgraph give them. */
export interface TaskCopySource {
  id: string;
  title: string;
  dueAt: string | null;
  status: 'OPEN' | 'COMPLETED';
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  previousOccurrenceId?: string | null;
}

const toDate = (value: string | null | undefined) => (value ? new Date(value) : null);

/** A task's copy, but for whose it is. */
export const copyFieldsOf = (task: TaskCopySource): Omit<TaskCopy, 'ownerId'> => ({
  taskId: task.id,
  title: task.title,
  dueAt: toDate(task.dueAt),
  status: task.status,
  deletedAt: toDate(task.deletedAt),
  createdAt: new Date(task.createdAt),
  previousOccurrenceId: task.previousOccurrenceId ?? null,
  version: new Date(task.updatedAt),
});

export const taskCopyOf = (ownerId: string, task: TaskCopySource): TaskCopy => ({
  ownerId,
  ...copyFieldsOf(task),
});

/** A `Task` entity as the notifications subgraph knows it: its id. */
export interface TaskReference {
  __typename?: 'Task';
  id: string;
}
