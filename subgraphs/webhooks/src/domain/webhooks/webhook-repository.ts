import { type Db, type Knex, toCount, UnitOfWork } from '@taskflow/common';
import { outboxInsert, type RawEnvelope } from '@taskflow/events';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  Webhook,
  WebhookDelivery,
  WebhookEventType,
  WebhookSecrets,
} from './webhook.js';

const WEBHOOK_COLUMNS = ['id', 'ownerId', 'url', 'events', 'selection', 'active', 'createdAt', 'updatedAt'];
const DELIVERY_COLUMNS = [
  'id',
  'webhookId',
  'ownerId',
  'eventId',
  'eventType',
  'status',
  'attempts',
  'lastResponseStatus',
  'nextAttemptAt',
  'createdAt',
];

/** A delivery's position in its webhook's log: the event's stream id, in two numbers. */
export interface DeliveryPosition {
  eventMs: string;
  eventSeq: string;
}

/**
 * One owner's webhooks and their delivery log, on the handle its unit of work built it on. Every
 * query names the owner, so another user's webhook is simply not found.
 */
export class WebhookRepository {
  constructor(
    private readonly db: Db,
    private readonly ownerId: string,
  ) {}

  async list(): Promise<Webhook[]> {
    return this.db('webhooks')
      .select(WEBHOOK_COLUMNS)
      .where({ ownerId: this.ownerId })
      .orderBy(['createdAt', 'id']);
  }

  async find(id: string): Promise<Webhook | undefined> {
    return this.db('webhooks').select(WEBHOOK_COLUMNS).where({ id, ownerId: this.ownerId }).first();
  }

  async insert(webhook: Webhook, secret: string): Promise<void> {
    await this.db('webhooks').insert({ ...webhook, ownerId: this.ownerId, secret });
  }

  async update(
    id: string,
    patch: Partial<Pick<Webhook, 'url' | 'events' | 'selection' | 'active' | 'updatedAt'>>,
  ): Promise<Webhook | undefined> {
    // Switching a webhook back on starts its failure count afresh.
    const reset = patch.active === true ? { consecutiveFailures: 0 } : {};
    const [row] = await this.db('webhooks')
      .where({ id, ownerId: this.ownerId })
      .update({ ...patch, ...reset })
      .returning(WEBHOOK_COLUMNS);
    return row;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.db('webhooks').where({ id, ownerId: this.ownerId }).delete()) > 0;
  }

  /** Makes `secret` the current one; the current one keeps signing until `previousUntil`. */
  async rotateSecret(id: string, secret: string, previousUntil: Date): Promise<Webhook | undefined> {
    const [row] = await this.db('webhooks')
      .where({ id, ownerId: this.ownerId })
      .update({
        previousSecret: this.db.raw('secret'),
        previousSecretExpiresAt: previousUntil,
        secret,
        updatedAt: new Date(),
      })
      .returning(WEBHOOK_COLUMNS);
    return row;
  }

  /** One page of a webhook's deliveries, newest event first, strictly after `after`. */
  async deliveries(webhookId: string, limit: number, after: DeliveryPosition | null) {
    const query = this.db('webhookDeliveries')
      .select([...DELIVERY_COLUMNS, 'eventMs', 'eventSeq'])
      .where({ webhookId, ownerId: this.ownerId })
      .orderBy([
        { column: 'eventMs', order: 'desc' },
        { column: 'eventSeq', order: 'desc' },
      ])
      .limit(limit);
    if (after)
      query.whereRaw('(event_ms, event_seq) < (?::bigint, ?::bigint)', [after.eventMs, after.eventSeq]);
    return (await query) as (WebhookDelivery & DeliveryPosition)[];
  }

  async countDeliveries(webhookId: string): Promise<number> {
    const row = await this.db('webhookDeliveries')
      .where({ webhookId, ownerId: this.ownerId })
      .count({ n: '*' })
      .first();
    return toCount(row?.n);
  }

  /** Every attempt of the owner's deliveries among `deliveryIds`, oldest first. */
  async attempts(deliveryIds: readonly string[]): Promise<DeliveryAttempt[]> {
    return this.db('webhookAttempts as a')
      .join('webhookDeliveries as d', 'd.id', 'a.deliveryId')
      .where('d.ownerId', this.ownerId)
      .whereIn('a.deliveryId', deliveryIds as string[])
      .select('a.deliveryId', 'a.at', 'a.responseStatus', 'a.error', 'a.responseBody', 'a.durationMs')
      .orderBy('a.id');
  }

  /**
   * Puts a delivery back in its queue, due now, with one more attempt allowed when it had used them
   * all. Its webhook-id (the delivery id) stays the same.
   */
  async redeliver(deliveryId: string): Promise<WebhookDelivery | undefined> {
    const [row] = await this.db('webhookDeliveries')
      .where({ id: deliveryId, ownerId: this.ownerId })
      .update({
        status: 'PENDING',
        nextAttemptAt: this.db.fn.now(),
        maxAttempts: this.db.raw('greatest(max_attempts, attempts + 1)'),
      })
      .returning(DELIVERY_COLUMNS);
    return row;
  }
}

/** What the sender needs of one claimed delivery. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  ownerId: string;
  eventUuid: string;
  eventId: string;
  eventType: WebhookEventType;
  taskId: string;
  occurredAt: Date;
  changes: Record<string, unknown>;
  body: string | null;
  attempts: number;
  maxAttempts: number;
  url: string;
  selection: string;
  secrets: WebhookSecrets;
}

export interface AttemptOutcome {
  at: Date;
  responseStatus: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
  isSuccess: boolean;
}

/** A new event for an owner's webhooks, as the intake writes it. */
export interface IntakeEvent {
  eventUuid: string;
  eventId: string;
  eventMs: string;
  eventSeq: string;
  eventType: WebhookEventType;
  ownerId: string;
  taskId: string;
  occurredAt: string;
  changes: Record<string, unknown>;
}

/**
 * The delivery queue as the background workers see it: not scoped to one owner. Only the intake
 * (events in) and the sender (attempts out) use it.
 */
export class DeliveryQueueRepository {
  constructor(private readonly db: Db) {}

  /**
   * One delivery per active webhook of the owner that follows the event's type, in one statement;
   * the unique (webhook, event) key makes a redelivered event change nothing. Returns how many were new.
   */
  async enqueue(event: IntakeEvent, maxAttempts: number): Promise<number> {
    const result = await this.db.raw(
      `with inserted as (
         insert into webhook_deliveries (webhook_id, owner_id, event_uuid, event_id, event_ms, event_seq,
           event_type, task_id, occurred_at, changes, max_attempts, next_attempt_at)
         select w.id, w.owner_id, ?::uuid, ?, ?::bigint, ?::bigint, ?, ?::uuid, ?::timestamptz, ?::jsonb, ?, now()
         from webhooks w
         where w.owner_id = ?::uuid and w.active and ? = any(w.events)
         on conflict (webhook_id, event_uuid) do nothing
         returning 1)
       select count(*)::int as n from inserted`,
      [
        event.eventUuid,
        event.eventId,
        event.eventMs,
        event.eventSeq,
        event.eventType,
        event.taskId,
        event.occurredAt,
        JSON.stringify(event.changes),
        maxAttempts,
        event.ownerId,
        event.eventType,
      ],
    );
    return (result.rows as { n: number }[])[0]!.n;
  }

  /**
   * Claims up to `limit` deliveries that are due, each the head of its active webhook's queue (the
   * oldest pending event), so a webhook has one delivery in flight and they go in event order. The
   * lease (`locked_until`) keeps other replicas off it; a process that dies mid-attempt leaves a
   * lease that runs out, and the delivery is tried again.
   */
  async claimDue(
    limit: number,
    leaseMs: number,
    excludeWebhookIds: readonly string[],
  ): Promise<ClaimedDelivery[]> {
    const result = await this.db.raw(
      `with heads as (
         select distinct on (d.webhook_id) d.id
         from webhook_deliveries d
         join webhooks w on w.id = d.webhook_id and w.active
         where d.status = 'PENDING' and not (d.webhook_id = any(?::uuid[]))
         order by d.webhook_id, d.event_ms, d.event_seq
       ),
       claimable as (
         select x.id from webhook_deliveries x join heads h on h.id = x.id
         where x.status = 'PENDING' and x.next_attempt_at <= now()
           and (x.locked_until is null or x.locked_until < now())
         order by x.next_attempt_at
         limit ?
         for update of x skip locked
       ),
       claimed as (
         update webhook_deliveries d set locked_until = now() + (? * interval '1 millisecond')
         from claimable c where d.id = c.id
         returning d.*
       )
       select c.id, c.webhook_id as "webhookId", c.owner_id as "ownerId", c.event_uuid as "eventUuid",
         c.event_id as "eventId", c.event_type as "eventType", c.task_id as "taskId",
         c.occurred_at as "occurredAt", c.changes, c.body, c.attempts, c.max_attempts as "maxAttempts",
         w.url, w.selection, w.secret, w.previous_secret as "previousSecret",
         w.previous_secret_expires_at as "previousSecretExpiresAt"
       from claimed c join webhooks w on w.id = c.webhook_id`,
      [excludeWebhookIds as string[], limit, leaseMs],
    );
    return (result.rows as (ClaimedDelivery & WebhookSecrets)[]).map(
      ({ secret, previousSecret, previousSecretExpiresAt, ...delivery }) => ({
        ...delivery,
        secrets: { secret, previousSecret, previousSecretExpiresAt },
      }),
    );
  }

  /** Keeps the body of a delivery's first attempt, so every retry sends the same document. */
  async saveBody(deliveryId: string, body: string): Promise<void> {
    await this.db('webhookDeliveries').where({ id: deliveryId }).whereNull('body').update({ body });
  }

  /** The earliest time a pending delivery of an active webhook comes due (to sleep until then). */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db('webhookDeliveries as d')
      .join('webhooks as w', 'w.id', 'd.webhookId')
      .where({ 'd.status': 'PENDING', 'w.active': true })
      .min({ at: this.db.raw('greatest(d.next_attempt_at, coalesce(d.locked_until, d.next_attempt_at))') })
      .first();
    return (row?.at as Date | null) ?? null;
  }
}

/** What recording an attempt changed, for logging and for the owner's notification. */
export interface RecordedAttempt {
  status: DeliveryStatus;
  isWebhookDisabled: boolean;
}

/** Records one attempt; the sender runs it in one transaction with the webhook's failure count. */
export class AttemptRecorder {
  constructor(private readonly trx: Db) {}

  async record(
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
    next: { status: DeliveryStatus; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    await this.trx('webhookAttempts').insert({
      deliveryId: delivery.id,
      at: outcome.at,
      responseStatus: outcome.responseStatus,
      error: outcome.error,
      responseBody: outcome.responseBody,
      durationMs: outcome.durationMs,
    });
    const updated = await this.trx('webhookDeliveries')
      .where({ id: delivery.id })
      .update({
        status: next.status,
        attempts: this.trx.raw('attempts + 1'),
        lastResponseStatus: outcome.responseStatus,
        nextAttemptAt: next.nextAttemptAt,
        lockedUntil: null,
      });
    return updated > 0;
  }

  /** A delivery finished: success resets the webhook's failure count, failure adds one. Returns the count. */
  async countFinished(webhookId: string, isSuccess: boolean): Promise<number> {
    const [row] = await this.trx('webhooks')
      .where({ id: webhookId })
      .update({ consecutiveFailures: isSuccess ? 0 : this.trx.raw('consecutive_failures + 1') })
      .returning(['consecutiveFailures']);
    return (row?.consecutiveFailures as number | undefined) ?? 0;
  }

  /** Deactivates the webhook and writes the event that tells its owner, in the same statement. */
  async disable(webhookId: string, event: RawEnvelope): Promise<boolean> {
    const change = this.trx('webhooks')
      .where({ id: webhookId, active: true })
      .update({ active: false, updatedAt: new Date() });
    const statement = change.returning(this.trx.raw('1')).toSQL();
    const append = outboxInsert([event], 'exists (select 1 from changed)');
    const result = await this.trx.raw(
      `with changed as (${statement.sql}), appended as (${append.sql} returning 1)
       select count(*)::int as changed from changed`,
      [...statement.bindings, ...append.bindings],
    );
    return (result.rows as { changed: number }[])[0]!.changed > 0;
  }
}

/** The owner's repository for requests; the queue for the workers. */
export const createWebhookUnitOfWork = (knex: Knex) =>
  new UnitOfWork(knex, (db, ownerId: string) => new WebhookRepository(db, ownerId));
export type WebhookUnitOfWork = ReturnType<typeof createWebhookUnitOfWork>;

export const createDeliveryUnitOfWork = (knex: Knex) =>
  new UnitOfWork(knex, (db, _scope: null) => ({
    queue: new DeliveryQueueRepository(db),
    attempts: new AttemptRecorder(db),
  }));
export type DeliveryUnitOfWork = ReturnType<typeof createDeliveryUnitOfWork>;
