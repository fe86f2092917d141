import {
  type Caller,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  pageSizeSchema,
  parseInput,
  requireUser,
} from '@taskflow/common';
import { z } from 'zod';
import type { NotificationsRepositories, NotificationsUnitOfWork } from '../repositories.js';
import { MAX_SNOOZE_MINUTES, type Notification, type NotificationPage } from './notification.js';

const snoozeMinutes = z
  .number()
  .int('minutes must be a whole number')
  .min(1, 'Snooze for at least 1 minute')
  .max(MAX_SNOOZE_MINUTES, `Snooze for at most ${MAX_SNOOZE_MINUTES} minutes (a year)`);

export interface ListNotificationsArgs {
  unreadOnly?: boolean | null;
  first?: number | null;
  after?: string | null;
}

/** The caller's notifications; another user's is NOT_FOUND, exactly like one that does not exist. */
export class NotificationService {
  constructor(
    private readonly deps: {
      work: NotificationsUnitOfWork;
      log: Logger;
      onScheduleChanged?: () => void;
    },
  ) {}

  async list(identity: Identity, args: ListNotificationsArgs): Promise<NotificationPage> {
    const ownerId = requireUser(identity);
    const first = parseInput(pageSizeSchema, args.first, 'first');
    const unreadOnly = args.unreadOnly ?? false;
    return this.notifications((repository) => repository.page(ownerId, unreadOnly, first, args.after));
  }

  /** Every call here is one statement: no transaction. */
  private notifications<T>(work: (repository: NotificationsRepositories['notifications']) => Promise<T>) {
    return this.deps.work.run(null, ({ notifications }) => work(notifications));
  }

  async get(identity: Identity, id: string): Promise<Notification> {
    const ownerId = requireUser(identity);
    const notification = isUuid(id)
      ? await this.notifications((repository) => repository.findOwned(ownerId, id))
      : undefined;
    if (!notification) throw notFound('Notification');
    return notification;
  }

  async markRead(identity: Identity, id: string): Promise<Notification> {
    const ownerId = requireUser(identity);
    const notification = isUuid(id)
      ? await this.notifications((repository) => repository.markRead(ownerId, id))
      : undefined;
    if (!notification) throw notFound('Notification');
    return notification;
  }

  markAllRead(identity: Identity): Promise<number> {
    const ownerId = requireUser(identity);
    return this.notifications((repository) => repository.markAllRead(ownerId));
  }

  /** Marks it read; the scheduler fires it again, as a new notification, `minutes` from now. */
  async snooze(caller: Caller, id: string, minutes: number): Promise<Notification> {
    const ownerId = requireUser(caller);
    const valid = parseInput(snoozeMinutes, minutes, 'minutes');
    const notification = isUuid(id)
      ? await this.notifications((repository) => repository.snooze(ownerId, id, valid, caller.correlationId))
      : undefined;
    if (!notification) throw notFound('Notification');
    this.deps.log.info({ notificationId: id, minutes: valid }, 'notification snoozed');
    this.deps.onScheduleChanged?.();
    return notification;
  }
}
