import { randomUUID } from 'node:crypto';
import {
  BoundedMap,
  type Connection,
  type Db,
  type Knex,
  keysetPage,
  newestFirst,
  PgErrorCode,
  pgConstraint,
  pgErrorCode,
  toCount,
  UnitOfWork,
} from '@taskflow/common';
import { hashEntry } from './audit-chain.js';
import type { AuditAction, AuditEntry, AuditRecord, EntityType } from './audit-entry.js';
import { AuditEntryRow, toAuditEntry } from './audit-entry.model.js';

export interface AuditQuery {
  entityId?: string | null;
  entityType?: EntityType | null;
  action?: AuditAction | null;
  since?: Date | null;
  until?: Date | null;
}

const isSequenceTaken = (error: unknown) =>
  pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION &&
  pgConstraint(error) === 'audit_entries_owner_sequence_unique';

/** Attempts at one append before giving up (each lost race means another writer appended first). */
const MAX_APPEND_ATTEMPTS = 20;
/** Owners whose chain head is remembered; the least recently appended go first. */
const HEAD_CACHE_LIMIT = 10_000;

/** Newest first: by the event's time, then id. */
const NEWEST_FIRST = newestFirst<AuditEntryRow>('audit', 'at', (row) => row.at);

interface ChainHead {
  sequence: number;
  hash: string | null;
}

/**
 * What one process knows of each owner's chain: the last entry it saw, and the turn its appends
 * take, so one owner's appends in a process never race each other (other processes are caught by
 * the unique key). Lives as long as the process; repositories come and go with their unit of work.
 */
export class ChainHeads {
  private readonly heads = new BoundedMap<string, ChainHead>(HEAD_CACHE_LIMIT);
  private readonly turns = new Map<string, Promise<unknown>>();

  get(ownerId: string): ChainHead | undefined {
    return this.heads.get(ownerId);
  }

  set(ownerId: string, head: ChainHead): void {
    this.heads.set(ownerId, head);
  }

  forget(ownerId: string): void {
    this.heads.delete(ownerId);
  }

  /** Runs `work` after every earlier turn of this owner (failed or not) has finished. */
  inTurn<T>(ownerId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(ownerId) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(work);
    this.turns.set(ownerId, turn);
    void turn
      .finally(() => {
        if (this.turns.get(ownerId) === turn) this.turns.delete(ownerId);
      })
      .catch(() => undefined);
    return turn;
  }
}

/**
 * The only code that touches the audit_entries table (which refuses UPDATE, DELETE and TRUNCATE), on
 * the handle its unit of work built it on.
 */
export class AuditRepository {
  constructor(
    private readonly db: Db,
    private readonly chains: ChainHeads,
  ) {}

  /**
   * Appends a record at the end of its owner's chain, once per event: in one statement, the
   * consumer's processed mark and the entry (`null` when the event was recorded before, by its mark
   * or by the entry's unique event id).
   *
   * One chain, no forks, however many consumers run: an entry takes the sequence after the head this
   * process last saw, and `unique (owner_id, sequence)` refuses it if another writer took that place
   * first; then the head is read again and the append retried. Within a process an owner's appends
   * take turns, so they never race each other. Steady state: one round trip per event (it was six:
   * begin, mark, advisory lock, read the head, insert, commit).
   */
  append(consumer: string, record: AuditRecord): Promise<AuditEntry | null> {
    return this.chains.inTurn(record.ownerId, () => this.appendNow(consumer, record));
  }

  private async appendNow(consumer: string, record: AuditRecord): Promise<AuditEntry | null> {
    for (let attempt = 1; ; attempt++) {
      const head = this.chains.get(record.ownerId) ?? (await this.readHead(record.ownerId));
      const chained = { ...record, id: randomUUID(), sequence: head.sequence + 1, prevHash: head.hash };
      const hash = hashEntry(chained);
      try {
        const result = await this.db.raw(
          `with mark as (
             insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing returning 1
           )
           insert into audit_entries (id, owner_id, sequence, event_id, actor_id, at, action, entity_type,
                                      entity_id, changes, correlation_id, prev_hash, hash)
           select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ? where exists (select 1 from mark)
           on conflict (event_id) do nothing
           returning recorded_at as "recordedAt"`,
          [
            consumer,
            record.eventId,
            chained.id,
            chained.ownerId,
            chained.sequence,
            chained.eventId,
            chained.actorId,
            chained.at,
            chained.action,
            chained.entityType,
            chained.entityId,
            // jsonb: a JSON text, so strings and arrays are stored as JSON values, not as Postgres arrays.
            JSON.stringify(chained.changes ?? null),
            chained.correlationId,
            chained.prevHash,
            hash,
          ],
        );
        const row = (result.rows as { recordedAt: Date }[])[0];
        if (!row) return null;
        this.chains.set(record.ownerId, { sequence: chained.sequence, hash });
        return { ...chained, hash, recordedAt: row.recordedAt };
      } catch (error) {
        this.chains.forget(record.ownerId);
        if (isSequenceTaken(error) && attempt < MAX_APPEND_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  private async readHead(ownerId: string): Promise<ChainHead> {
    const head = await AuditEntryRow.query(this.db)
      .select('sequence', 'hash')
      .where({ ownerId })
      .orderBy('sequence', 'desc')
      .first();
    return { sequence: head?.sequence ?? 0, hash: head?.hash ?? null };
  }

  private filtered(ownerId: string, query: AuditQuery) {
    const builder = AuditEntryRow.query(this.db).where({ ownerId });
    if (query.entityId) builder.where({ entityId: query.entityId });
    if (query.entityType) builder.where({ entityType: query.entityType });
    if (query.action) builder.where({ action: query.action });
    if (query.since) builder.where('at', '>=', query.since);
    if (query.until) builder.where('at', '<', query.until);
    return builder;
  }

  /** One page, newest first (keyset on (at, id)); `totalCount` counts only when asked for. */
  async page(
    ownerId: string,
    query: AuditQuery,
    first: number,
    after: string | null | undefined,
  ): Promise<Connection<AuditEntry>> {
    return keysetPage(
      this.filtered(ownerId, query),
      NEWEST_FIRST,
      { first, after },
      {
        nodeOf: toAuditEntry,
        count: () => this.count(ownerId, query),
      },
    );
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
      const rows = await AuditEntryRow.query(this.db)
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

/** The audit subgraph's unit of work: repositories on a handle, sharing this process's chain heads. */
export const createAuditUnitOfWork = (knex: Knex) => {
  const chains = new ChainHeads();
  return new UnitOfWork(knex, (db, _scope: null) => new AuditRepository(db, chains));
};
export type AuditUnitOfWork = ReturnType<typeof createAuditUnitOfWork>;
