import type { Migration } from '@taskflow/common';

/**
 * Tags consumes no events, so the consumers' idempotency table the third migration made was never
 * written: dropped (that migration stays, as shipped). `down` gives the empty table back.
 */
export const dropProcessedEvents: Migration = {
  name: '002-drop-processed-events',
  async up(knex) {
    await knex.raw('drop table if exists processed_events');
  },
  async down(knex) {
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
};
