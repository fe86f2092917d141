import type { Knex } from '@taskflow/common';
import { type TaskCopy, TaskCopyRow, toTaskCopy } from './task-copy.model.js';

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
      `insert into task_copies (task_id, owner_id, title, due_at, status, deleted_at, created_at, previous_occurrence_id, version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (task_id) do update set
         title = excluded.title, due_at = excluded.due_at, status = excluded.status,
         deleted_at = excluded.deleted_at, previous_occurrence_id = excluded.previous_occurrence_id,
         version = excluded.version
       where task_copies.version <= excluded.version and task_copies.owner_id = excluded.owner_id`,
      [
        task.taskId,
        task.ownerId,
        task.title,
        task.dueAt,
        task.status,
        task.deletedAt,
        task.createdAt,
        task.previousOccurrenceId,
        task.version,
      ],
    );
    return (await this.findForUpdate(trx, task.taskId))!;
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
