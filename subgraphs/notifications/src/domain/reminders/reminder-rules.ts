import type { TaskCopy } from '../tasks/task-copy.js';

/**
 * The reminder rules, in one place. A reminder that has not fired follows its task (as the task's
 * copy here has it):
 *
 * 1. **Follow `dueAt`**: a `minutesBefore` reminder is due that many minutes before the task's
 *    `dueAt`, wherever it moves (`remindAtBefore`); while the task has no `dueAt` it is cancelled.
 *    An absolute `remindAt` stays where it was set.
 * 2. **Cancel on complete/delete**: while the task is completed or in the trash (not `isArmable`),
 *    its unfired reminders are cancelled, and no reminder can be added.
 * 3. **Re-arm on reopen/restore**: once the task is open again, a cancelled reminder whose time is
 *    still ahead is armed again; one whose time passed meanwhile stays cancelled (it never fires late).
 * 4. **Carry over**: the next occurrence of a recurring task gets its predecessor's reminders,
 *    shifted by the difference of their due dates (`minutesBefore` ones re-timed from the new dueAt).
 *
 * A function of the task's state only, so applying them again, or after an older event, changes
 * nothing. `ReminderRepository` applies rules 1–3 in one SQL statement with each task event
 * (`followSnapshot`, `followTask`) and rule 4 in `carryOver`; `ReminderService` checks 1 and 2 when a
 * reminder is added.
 */
export const isArmable = (task: Pick<TaskCopy, 'status' | 'deletedAt'>) =>
  task.status === 'OPEN' && !task.deletedAt;

/** Rule 1: when a `minutesBefore` reminder of a task due at `dueAt` is due. */
export const remindAtBefore = (dueAt: Date, minutesBefore: number) =>
  new Date(dueAt.getTime() - minutesBefore * 60_000);
