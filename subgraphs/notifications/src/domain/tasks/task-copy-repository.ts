import type { Db } from '@taskflow/common';
import type { TaskCopy } from './task-copy.js';
import { TaskCopyRow, toTaskCopy } from './task-copy.model.js';

export const UPSERT_COPY = `insert into task_copies
  (task_id, owner_id, title, due_at, status, deleted_at, created_at, previous_occurrence_id, version)`;

/** A snapshot replaces the copy unless the copy is newer, and never moves a task to another owner. */
export const ON_CONFLICT_KEEP_NEWEST = `on conflict (task_id) do update set
  title = excluded.title, due_at = excluded.due_at, status = excluded.status,
  deleted_at = excluded.deleted_at, previous_occurrence_id = excluded.previous_occurrence_id,
  version = excluded.version
  where task_copies.version <= excluded.version and task_copies.owner_id = excluded.owner_id`;

export const copyBindings = (task: TaskCopy) => [
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

/** The only code that touches task_copies (the reminders' statement that follows a snapshot reuses its SQL). */
export class TaskCopyRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes a snapshot unless the copy already reflects a newer one (events may arrive out of order,
   * and a lookup may race them), then returns the copy as it now is, locked until the transaction
   * ends so reminder changes for the task take turns.
   */
  async save(task: TaskCopy): Promise<TaskCopy> {
    await this.db.raw(
      `${UPSERT_COPY} select ?, ?, ?, ?, ?, ?, ?, ?, ? ${ON_CONFLICT_KEEP_NEWEST}`,
      copyBindings(task),
    );
    const row = await TaskCopyRow.query(this.db).findById(task.taskId).forUpdate();
    return toTaskCopy(row!);
  }

  async find(taskId: string): Promise<TaskCopy | undefined> {
    const row = await TaskCopyRow.query(this.db).findById(taskId);
    return row ? toTaskCopy(row) : undefined;
  }

  /** The owner's copies among `taskIds`, in one query. */
  async findOwned(ownerId: string, taskIds: readonly string[]): Promise<TaskCopy[]> {
    const rows = await TaskCopyRow.query(this.db)
      .where({ ownerId })
      .whereIn('taskId', taskIds as string[]);
    return rows.map(toTaskCopy);
  }
}
