import {
  type Caller,
  DomainError,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  parseInput,
  requireUser,
} from '@taskflow/common';
import { z } from 'zod';
import type { NotificationsUnitOfWork } from '../repositories.js';
import type { TaskCopy } from '../tasks/task-copy.js';
import type { TaskDirectory } from '../tasks/task-directory.js';
import { MAX_MINUTES_BEFORE, MAX_REMINDERS_PER_TASK, type Reminder } from './reminder.js';
import { isArmable, remindAtBefore } from './reminder-rules.js';

/** How far in the past an absolute remindAt may be (clock skew, a slow form): it fires at once. */
export const REMIND_AT_GRACE_MS = 60_000;

const reminderInput = z
  .object({
    remindAt: z.date().nullish(),
    minutesBefore: z
      .number()
      .int('minutesBefore must be a whole number of minutes')
      .min(0, 'minutesBefore cannot be negative')
      .max(MAX_MINUTES_BEFORE, `minutesBefore can be at most ${MAX_MINUTES_BEFORE} (a year)`)
      .nullish(),
  })
  .superRefine((input, context) => {
    const hasRemindAt = input.remindAt !== null && input.remindAt !== undefined;
    const hasMinutesBefore = input.minutesBefore !== null && input.minutesBefore !== undefined;
    if (hasRemindAt === hasMinutesBefore) {
      context.addIssue({
        code: 'custom',
        path: [hasRemindAt ? 'minutesBefore' : 'remindAt'],
        message: 'Give exactly one of remindAt and minutesBefore',
      });
    }
  });

/**
 * Reminders of the caller's tasks. A task is verified with the tasks subgraph (its owner) when a
 * reminder is added; afterwards its events keep the local copy, and so the reminders, in step.
 */
export class ReminderService {
  constructor(
    private readonly deps: {
      work: NotificationsUnitOfWork;
      directory: TaskDirectory;
      log: Logger;
      /** Tells the scheduler that the next due time may have changed. */
      onScheduleChanged?: () => void;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async add(caller: Caller, taskId: string, input: unknown): Promise<Reminder> {
    const ownerId = requireUser(caller);
    const fields = parseInput(reminderInput, input);
    if (fields.remindAt && fields.remindAt.getTime() < this.now().getTime() - REMIND_AT_GRACE_MS) {
      throw new DomainError('BAD_USER_INPUT', 'remindAt is in the past', { field: 'remindAt' });
    }
    if (!isUuid(taskId)) throw notFound('Task');
    const found = await this.deps.directory.findOwned(caller, taskId);
    if (!found) throw notFound('Task');
    const reminder = await this.deps.work.transaction(null, async ({ copies, reminders }) => {
      // The copy as it now is (the lookup, or a newer event), locked: reminders of one task take turns.
      const task = await copies.save({ ...found, ownerId });
      if (task.ownerId !== ownerId) throw notFound('Task');
      assertArmable(task);
      let remindAt: Date;
      if (fields.minutesBefore !== null && fields.minutesBefore !== undefined) {
        if (!task.dueAt) {
          throw new DomainError('BAD_USER_INPUT', 'minutesBefore needs a task with a dueAt', {
            field: 'minutesBefore',
          });
        }
        remindAt = remindAtBefore(task.dueAt, fields.minutesBefore);
      } else {
        remindAt = fields.remindAt!;
      }
      if ((await reminders.countForTask(task.taskId)) >= MAX_REMINDERS_PER_TASK) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `A task can have at most ${MAX_REMINDERS_PER_TASK} reminders`,
          { field: 'taskId' },
        );
      }
      return reminders.insert({
        ownerId,
        taskId: task.taskId,
        remindAt,
        minutesBefore: fields.minutesBefore ?? null,
        correlationId: caller.correlationId,
        cancelledAt: null,
      });
    });
    this.deps.log.info({ reminderId: reminder.id, taskId }, 'reminder added');
    this.deps.onScheduleChanged?.();
    return reminder;
  }

  async remove(identity: Identity, id: string): Promise<boolean> {
    const ownerId = requireUser(identity);
    const removed =
      isUuid(id) && (await this.deps.work.run(null, ({ reminders }) => reminders.delete(ownerId, id)));
    if (!removed) throw notFound('Reminder');
    return true;
  }

  /** The caller's reminders of each task (federation `Task.reminders`), in one query. */
  async listForTasks(identity: Identity, taskIds: readonly string[]): Promise<Map<string, Reminder[]>> {
    const valid = taskIds.filter(isUuid);
    const byTask = new Map<string, Reminder[]>();
    if (!identity.userId || valid.length === 0) return byTask;
    const { userId } = identity;
    const found = await this.deps.work.run(null, ({ reminders }) => reminders.listForTasks(userId, valid));
    for (const reminder of found) {
      byTask.set(reminder.taskId, [...(byTask.get(reminder.taskId) ?? []), reminder]);
    }
    return byTask;
  }
}

function assertArmable(task: TaskCopy) {
  if (isArmable(task)) return;
  throw new DomainError(
    'CONFLICT',
    task.deletedAt ? 'The task is in the trash; restore it first' : 'The task is completed; reopen it first',
    { field: 'taskId' },
  );
}
