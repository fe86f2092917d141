import { type Knex, UnitOfWork } from '@taskflow/common';
import { markProcessed } from '@taskflow/events';
import { NotificationRepository } from './notifications/notification-repository.js';
import { ReminderRepository } from './reminders/reminder-repository.js';
import { TaskCopyRepository } from './tasks/task-copy-repository.js';

/** The repositories of one unit of work, all on its transaction (or, outside one, on the pool). */
export interface NotificationsRepositories {
  reminders: ReminderRepository;
  notifications: NotificationRepository;
  copies: TaskCopyRepository;
  /** Records that `consumer` handled `eventId` in this unit's transaction; false if it already had. */
  markProcessed: (consumer: string, eventId: string) => Promise<boolean>;
}

/** Work that may touch any owner's rows (events, the scheduler); services check ownership themselves. */
export type NotificationsUnitOfWork = UnitOfWork<NotificationsRepositories, null>;

export const createNotificationsUnitOfWork = (knex: Knex): NotificationsUnitOfWork =>
  new UnitOfWork(knex, (db) => ({
    reminders: new ReminderRepository(db),
    notifications: new NotificationRepository(db),
    copies: new TaskCopyRepository(db),
    markProcessed: (consumer, eventId) => markProcessed(db as Knex.Transaction, consumer, eventId),
  }));
