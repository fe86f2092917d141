import { Model } from 'objection';
import type { Recurrence } from '../recurrence/index.js';
import { PRIORITIES, type Task, type TaskStatus } from './task.js';

/** The tasks table's rows (objection), and their mapping to and from the domain's `Task`. */

export class TaskRow extends Model {
  static override tableName = 'tasks';
  declare id: string;
  declare ownerId: string;
  declare title: string;
  declare description: string | null;
  declare priority: number;
  declare status: TaskStatus;
  declare dueAt: Date | null;
  declare completedAt: Date | null;
  declare deletedAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
  declare recurrenceRule: string | null;
  declare recurrenceTimezone: string | null;
  declare recurrenceBasis: Recurrence['basis'] | null;
  declare seriesId: string | null;
  declare occurrenceNumber: number | null;
  declare previousOccurrenceId: string | null;
  declare tagIds: string[];
}

export const toTask = (row: TaskRow): Task => ({
  id: row.id,
  ownerId: row.ownerId,
  title: row.title,
  description: row.description,
  priority: PRIORITIES[row.priority]!,
  status: row.status,
  dueAt: row.dueAt,
  completedAt: row.completedAt,
  deletedAt: row.deletedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  recurrence:
    row.recurrenceRule && row.recurrenceTimezone
      ? {
          rule: row.recurrenceRule,
          timezone: row.recurrenceTimezone,
          basis: row.recurrenceBasis ?? 'DUE_DATE',
        }
      : null,
  seriesId: row.seriesId,
  occurrenceNumber: row.occurrenceNumber,
  previousOccurrenceId: row.previousOccurrenceId,
  tagIds: row.tagIds ?? [],
});

/** The row columns for a domain task's writable fields. */
export function toRowPatch(task: Partial<Task>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (task.title !== undefined) patch.title = task.title;
  if (task.description !== undefined) patch.description = task.description;
  if (task.priority !== undefined) patch.priority = PRIORITIES.indexOf(task.priority);
  if (task.status !== undefined) patch.status = task.status;
  if (task.dueAt !== undefined) patch.dueAt = task.dueAt;
  if (task.completedAt !== undefined) patch.completedAt = task.completedAt;
  if (task.deletedAt !== undefined) patch.deletedAt = task.deletedAt;
  if (task.recurrence !== undefined) {
    patch.recurrenceRule = task.recurrence?.rule ?? null;
    patch.recurrenceTimezone = task.recurrence?.timezone ?? null;
    patch.recurrenceBasis = task.recurrence?.basis ?? null;
  }
  if (task.seriesId !== undefined) patch.seriesId = task.seriesId;
  if (task.occurrenceNumber !== undefined) patch.occurrenceNumber = task.occurrenceNumber;
  if (task.previousOccurrenceId !== undefined) patch.previousOccurrenceId = task.previousOccurrenceId;
  if (task.tagIds !== undefined) patch.tagIds = task.tagIds;
  return patch;
}
