import { type CallerCredentials, EntityClient, type Logger } from '@taskflow/common';
import type { TaskCopy } from './task-copy.js';

interface TaskEntity {
  id: string;
  title: string;
  dueAt: string | null;
  status: 'OPEN' | 'COMPLETED';
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  previousOccurrenceId: string | null;
}

const toDate = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Asks the tasks subgraph (the owner of tasks) about one task, through `_entities` with the caller's
 * own identity: another user's task, or none, comes back null. Used when a reminder is added, so it
 * is timed from the task as it is now, even before this subgraph has seen the task's events.
 */
export class TaskDirectory {
  private readonly tasks: EntityClient<TaskEntity>;

  constructor(tasksUrl: string, log: Logger) {
    this.tasks = new EntityClient(
      tasksUrl,
      'Task',
      'id title dueAt status deletedAt createdAt updatedAt previousOccurrenceId',
      log,
    );
  }

  async findOwned(caller: CallerCredentials, taskId: string): Promise<Omit<TaskCopy, 'ownerId'> | null> {
    const [task] = await this.tasks.resolve(caller, [taskId]);
    if (!task) return null;
    return {
      taskId: task.id,
      title: task.title,
      dueAt: toDate(task.dueAt),
      status: task.status,
      deletedAt: toDate(task.deletedAt),
      createdAt: new Date(task.createdAt),
      previousOccurrenceId: task.previousOccurrenceId ?? null,
      version: new Date(task.updatedAt),
    };
  }

  close() {
    return this.tasks.close();
  }
}
