import type { NotificationSnapshot } from '@taskflow/events';
import { Model } from 'objection';

export const REMINDER_KIND = 'REMINDER';
export const MAX_SNOOZE_MINUTES = 525_600;

export interface Notification {
  id: string;
  ownerId: string;
  kind: string;
  message: string;
  taskId: string | null;
  /** The reminder whose firing made it (one notification per reminder). */
  reminderId: string | null;
  /** The snoozed notification whose re-firing made it. */
  snoozedFromId: string | null;
  correlationId: string | null;
  createdAt: Date;
  readAt: Date | null;
  snoozedUntil: Date | null;
}

export interface NotificationEdge {
  cursor: string;
  node: Notification;
}

/** One page of notifications; `totalCount` is computed only when asked for. */
export interface NotificationPage {
  edges: NotificationEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

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

/** What the `NotificationCreated` event carries. */
export const toNotificationSnapshot = (notification: Notification): NotificationSnapshot => ({
  id: notification.id,
  kind: notification.kind,
  message: notification.message,
  taskId: notification.taskId,
  createdAt: notification.createdAt.toISOString(),
  readAt: notification.readAt?.toISOString() ?? null,
});

/** The message of a reminder's notification: it names the task. */
export const reminderMessage = (title: string | null) =>
  title === null ? 'Reminder about a task' : `Reminder: ${title}`;
