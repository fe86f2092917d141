import type { Knex } from '@taskflow/common';
import type { RawEnvelope } from '../envelope.js';
import { assertSchemaName } from '../keys.js';

export interface OutboxRow {
  /** bigint, as a string (node-pg returns int8 as strings). */
  id: string;
  eventId: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  ownerId: string;
  payload: Record<string, unknown>;
  correlationId: string | null;
  occurredAt: Date;
  attempts: number;
}

export const toEnvelope = (row: OutboxRow): RawEnvelope => ({
  id: row.eventId,
  type: row.type,
  version: row.version,
  aggregateType: row.aggregateType,
  aggregateId: row.aggregateId,
  ownerId: row.ownerId,
  payload: row.payload,
  correlationId: row.correlationId,
  occurredAt: row.occurredAt.toISOString(),
});

/**
 * The relay's SQL. Raw queries with explicit camelCase aliases and the schema named, so they work
 * whatever search_path or identifier mappers the knex instance was built with.
 */
export class OutboxRepository {
  constructor(
    private readonly knex: Knex,
    private readonly schema: string,
  ) {
    assertSchemaName(schema);
  }

  async readUnsent(limit: number): Promise<OutboxRow[]> {
    const result = await this.knex.raw(
      `select id, event_id as "eventId", type, version, aggregate_type as "aggregateType",
              aggregate_id as "aggregateId", owner_id as "ownerId", payload,
              correlation_id as "correlationId", occurred_at as "occurredAt", attempts
         from ??.outbox where sent_at is null order by id limit ?`,
      [this.schema, limit],
    );
    return result.rows as OutboxRow[];
  }

  async markSent(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    // An array literal: knex would expand a JS array binding into a list of parameters.
    await this.knex.raw(
      'update ??.outbox set sent_at = now(), attempts = attempts + 1 where id = any(?::bigint[])',
      [this.schema, `{${ids.join(',')}}`],
    );
  }

  async recordFailedAttempt(id: string): Promise<void> {
    await this.knex.raw('update ??.outbox set attempts = attempts + 1 where id = ?', [this.schema, id]);
  }

  /** Deletes rows sent more than `retentionMs` ago, a chunk at a time so no statement holds locks long. */
  async pruneSent(retentionMs: number, chunk = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await this.knex.raw(
        `delete from ??.outbox where id in (
           select id from ??.outbox
            where sent_at is not null and sent_at < now() - (? * interval '1 millisecond')
            limit ?)`,
        [this.schema, this.schema, retentionMs, chunk],
      );
      const deleted = Number(result.rowCount ?? 0);
      total += deleted;
      if (deleted < chunk) return total;
    }
  }

  async countUnsent(): Promise<number> {
    const result = await this.knex.raw('select count(*) as count from ??.outbox where sent_at is null', [
      this.schema,
    ]);
    return Number((result.rows as { count: string }[])[0]?.count ?? 0);
  }

  /** Sent rows (still retained) after outbox id `afterId`, in id order: what a replay publishes again. */
  async readSentAfter(afterId: string, limit: number): Promise<OutboxRow[]> {
    const result = await this.knex.raw(
      `select id, event_id as "eventId", type, version, aggregate_type as "aggregateType",
              aggregate_id as "aggregateId", owner_id as "ownerId", payload,
              correlation_id as "correlationId", occurred_at as "occurredAt", attempts
         from ??.outbox where id > ?::bigint and sent_at is not null order by id limit ?`,
      [this.schema, afterId, limit],
    );
    return result.rows as OutboxRow[];
  }
}
