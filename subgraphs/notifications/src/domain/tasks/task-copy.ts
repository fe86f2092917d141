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

/** A `Task` entity as the notifications subgraph knows it: its id. */
export interface TaskReference {
  __typename?: 'Task';
  id: string;
}
