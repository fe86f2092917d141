import { Model } from 'objection';
import type { Reminder } from './reminder.js';

/** The table's rows (objection) and their mapping to the domain type: only its repository uses them. */
export class ReminderRow extends Model {
  static override tableName = 'reminders';
  declare id: string;
  declare ownerId: string;
  declare taskId: string;
  declare remindAt: Date;
  declare minutesBefore: number | null;
  declare firedAt: Date | null;
  declare cancelledAt: Date | null;
  declare copiedFromId: string | null;
  declare correlationId: string | null;
  declare createdAt: Date;
}

export const toReminder = (row: ReminderRow): Reminder => ({
  id: row.id,
  ownerId: row.ownerId,
  taskId: row.taskId,
  remindAt: row.remindAt,
  minutesBefore: row.minutesBefore,
  firedAt: row.firedAt,
  cancelledAt: row.cancelledAt,
  copiedFromId: row.copiedFromId,
  correlationId: row.correlationId,
  createdAt: row.createdAt,
});
