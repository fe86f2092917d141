import { type Connection, type Db, keysetPage, newestFirst, toCount } from '@taskflow/common';
import { outboxInsert, type RawEnvelope } from '@taskflow/events';
import type { Notification } from './notification.js';
import { NotificationRow, toNotification } from './notification.model.js';

/** A snoozed notification whose time came, claimed for re-firing. */
export interface DueSnooze {
  id: string;
  ownerId: string;
  kind: string;
  message: string;
  taskId: string | null;
  snoozeCorrelationId: string | null;
}

/** Newest first: by creation, then id. */
const NEWEST_FIRST = newestFirst<NotificationRow>('notifications', 'created_at', (row) => row.createdAt);

/** The only code that touches the notifications table, on the handle its unit of work built it on. */
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts whole notifications (made by `newNotification`) and their events in one statement, as
   * every "row plus outbox event" write is.
   */
  async insertWithEvents(notifications: Notification[], events: readonly RawEnvelope[]): Promise<void> {
    if (notifications.length === 0) return;
    const insert = this.db('notifications')
      .insert(
        notifications.map((notification) => ({
          id: notification.id,
          ownerId: notification.ownerId,
          kind: notification.kind,
          message: notification.message,
          taskId: notification.taskId,
          reminderId: notification.reminderId,
          snoozedFromId: notification.snoozedFromId,
          correlationId: notification.correlationId,
          createdAt: notification.createdAt,
        })),
      )
      .returning(this.db.raw('1'))
      .toSQL();
    const append = outboxInsert(events, 'exists (select 1 from inserted)');
    await this.db.raw(`with inserted as (${insert.sql}), appended as (${append.sql} returning 1) select 1`, [
      ...insert.bindings,
      ...append.bindings,
    ]);
  }

  private owned(ownerId: string, unreadOnly: boolean) {
    const query = NotificationRow.query(this.db).where({ ownerId });
    if (unreadOnly) query.whereNull('readAt');
    return query;
  }

  /** One page, newest first (keyset on (created_at, id)); `totalCount` counts only when asked for. */
  async page(
    ownerId: string,
    unreadOnly: boolean,
    first: number,
    after: string | null | undefined,
  ): Promise<Connection<Notification>> {
    return keysetPage(
      this.owned(ownerId, unreadOnly),
      NEWEST_FIRST,
      { first, after },
      {
        nodeOf: toNotification,
        count: () => this.count(ownerId, unreadOnly),
      },
    );
  }

  async count(ownerId: string, unreadOnly: boolean): Promise<number> {
    const [row] = (await this.owned(ownerId, unreadOnly).count({ count: '*' })) as unknown as {
      count: unknown;
    }[];
    return toCount(row?.count);
  }

  async findOwned(ownerId: string, id: string): Promise<Notification | undefined> {
    const row = await NotificationRow.query(this.db).where({ id, ownerId }).first();
    return row ? toNotification(row) : undefined;
  }

  async markRead(ownerId: string, id: string): Promise<Notification | undefined> {
    const [row] = (await NotificationRow.query(this.db)
      .patch({ readAt: this.db.raw('coalesce(read_at, now())') as never })
      .where({ id, ownerId })
      .returning('*')) as unknown as NotificationRow[];
    return row ? toNotification(row) : undefined;
  }

  async markAllRead(ownerId: string): Promise<number> {
    return NotificationRow.query(this.db)
      .patch({ readAt: this.db.raw('now()') as never })
      .where({ ownerId })
      .whereNull('readAt');
  }

  /** Marks it read and due again in `minutes`. */
  async snooze(
    ownerId: string,
    id: string,
    minutes: number,
    correlationId: string,
  ): Promise<Notification | undefined> {
    const [row] = (await NotificationRow.query(this.db)
      .patch({
        readAt: this.db.raw('coalesce(read_at, now())') as never,
        snoozedUntil: this.db.raw("now() + ? * interval '1 minute'", [minutes]) as never,
        snoozeCorrelationId: correlationId,
      })
      .where({ id, ownerId })
      .returning('*')) as unknown as NotificationRow[];
    return row ? toNotification(row) : undefined;
  }

  /** Claims up to `limit` snoozes that are due (skipping rows another scheduler holds) and clears them. */
  async claimDueSnoozes(limit: number): Promise<DueSnooze[]> {
    const result = await this.db.raw(
      `with due as (
         select id from notifications
          where snoozed_until <= now()
          order by snoozed_until
          limit ?
          for update skip locked
       )
       update notifications n set snoozed_until = null
         from due
        where n.id = due.id
       returning n.id, n.owner_id as "ownerId", n.kind, n.message, n.task_id as "taskId",
                 n.snooze_correlation_id as "snoozeCorrelationId"`,
      [limit],
    );
    return result.rows as DueSnooze[];
  }

  /** Milliseconds until the next snoozed notification is due (0 if one is), or null when none is. */
  async msUntilNextSnooze(): Promise<number | null> {
    const result = await this.db.raw(
      `select ceil(extract(epoch from (min(snoozed_until) - now())) * 1000)::float8 as "waitMs"
         from notifications where snoozed_until is not null`,
    );
    const value = (result.rows as { waitMs: number | null }[])[0]?.waitMs;
    // Not greatest(0, …) in SQL: GREATEST skips NULLs, so "none pending" would read as "due now".
    return value === null || value === undefined ? null : Math.max(0, Number(value));
  }
}
