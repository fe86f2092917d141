import type { Migration } from '@taskflow/common';
import { idempotencyMigration } from '@taskflow/events';

/**
 * Tags consumes no events, so the consumers' idempotency table the third migration made was never
 * written: dropped (that migration stays, as shipped). `down` gives the empty table back by running
 * that same migration.
 */
export const dropProcessedEvents: Migration = {
  name: '002-drop-processed-events',
  async up(knex) {
    await knex.raw('drop table if exists processed_events');
  },
  async down(knex) {
    await idempotencyMigration.up(knex);
  },
};
