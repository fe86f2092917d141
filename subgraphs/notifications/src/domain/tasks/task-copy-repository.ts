import type { Knex } from '@taskflow/common';
import { followTaskSql } from '../reminders/reminder-repository.js';
import { type TaskCopy, TaskCopyRow, toTaskCopy } from './task-copy.model.js';

export interface SnapshotOutcome {
  /** The event was new to this consumer (its processed mark was written). */
  isNew: boolean;
  /** The copy now holds this snapshot (false: it held a newer one, or another owner's task). */
  isSaved: boolean;
  /** Unfired reminders of the task brought in line with it. */
  reminders: number;
}

const UPSERT_COPY = `insert into task_copies
  (task_id, owner_id, title, due_at, status, deleted_at, created_at, previous_occurrence_id, version)`;

/** A snapshot replaces the copy unless the copy is newer, and never moves a task to another owner. */
const ON_CONFLICT_KEEP_NEWEST = `on conflict (task_id) do update set
  title = excluded.title, due_at = excluded.due_at, status = excluded.status,
  deleted_at = excluded.deleted_at, previous_occurrence_id = excluded.previous_occurrence_id,
  version = excluded.version
  where task_copies.version <= excluded.version and task_copies.owner_id = excluded.owner_id`;

const copyBindings = (task: TaskCopy) => [
  task.taskId,
  task.ownerId,
  task.title,
  task.dueAt,
  task.status,
  task.deletedAt,
  task.createdAt,
  task.previousOccurrenceId,
  task.version,
];

/** The only code that touches task_copies. */
export class TaskCopyRepository {
  constructor(readonly knex: Knex) {}

  /**
   * Writes a snapshot unless the copy already reflects a newer one (events may arrive out of order,
   * and a lookup may race them), then returns the copy as it now is, locked until the transaction
   * ends so reminder changes for the task take turns.
   */
  async save(trx: Knex.Transaction, task: TaskCopy): Promise<TaskCopy> {
    await trx.raw(
      `${UPSERT_COPY} select ?, ?, ?, ?, ?, ?, ?, ?, ? ${ON_CONFLICT_KEEP_NEWEST}`,
      copyBindings(task),
    );
    return (await this.findForUpdate(trx, task.taskId))!;
  }

  /**
   * Applies a task event in one statement, which commits or fails whole: the consumer's processed
   * mark, the copy (as `save` writes it), and the task's unfired reminders following it (as
   * `ReminderRepository.followTask` does). One round trip, where the transaction took six; most task
   * events come this way (not a next occurrence, whose reminders are carried over in a transaction).
   */
  async applySnapshot(consumer: string, eventId: string, task: TaskCopy): Promise<SnapshotOutcome> {
    const result = await this.knex.raw(
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

  async findForUpdate(trx: Knex.Transaction, taskId: string): Promise<TaskCopy | undefined> {
    const row = await TaskCopyRow.query(trx).findById(taskId).forUpdate();
    return row ? toTaskCopy(row) : undefined;
  }

  async find(db: Knex, taskId: string): Promise<TaskCopy | undefined> {
    const row = await TaskCopyRow.query(db).findById(taskId);
    return row ? toTaskCopy(row) : undefined;
  }

  /** The owner's copies among `taskIds`, in one query. */
  async findOwned(ownerId: string, taskIds: readonly string[]): Promise<TaskCopy[]> {
    const rows = await TaskCopyRow.query(this.knex)
      .where({ ownerId })
      .whereIn('taskId', taskIds as string[]);
    return rows.map(toTaskCopy);
  }
}
