import { type CallerCredentials, EntityClient, type Logger } from '@taskflow/common';
import { copyFieldsOf, type TaskCopy, type TaskCopySource } from './task-copy.js';

/**
 * Asks the tasks subgraph (the owner of tasks) about one task, through `_entities` with the caller's
 * own identity: another user's task, or none, comes back null. Used when a reminder is added, so it
 * is timed from the task as it is now, even before this subgraph has seen the task's events.
 */
export class TaskDirectory {
  private readonly tasks: EntityClient<TaskCopySource>;

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
    return task ? copyFieldsOf(task) : null;
  }

  close() {
    return this.tasks.close();
  }
}
