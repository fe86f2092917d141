import type { Knex, Migration } from '@taskflow/common';

/**
 * Consumers' memory of what they already handled, in the consumer's own schema. Delivery is at least
 * once (a crash between commit and XACK redelivers), so a handler records the event id in the same
 * transaction as its effects: a second delivery finds the row and changes nothing.
 */
export const idempotencyMigration: Migration = {
  name: 'events_002_processed_events',
  async up(knex) {
    await knex.raw(
      `create table processed_events (
         consumer text not null,
         event_id uuid not null,
         processed_at timestamptz not null default now(),
         primary key (consumer, event_id)
       )`,
    );
    await knex.raw('create index processed_events_processed_at_idx on processed_events (processed_at)');
  },
  async down(knex) {
    await knex.raw('drop table if exists processed_events');
  },
};

/**
 * Records that `consumer` handled `eventId`, inside the handler's transaction. True the first time;
 * false when it was already recorded: skip the work (the earlier delivery's effects are committed).
 * A concurrent second delivery waits on the row lock and then sees false, so two consumers can never
 * both apply an event.
 */
export async function markProcessed(
  trx: Knex.Transaction,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  if (!trx.isTransaction) {
    throw new TypeError('markProcessed needs the handler transaction, so the mark commits with the effects');
  }
  const result = await trx.raw(
    'insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing',
    [consumer, eventId],
  );
  return Number(result.rowCount ?? 0) === 1;
}

/**
 * Forgets marks older than `olderThanMs`. Safe once no delivery of such an event can still come: keep
 * it well above the stream's retention (days, not minutes).
 */
export async function pruneProcessedEvents(knex: Knex, olderThanMs: number): Promise<number> {
  const result = await knex.raw(
    "delete from processed_events where processed_at < now() - (? * interval '1 millisecond')",
    [olderThanMs],
  );
  return Number(result.rowCount ?? 0);
}
