import type { Connection } from '@taskflow/common';
import type { NotificationSnapshot } from '@taskflow/events';

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

/** One page of notifications; `totalCount` is computed only when asked for. */
export type NotificationPage = Connection<Notification>;
export type NotificationEdge = NotificationPage['edges'][number];

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

/** What a new notification is made from; `newNotification` makes it whole. */
export type NewNotification = Pick<
  Notification,
  'ownerId' | 'kind' | 'message' | 'taskId' | 'reminderId' | 'snoozedFromId' | 'correlationId'
> & { createdAt?: Date };

/**
 * The whole notification `fresh` becomes, made here rather than by column defaults so that its
 * NotificationCreated event can be written in the same statement as its row.
 */
export const newNotification = (fresh: NewNotification, now: Date): Notification => ({
  id: crypto.randomUUID(),
  readAt: null,
  snoozedUntil: null,
  ...fresh,
  createdAt: fresh.createdAt ?? now,
});
