import { type Db, toCount } from '@taskflow/common';
import type { TaskCopy } from '../tasks/task-copy.js';
import { copyBindings, ON_CONFLICT_KEEP_NEWEST, UPSERT_COPY } from '../tasks/task-copy-repository.js';
import type { Reminder } from './reminder.js';
import { ReminderRow, toReminder } from './reminder.model.js';

export type NewReminder = Pick<
  Reminder,
  'ownerId' | 'taskId' | 'remindAt' | 'minutesBefore' | 'correlationId' | 'cancelledAt'
>;

/** A reminder the scheduler claimed, with the title of its task as the copy has it now. */
export interface FiredReminder {
  id: string;
  ownerId: string;
  taskId: string;
  remindAt: Date;
  firedAt: Date;
  correlationId: string | null;
  title: string | null;
}

export interface SnapshotOutcome {
  /** The event was new to this consumer (its processed mark was written). */
  isNew: boolean;
  /** The copy now holds this snapshot (false: it held a newer one, or another owner's task). */
  isSaved: boolean;
  /** Unfired reminders of the task brought in line with it. */
  reminders: number;
}

/** The only code that touches the reminders table, on the handle its unit of work built it on. */
export class ReminderRepository {
  constructor(private readonly db: Db) {}

  async insert(reminder: NewReminder): Promise<Reminder> {
    return toReminder(await ReminderRow.query(this.db).insertAndFetch(reminder));
  }

  async countForTask(taskId: string): Promise<number> {
    const [row] = (await ReminderRow.query(this.db).where({ taskId }).count({ count: '*' })) as unknown as {
      count: unknown;
    }[];
    return toCount(row?.count);
  }

  async delete(ownerId: string, id: string): Promise<boolean> {
    return (await ReminderRow.query(this.db).delete().where({ id, ownerId })) > 0;
  }

  /** The owner's reminders of each of `taskIds`, soonest first, in one query. */
  async listForTasks(ownerId: string, taskIds: readonly string[]): Promise<Reminder[]> {
    const rows = await ReminderRow.query(this.db)
      .where({ ownerId })
      .whereIn('taskId', taskIds as string[])
      .orderBy(['taskId', 'remindAt', 'id']);
    return rows.map(toReminder);
  }

  /**
   * Applies a task event in one statement, which commits or fails whole: the consumer's processed
   * mark, the copy (as `TaskCopyRepository.save` writes it), and the task's unfired reminders following it (as
   * `followTask` does). One round trip, where the transaction took six; most task
   * events come this way (not a next occurrence, whose reminders are carried over in a transaction).
   */
  async followSnapshot(consumer: string, eventId: string, task: TaskCopy): Promise<SnapshotOutcome> {
    const result = await this.db.raw(
      `with mark as (
         insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing returning 1
       ), copy as (
         ${UPSERT_COPY} select ?, ?, ?, ?, ?, ?, ?, ?, ? where exists (select 1 from mark)
         ${ON_CONFLICT_KEEP_NEWEST}
         returning task_id, due_at, status, deleted_at
       ), followed as (
         update reminders set ${followTaskSql('copy')}
           from copy
          where reminders.task_id = copy.task_id and reminders.fired_at is null
         returning 1
       )
       select (select count(*) from mark)::int as "isNew", (select count(*) from copy)::int as "isSaved",
              (select count(*) from followed)::int as reminders`,
      [consumer, eventId, ...copyBindings(task)],
    );
    const row = (result.rows as { isNew: number; isSaved: number; reminders: number }[])[0]!;
    return { isNew: row.isNew > 0, isSaved: row.isSaved > 0, reminders: row.reminders };
  }

  /**
   * Brings the task's unfired reminders in line with the task as its copy now has it (see
   * `followTaskSql`). Returns how many it touched (0 for a task without any).
   */
  async followTask(taskId: string): Promise<number> {
    const result = await this.db.raw(
      `update reminders set ${followTaskSql('copy')}
         from task_copies copy
        where copy.task_id = ? and reminders.task_id = copy.task_id and reminders.fired_at is null`,
      [taskId],
    );
    return result.rowCount ?? 0;
  }

  /**
   * Copies the reminders of `from` (a completed occurrence) to `to` (its next occurrence), shifted
   * by the same offset: the difference of their due dates (or of their creation times when either
   * has none). `minutesBefore` ones are re-timed from the new dueAt. Once only: the copy's unique key
   * (task, reminder it came from) absorbs a second run.
   */
  async carryOver(from: TaskCopy, to: TaskCopy): Promise<number> {
    const offsetMs =
      from.dueAt && to.dueAt
        ? to.dueAt.getTime() - from.dueAt.getTime()
        : to.createdAt.getTime() - from.createdAt.getTime();
    const result = await this.db.raw(
      `insert into reminders (owner_id, task_id, remind_at, minutes_before, copied_from_id, correlation_id)
       select owner_id, ?,
              case when minutes_before is not null and ?::timestamptz is not null
                   then ?::timestamptz - minutes_before * interval '1 minute'
                   else remind_at + ? * interval '1 millisecond' end,
              minutes_before, id, correlation_id
         from reminders
        where task_id = ? and owner_id = ?
        order by remind_at, id
       on conflict (task_id, copied_from_id) do nothing`,
      [to.taskId, to.dueAt, to.dueAt, offsetMs, from.taskId, to.ownerId],
    );
    return Number(result.rowCount ?? 0);
  }

  /**
   * Claims up to `limit` armed reminders that are due and marks them fired, skipping rows another
   * scheduler has locked: several replicas never claim the same reminder, and a claim commits with
   * its notifications or not at all.
   */
  async claimDue(limit: number): Promise<FiredReminder[]> {
    const result = await this.db.raw(
      `with due as (
         select id from reminders
          where fired_at is null and cancelled_at is null and remind_at <= now()
          order by remind_at
          limit ?
          for update skip locked
       )
       update reminders r set fired_at = now()
         from due
        where r.id = due.id
       returning r.id, r.owner_id as "ownerId", r.task_id as "taskId", r.remind_at as "remindAt",
                 r.fired_at as "firedAt", r.correlation_id as "correlationId",
                 (select title from task_copies c where c.task_id = r.task_id) as title`,
      [limit],
    );
    return result.rows as FiredReminder[];
  }

  /** Milliseconds until the next armed reminder is due (0 if one is), or null when none is. */
  async msUntilNextDue(): Promise<number | null> {
    const result = await this.db.raw(
      `select ceil(extract(epoch from (min(remind_at) - now())) * 1000)::float8 as "waitMs"
         from reminders where fired_at is null and cancelled_at is null`,
    );
    const value = (result.rows as { waitMs: number | null }[])[0]?.waitMs;
    // Not greatest(0, …) in SQL: GREATEST skips NULLs, so "none pending" would read as "due now".
    return value === null || value === undefined ? null : Math.max(0, Number(value));
  }
}

/**
 * The SET clause that brings a task's unfired reminders in line with the task, read from `copy` (a
 * row of task_copies, or of a CTE returning its columns): `minutesBefore` ones follow dueAt; all are
 * cancelled while the task is completed or in the trash (and `minutesBefore` ones while it has no
 * dueAt); cancelled ones whose time is still ahead are armed again once the task is open. A function
 * of the task's state only, so applying it again, or after an older event, changes nothing.
 */
function followTaskSql(copy: string): string {
  const due = `${copy}.due_at`;
  const active = `(${copy}.status = 'OPEN' and ${copy}.deleted_at is null)`;
  const newRemindAt = `case when minutes_before is not null and ${due} is not null
                            then ${due} - minutes_before * interval '1 minute' else remind_at end`;
  return `remind_at = ${newRemindAt},
    cancelled_at = case
      when not ${active} or (minutes_before is not null and ${due} is null)
        then coalesce(cancelled_at, now())
      when cancelled_at is null then null
      when ${newRemindAt} > now() then null
      else cancelled_at
    end`;
}
