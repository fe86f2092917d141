import { randomUUID } from 'node:crypto';
import { type Knex, PgErrorCode, pgErrorCode, toCount } from '@taskflow/common';
import { hashEntry } from './audit-chain.js';
import type { AuditCursor } from './audit-cursor.js';
import {
  type AuditAction,
  type AuditEntry,
  AuditEntryRow,
  type AuditRecord,
  type EntityType,
  toAuditEntry,
} from './audit-entry.model.js';

export interface AuditQuery {
  entityId?: string | null;
  entityType?: EntityType | null;
  action?: AuditAction | null;
  since?: Date | null;
  until?: Date | null;
}

/** The event already has its entry (its processed mark was pruned, or it never had one). */
export class AlreadyRecordedError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already in the audit log`);
    this.name = 'AlreadyRecordedError';
  }
}

const isEventIdViolation = (error: unknown) =>
  pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION &&
  ((error as { constraint?: string }).constraint ??
    (error as { nativeError?: { constraint?: string } }).nativeError?.constraint) ===
    'audit_entries_event_id_unique';

/** The only code that touches the audit_entries table (which refuses UPDATE, DELETE and TRUNCATE). */
export class AuditRepository {
  constructor(readonly knex: Knex) {}

  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(work);
  }

  /**
   * Appends a record at the end of its owner's chain. A transaction-level advisory lock per owner
   * makes concurrent appends for one owner take turns (held until commit), so each reads the head the
   * previous one wrote: one chain, no forks, whatever number of consumers run.
   */
  async append(trx: Knex.Transaction, record: AuditRecord): Promise<AuditEntry> {
    await trx.raw("select pg_advisory_xact_lock(hashtextextended('taskflow:audit:chain:' || ?, 0))", [
      record.ownerId,
    ]);
    const head = await AuditEntryRow.query(trx)
      .select('sequence', 'hash')
      .where({ ownerId: record.ownerId })
      .orderBy('sequence', 'desc')
      .first();
    const chained = {
      ...record,
      id: randomUUID(),
      sequence: (head?.sequence ?? 0) + 1,
      prevHash: head?.hash ?? null,
    };
    try {
      // One round trip: insertAndFetch would select the row again.
      const row = await AuditEntryRow.query(trx)
        .insert({
          ...chained,
          // jsonb: a JSON text, so strings and arrays are stored as JSON values, not as Postgres arrays.
          changes: JSON.stringify(chained.changes ?? null) as never,
          hash: hashEntry(chained),
        })
        .returning('*');
      return toAuditEntry(row as unknown as AuditEntryRow);
    } catch (error) {
      if (isEventIdViolation(error)) throw new AlreadyRecordedError(record.eventId);
      throw error;
    }
  }

  private filtered(ownerId: string, query: AuditQuery) {
    const builder = AuditEntryRow.query(this.knex).where({ ownerId });
    if (query.entityId) builder.where({ entityId: query.entityId });
    if (query.entityType) builder.where({ entityType: query.entityType });
    if (query.action) builder.where({ action: query.action });
    if (query.since) builder.where('at', '>=', query.since);
    if (query.until) builder.where('at', '<', query.until);
    return builder;
  }

  /** One page, newest first (keyset on (at, id)), plus whether more follow. */
  async page(
    ownerId: string,
    query: AuditQuery,
    first: number,
    after: AuditCursor | null,
  ): Promise<{ entries: AuditEntry[]; hasNextPage: boolean }> {
    const builder = this.filtered(ownerId, query);
    if (after) builder.whereRaw('(at, id) < (?::timestamptz, ?::uuid)', [after.at, after.id]);
    const rows = await builder
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(first + 1);
    return { entries: rows.slice(0, first).map(toAuditEntry), hasNextPage: rows.length > first };
  }

  async count(ownerId: string, query: AuditQuery): Promise<number> {
    const [row] = (await this.filtered(ownerId, query).count({ count: '*' })) as unknown as {
      count: unknown;
    }[];
    return toCount(row?.count);
  }

  /** The owner's entries in chain order, `batchSize` at a time (for verification). */
  async *chain(ownerId: string, batchSize = 1_000): AsyncGenerator<AuditEntry[]> {
    let afterSequence = 0;
    for (;;) {
      const rows = await AuditEntryRow.query(this.knex)
        .where({ ownerId })
        .where('sequence', '>', afterSequence)
        .orderBy('sequence')
        .limit(batchSize);
      if (rows.length === 0) return;
      yield rows.map(toAuditEntry);
      afterSequence = rows.at(-1)!.sequence;
      if (rows.length < batchSize) return;
    }
  }
}
