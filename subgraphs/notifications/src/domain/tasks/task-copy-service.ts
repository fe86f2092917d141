import { findOwnedByIds, type Identity, type Logger } from '@taskflow/common';
import { type EnvelopeOf, TASK_EVENT_TYPES } from '@taskflow/events';
import type { NotificationsRepositories, NotificationsUnitOfWork } from '../repositories.js';
import { type TaskCopy, taskCopyOf } from './task-copy.js';

/** The task events this subgraph follows: each carries the task as it is after the change. */
export const FOLLOWED_TASK_EVENTS = TASK_EVENT_TYPES;
export type FollowedTaskEvent = EnvelopeOf<(typeof FOLLOWED_TASK_EVENTS)[number]>;

/** The consumer group on the tasks stream, also the idempotency key space in processed_events. */
export const TASKS_CONSUMER = 'notifications';

/**
 * Keeps the local copy of each task from its events, and its reminders in step: `minutesBefore`
 * reminders follow dueAt, completion and deletion cancel, reopening and restoring re-arm, and a new
 * occurrence of a recurring task gets its predecessor's reminders, shifted.
 */
export class TaskCopyService {
  constructor(
    private readonly deps: {
      work: NotificationsUnitOfWork;
      log: Logger;
      onScheduleChanged?: () => void;
    },
  ) {}

  /** Applies an event once (its processed mark commits with the effects). True when it was new. */
  async apply(event: FollowedTaskEvent): Promise<boolean> {
    const copy = taskCopyOf(event.ownerId, event.payload.task);
    const previousId = event.type === 'TaskCreated' ? event.payload.task.previousOccurrenceId : null;
    const outcome = previousId
      ? await this.applyNextOccurrence(event, copy, previousId)
      : await this.deps.work.run(null, ({ reminders }) =>
          reminders.followSnapshot(TASKS_CONSUMER, event.id, copy),
        );
    if (outcome.isNew && !outcome.isSaved) {
      // An older snapshot than the copy's (events may arrive out of order): nothing to do. Another
      // owner's task under the same id: never applied.
      const current = await this.deps.work.run(null, ({ copies }) => copies.find(copy.taskId));
      if (current && current.ownerId !== event.ownerId) {
        this.deps.log.error({ taskId: copy.taskId }, 'task event names another owner than the copy; ignored');
      }
    }
    // Most tasks have no reminders: their events leave the scheduler asleep.
    if (outcome.reminders > 0) this.deps.onScheduleChanged?.();
    return outcome.isNew;
  }

  /** The first event of a next occurrence: the copy, and its predecessor's reminders carried over. */
  private applyNextOccurrence(event: FollowedTaskEvent, copy: TaskCopy, previousId: string) {
    return this.deps.work.transaction(null, async (repositories) => {
      if (!(await repositories.markProcessed(TASKS_CONSUMER, event.id))) {
        return { isNew: false, isSaved: false, reminders: 0 };
      }
      const task = await repositories.copies.save(copy);
      if (task.ownerId !== event.ownerId) return { isNew: true, isSaved: false, reminders: 0 };
      const copied = await this.carryOver(repositories, previousId, task);
      return {
        isNew: true,
        isSaved: true,
        reminders: copied + (await repositories.reminders.followTask(task.taskId)),
      };
    });
  }

  private async carryOver(
    { copies, reminders }: NotificationsRepositories,
    previousId: string,
    task: TaskCopy,
  ): Promise<number> {
    const previous = await copies.find(previousId);
    // No copy, no reminders: a reminder is only ever added to a task this subgraph has a copy of.
    if (!previous || previous.ownerId !== task.ownerId) return 0;
    const copied = await reminders.carryOver(previous, task);
    if (copied > 0) {
      this.deps.log.info({ taskId: task.taskId, previousId, copied }, 'reminders carried over');
    }
    return copied;
  }

  /** The caller's copies among `taskIds` (for `Notification.task`), in one query. */
  findOwned(identity: Identity, taskIds: readonly string[]): Promise<Map<string, TaskCopy>> {
    return findOwnedByIds(
      identity,
      taskIds,
      (ownerId, valid) => this.deps.work.run(null, ({ copies }) => copies.findOwned(ownerId, valid)),
      (copy) => copy.taskId,
    );
  }
}
