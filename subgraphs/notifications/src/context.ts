import type { BaseContext, Caller } from '@taskflow/common';
import type DataLoader from 'dataloader';
import type { NotificationService } from './domain/notifications/notification-service.js';
import type { Reminder } from './domain/reminders/reminder.js';
import type { ReminderService } from './domain/reminders/reminder-service.js';
import type { TaskCopy } from './domain/tasks/task-copy.js';

export interface Context extends BaseContext {
  reminders: ReminderService;
  notifications: NotificationService;
  caller: Caller;
  /** Per request: the caller's reminders by task id, one query for every task of a response. */
  remindersByTask: DataLoader<string, Reminder[]>;
  /** Per request: the local copies of the caller's tasks, for `Notification.task`. */
  taskCopyById: DataLoader<string, TaskCopy | null>;
}
