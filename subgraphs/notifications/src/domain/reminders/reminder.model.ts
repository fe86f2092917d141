import { Model } from 'objection';

export const MAX_REMINDERS_PER_TASK = 20;
export const MAX_MINUTES_BEFORE = 525_600;

export interface Reminder {
  id: string;
  ownerId: string;
  taskId: string;
  remindAt: Date;
  minutesBefore: number | null;
  firedAt: Date | null;
  cancelledAt: Date | null;
  /** The reminder of the previous occurrence this one was carried over from. */
  copiedFromId: string | null;
  /** Of the request that added it; its notification's event carries it. */
  correlationId: string | null;
  createdAt: Date;
}

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
