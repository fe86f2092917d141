import { type Knex, toCount } from '@taskflow/common';
import { type Notification, NotificationRow, toNotification } from './notification.model.js';
import type { NotificationCursor } from './notification-cursor.js';

export type NewNotification = Pick<
  Notification,
  'ownerId' | 'kind' | 'message' | 'taskId' | 'reminderId' | 'snoozedFromId' | 'correlationId'
> & { createdAt?: Date };

/** A snoozed notification whose time came, claimed for re-firing. */
export interface DueSnooze {
  id: string;
  ownerId: string;
  kind: string;
  message: string;
  taskId: string | null;
  snoozeCorrelationId: string | null;
}

/** The only code that touches the notifications table. */
export class NotificationRepository {
  constructor(readonly knex: Knex) {}

  async insertMany(trx: Knex.Transaction, notifications: NewNotification[]): Promise<Notification[]> {
    if (notifications.length === 0) return [];
    const rows = (await NotificationRow.query(trx)
      .insert(notifications)
      .returning('*')) as unknown as NotificationRow[];
    return rows.map(toNotification);
  }

  private owned(ownerId: string, unreadOnly: boolean) {
    const query = NotificationRow.query(this.knex).where({ ownerId });
    if (unreadOnly) query.whereNull('readAt');
    return query;
  }

  /** One page, newest first (keyset on (created_at, id)), plus whether more follow. */
  async page(
    ownerId: string,
    unreadOnly: boolean,
    first: number,
    after: NotificationCursor | null,
  ): Promise<{ notifications: Notification[]; hasNextPage: boolean }> {
    const query = this.owned(ownerId, unreadOnly);
    if (after) query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [after.createdAt, after.id]);
    const rows = await query
      .orderBy([
        { column: 'createdAt', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(first + 1);
    return { notifications: rows.slice(0, first).map(toNotification), hasNextPage: rows.length > first };
  }

  async count(ownerId: string, unreadOnly: boolean): Promise<number> {
    const [row] = (await this.owned(ownerId, unreadOnly).count({ count: '*' })) as unknown as {
      count: unknown;
    }[];
    return toCount(row?.count);
  }

  async findOwned(ownerId: string, id: string): Promise<Notification | undefined> {
    const row = await NotificationRow.query(this.knex).where({ id, ownerId }).first();
    return row ? toNotification(row) : undefined;
  }

  async markRead(ownerId: string, id: string): Promise<Notification | undefined> {
    const [row] = (await NotificationRow.query(this.knex)
      .patch({ readAt: this.knex.raw('coalesce(read_at, now())') as never })
      .where({ id, ownerId })
      .returning('*')) as unknown as NotificationRow[];
    return row ? toNotification(row) : undefined;
  }

  async markAllRead(ownerId: string): Promise<number> {
    return NotificationRow.query(this.knex)
      .patch({ readAt: this.knex.raw('now()') as never })
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
    const [row] = (await NotificationRow.query(this.knex)
      .patch({
        readAt: this.knex.raw('coalesce(read_at, now())') as never,
        snoozedUntil: this.knex.raw("now() + ? * interval '1 minute'", [minutes]) as never,
        snoozeCorrelationId: correlationId,
      })
      .where({ id, ownerId })
      .returning('*')) as unknown as NotificationRow[];
    return row ? toNotification(row) : undefined;
  }

  /** Claims up to `limit` snoozes that are due (skipping rows another scheduler holds) and clears them. */
  async claimDueSnoozes(trx: Knex.Transaction, limit: number): Promise<DueSnooze[]> {
    const result = await trx.raw(
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
    const result = await this.knex.raw(
      `select ceil(extract(epoch from (min(snoozed_until) - now())) * 1000)::float8 as "waitMs"
         from notifications where snoozed_until is not null`,
    );
    const value = (result.rows as { waitMs: number | null }[])[0]?.waitMs;
    // Not greatest(0, …) in SQL: GREATEST skips NULLs, so "none pending" would read as "due now".
    return value === null || value === undefined ? null : Math.max(0, Number(value));
  }
}
