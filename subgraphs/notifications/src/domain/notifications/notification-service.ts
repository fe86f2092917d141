import { type Identity, type Logger, notFound, pageSizeSchema, parseInput } from '@taskflow/common';
import { z } from 'zod';
import { type Caller, isUuid, ownerOf } from '../caller.js';
import { MAX_SNOOZE_MINUTES, type Notification, type NotificationPage } from './notification.model.js';
import { decodeCursor, encodeCursor } from './notification-cursor.js';
import type { NotificationRepository } from './notification-repository.js';

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
      notifications: NotificationRepository;
      log: Logger;
      onScheduleChanged?: () => void;
    },
  ) {}

  async list(identity: Identity, args: ListNotificationsArgs): Promise<NotificationPage> {
    const ownerId = ownerOf(identity);
    const first = parseInput(pageSizeSchema, args.first, 'first');
    const after = args.after ? decodeCursor(args.after) : null;
    const unreadOnly = args.unreadOnly ?? false;
    const { notifications, hasNextPage } = await this.deps.notifications.page(
      ownerId,
      unreadOnly,
      first,
      after,
    );
    const edges = notifications.map((node) => ({ cursor: encodeCursor(node), node }));
    let total: Promise<number> | undefined;
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: () => {
        total ??= this.deps.notifications.count(ownerId, unreadOnly);
        return total;
      },
    };
  }

  async get(identity: Identity, id: string): Promise<Notification> {
    const ownerId = ownerOf(identity);
    const notification = isUuid(id) ? await this.deps.notifications.findOwned(ownerId, id) : undefined;
    if (!notification) throw notFound('Notification');
    return notification;
  }

  async markRead(identity: Identity, id: string): Promise<Notification> {
    const ownerId = ownerOf(identity);
    const notification = isUuid(id) ? await this.deps.notifications.markRead(ownerId, id) : undefined;
    if (!notification) throw notFound('Notification');
    return notification;
  }

  markAllRead(identity: Identity): Promise<number> {
    return this.deps.notifications.markAllRead(ownerOf(identity));
  }

  /** Marks it read; the scheduler fires it again, as a new notification, `minutes` from now. */
  async snooze(caller: Caller, id: string, minutes: number): Promise<Notification> {
    const ownerId = ownerOf(caller.identity);
    const valid = parseInput(snoozeMinutes, minutes, 'minutes');
    const notification = isUuid(id)
      ? await this.deps.notifications.snooze(ownerId, id, valid, caller.correlationId)
      : undefined;
    if (!notification) throw notFound('Notification');
    this.deps.log.info({ notificationId: id, minutes: valid }, 'notification snoozed');
    this.deps.onScheduleChanged?.();
    return notification;
  }
}
