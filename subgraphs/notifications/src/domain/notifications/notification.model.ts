import { Model } from 'objection';
import type { Notification } from './notification.js';

/** The table's rows (objection) and their mapping to the domain type: only its repository uses them. */
export class NotificationRow extends Model {
  static override tableName = 'notifications';
  declare id: string;
  declare ownerId: string;
  declare kind: string;
  declare message: string;
  declare taskId: string | null;
  declare reminderId: string | null;
  declare snoozedFromId: string | null;
  declare correlationId: string | null;
  declare snoozeCorrelationId: string | null;
  declare createdAt: Date;
  declare readAt: Date | null;
  declare snoozedUntil: Date | null;
}

export const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  ownerId: row.ownerId,
  kind: row.kind,
  message: row.message,
  taskId: row.taskId,
  reminderId: row.reminderId,
  snoozedFromId: row.snoozedFromId,
  correlationId: row.correlationId,
  createdAt: row.createdAt,
  readAt: row.readAt,
  snoozedUntil: row.snoozedUntil,
});
