import type { Knex, Migration } from '@taskflow/common';
import { assertSchemaName } from '../keys.js';

/** The schema the migration runs in: the first schema of the subgraph's search_path. */
export async function currentSchema(knex: Knex): Promise<string> {
  const result = await knex.raw('select current_schema() as name');
  const name = (result.rows as { name: string | null }[])[0]?.name;
  if (!name) throw new Error('no current schema: create the schema before running the events migrations');
  return name;
}

/**
 * The transactional outbox, in the calling subgraph's schema (add it to the subgraph's migration list;
 * `migrateLatest` runs it with the schema's search_path). Every event a mutation causes is a row here,
 * written in the mutation's own transaction; the relay moves unsent rows to Redis.
 */
export const outboxMigration: Migration = {
  name: 'events_001_outbox',
  async up(knex) {
    const schema = await currentSchema(knex);
    assertSchemaName(schema);
    await knex.raw(
      `create table ??.outbox (
         id bigserial primary key,
         event_id uuid not null unique,
         type text not null,
         version integer not null,
         aggregate_type text not null,
         aggregate_id text not null,
         owner_id text not null,
         payload jsonb not null,
         correlation_id text,
         occurred_at timestamptz not null,
         sent_at timestamptz,
         attempts integer not null default 0
       )`,
      [schema],
    );
    // The relay's only read: unsent rows in id order. Partial, so it stays as small as the backlog.
    await knex.raw('create index outbox_unsent_idx on ??.outbox (id) where sent_at is null', [schema]);
    // Retention pruning deletes by sent_at.
    await knex.raw('create index outbox_sent_at_idx on ??.outbox (sent_at) where sent_at is not null', [
      schema,
    ]);
    // Statement-level: one NOTIFY per insert statement, however many rows. Postgres delivers it only on
    // commit (never for a rolled-back transaction) and folds identical notifications of one transaction.
    await knex.raw(
      `create function ??.outbox_notify() returns trigger language plpgsql as $$
       begin
         perform pg_notify('outbox_' || tg_table_schema, '');
         return null;
       end
       $$`,
      [schema],
    );
    await knex.raw(
      'create trigger outbox_notify after insert on ??.outbox for each statement execute function ??.outbox_notify()',
      [schema, schema],
    );
  },
  async down(knex) {
    const schema = await currentSchema(knex);
    await knex.raw('drop table if exists ??.outbox', [schema]);
    await knex.raw('drop function if exists ??.outbox_notify()', [schema]);
  },
};
