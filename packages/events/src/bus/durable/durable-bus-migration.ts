import type { Knex } from '@taskflow/common';
import { assertSchemaName } from '../../keys.js';

export const defaultDurableBusSchema = 'bus';

/**
 * The durable local bus's tables, modelled on Redis streams (see README, "The durable local bus"):
 *  - `streams`: one row per stream (source streams, change logs, the dead-letter stream) with the
 *    last id issued, the length, the count of entries ever added and the last id trimmed: what
 *    XADD and XINFO STREAM keep;
 *  - `entries`: the entries, `(stream, ms, seq)` in id order, fields as JSON;
 *  - `groups`: consumer groups with their last-delivered id;
 *  - `pending`: the groups' pending entries with owner, last delivery time and delivery count;
 *  - `published`: the publish dedupe markers, with their expiry.
 * One statement per call (PGlite's extended protocol runs one at a time), every one "if not exists",
 * in one transaction holding an advisory lock, so running it again, or from two processes at once,
 * changes nothing. Works on node-pg and PGlite alike.
 */
export async function migrateDurableBus(knex: Knex, options: { schema?: string } = {}): Promise<void> {
  const schema = options.schema ?? defaultDurableBusSchema;
  assertSchemaName(schema);
  const statements = [
    `create schema if not exists ${schema}`,
    `create table if not exists ${schema}.streams (
       name text primary key,
       last_ms bigint not null,
       last_seq bigint not null,
       length bigint not null,
       entries_added bigint not null,
       max_deleted_ms bigint,
       max_deleted_seq bigint,
       expires_at_ms bigint
     )`,
    `create index if not exists streams_expires_idx on ${schema}.streams (expires_at_ms)
       where expires_at_ms is not null`,
    `create table if not exists ${schema}.entries (
       stream text not null,
       ms bigint not null,
       seq bigint not null,
       fields jsonb not null,
       primary key (stream, ms, seq)
     )`,
    `create table if not exists ${schema}.groups (
       stream text not null,
       name text not null,
       last_ms bigint not null,
       last_seq bigint not null,
       primary key (stream, name)
     )`,
    `create table if not exists ${schema}.pending (
       stream text not null,
       group_name text not null,
       ms bigint not null,
       seq bigint not null,
       consumer text not null,
       delivered_at_ms bigint not null,
       deliveries integer not null,
       primary key (stream, group_name, ms, seq)
     )`,
    `create index if not exists pending_consumer_idx on ${schema}.pending (stream, group_name, consumer, ms, seq)`,
    `create table if not exists ${schema}.published (
       event_id text primary key,
       stream_entry_id text,
       change_id text,
       expires_at_ms bigint not null
     )`,
    `create index if not exists published_expires_idx on ${schema}.published (expires_at_ms)`,
  ];
  await knex.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`taskflow:migrate:${schema}`]);
    for (const statement of statements) await trx.raw(statement);
  });
}
