import { Model } from 'objection';
import type { TaskCopy } from './task-copy.js';

/** The table's rows (objection) and their mapping to the domain type: only its repository uses them. */
export class TaskCopyRow extends Model {
  static override tableName = 'task_copies';
  static override idColumn = 'task_id';
  declare taskId: string;
  declare ownerId: string;
  declare title: string;
  declare dueAt: Date | null;
  declare status: 'OPEN' | 'COMPLETED';
  declare deletedAt: Date | null;
  declare createdAt: Date;
  declare previousOccurrenceId: string | null;
  declare version: Date;
}

export const toTaskCopy = (row: TaskCopyRow): TaskCopy => ({
  taskId: row.taskId,
  ownerId: row.ownerId,
  title: row.title,
  dueAt: row.dueAt,
  status: row.status,
  deletedAt: row.deletedAt,
  createdAt: row.createdAt,
  previousOccurrenceId: row.previousOccurrenceId,
  version: row.version,
});
