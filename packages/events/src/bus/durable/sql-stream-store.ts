import type { Knex } from '@taskflow/common';
import type { TrimState } from '../../live/change-log.js';
import type { ClaimIdleResult, DeadLetterRecord, StreamMessage } from '../stream-transport.js';
import { idListCondition, nextSqlId, toSqlId } from './sql-stream-id.js';

/** A knex handle or a transaction on it. */
type Db = Knex | Knex.Transaction;

export interface StoredEntry {
  id: string;
  fields: Record<string, string>;
}

export interface AddOptions {
  /** Trims the oldest entries once the stream is `maxLen` plus a small slack long (`MAXLEN ~`). */
  maxLen?: number;
  /** The stream (a change log) expires this long after this add (`EXPIRE`); 0 or absent: never. */
  ttlMs?: number;
  now: number;
}

interface MessageRow {
  id: string;
  fields: Record<string, string> | null;
}

async function rowsOf<T>(db: Db, sql: string, bindings: readonly unknown[] = []): Promise<T[]> {
  const result = await db.raw(sql, bindings as Knex.RawBinding[]);
  return (result as { rows: T[] }).rows;
}

const noGroup = (stream: string, group: string) =>
  new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`);

/** Trimming in whole steps, like `MAXLEN ~`: one delete per `slack` adds instead of one per add. */
const trimSlack = (maxLen: number) => Math.min(1_000, Math.max(1, Math.ceil(maxLen / 100)));

/**
 * Redis streams' semantics in SQL tables (durable-bus-migration.ts): ids `<ms>-<seq>` from the clock,
 * consumer groups with a last-delivered id, pending entries with owner, delivery time and count,
 * trimming and change-log expiry. Every method is one statement or one short transaction, and inside
 * a transaction only that transaction is queried: the store runs on a single-connection PGlite, where
 * a query beside the open transaction would wait for ever. On a pooled Postgres the row locks make
 * several processes sharing the tables safe (groups are locked while delivering, pending rows while
 * claiming).
 *
 * Column aliases are single lower-case words, so a knex with snake-case mappers reads the same rows.
 */
export class SqlStreamStore {
  private readonly table: (name: string) => string;
  private readonly waiters = new Set<() => void>();
  /** Bumped whenever entries were committed: a reader that saw an older value reads again, not waits. */
  private generation = 0;

  constructor(
    readonly knex: Knex,
    readonly schema: string,
  ) {
    this.table = (name) => `${schema}.${name}`;
  }

  /** XADD within `trx`; the caller calls `notifyAdded` after the commit. */
  async add(trx: Knex.Transaction, stream: string, fields: Record<string, string>, options: AddOptions) {
    const expiresAt = options.ttlMs && options.ttlMs > 0 ? options.now + options.ttlMs : null;
    // Ids follow Redis: the clock's ms, or the last id's seq + 1 while the clock has not moved past it.
    const [state] = await rowsOf<{ ms: string; seq: string; length: number }>(
      trx,
      `insert into ${this.table('streams')} as s (name, last_ms, last_seq, length, entries_added, expires_at_ms)
       values (?, ?, 0, 1, 1, ?)
       on conflict (name) do update set
         last_ms = greatest(s.last_ms, excluded.last_ms),
         last_seq = case when excluded.last_ms > s.last_ms then 0 else s.last_seq + 1 end,
         length = s.length + 1,
         entries_added = s.entries_added + 1,
         expires_at_ms = excluded.expires_at_ms
       returning last_ms::text as ms, last_seq::text as seq, length::int as length`,
      [stream, options.now, expiresAt],
    );
    const { ms, seq, length } = state!;
    await trx.raw(`insert into ${this.table('entries')} (stream, ms, seq, fields) values (?, ?, ?, ?)`, [
      stream,
      ms,
      seq,
      JSON.stringify(fields),
    ]);
    if (options.maxLen !== undefined && length >= options.maxLen + trimSlack(options.maxLen)) {
      await this.trim(trx, stream, length - options.maxLen);
    }
    return `${ms}-${seq}`;
  }

  private async trim(trx: Knex.Transaction, stream: string, count: number): Promise<void> {
    await trx.raw(
      `with doomed as (
         select ms, seq from ${this.table('entries')} where stream = ? order by ms, seq limit ?
       ), removed as (
         delete from ${this.table('entries')} e using doomed d
         where e.stream = ? and e.ms = d.ms and e.seq = d.seq
         returning e.ms, e.seq
       ), last as (
         select ms, seq from removed order by ms desc, seq desc limit 1
       )
       update ${this.table('streams')} set
         length = length - (select count(*) from removed),
         max_deleted_ms = (select ms from last),
         max_deleted_seq = (select seq from last)
       where name = ? and exists (select 1 from last)`,
      [stream, count, stream, stream],
    );
  }

  /** Wakes readers waiting in `waitForEntries`; call after the transaction that added entries committed. */
  notifyAdded(): void {
    this.generation += 1;
    for (const wake of this.waiters) wake();
  }

  get addedGeneration(): number {
    return this.generation;
  }

  /** Resolves when entries were committed after generation `seen`, after `timeoutMs`, or on abort. */
  waitForEntries(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.generation !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }

  /**
   * Takes the dedupe marker of `eventId` for this publish (a marker past its expiry counts as absent).
   * Returns null when it is this publish's, or the ids of the live marker's first publish. On Postgres
   * a concurrent publish of the same id waits here for the first one's transaction.
   */
  async takeMarker(
    trx: Knex.Transaction,
    eventId: string,
    expiresAt: number,
    now: number,
  ): Promise<{ streamEntryId: string | null; eventId: string | null } | null> {
    const taken = await rowsOf<{ taken: number }>(
      trx,
      `insert into ${this.table('published')} as p (event_id, expires_at_ms) values (?, ?)
       on conflict (event_id) do update set stream_entry_id = null, change_id = null, expires_at_ms = excluded.expires_at_ms
       where p.expires_at_ms <= ?
       returning 1 as taken`,
      [eventId, expiresAt, now],
    );
    if (taken.length > 0) return null;
    const [previous] = await rowsOf<{ entry: string | null; change: string | null }>(
      trx,
      `select stream_entry_id as entry, change_id as change from ${this.table('published')} where event_id = ?`,
      [eventId],
    );
    return { streamEntryId: previous?.entry ?? null, eventId: previous?.change ?? null };
  }

  async recordMarker(
    trx: Knex.Transaction,
    eventId: string,
    ids: { streamEntryId: string; eventId: string | null },
  ): Promise<void> {
    await trx.raw(
      `update ${this.table('published')} set stream_entry_id = ?, change_id = ? where event_id = ?`,
      [ids.streamEntryId, ids.eventId, eventId],
    );
  }

  /** XRANGE `(after` `+` COUNT with the stream's trim state, read in one statement (one snapshot). */
  async rangeAfter(
    stream: string,
    afterId: string,
    count: number,
    now: number,
  ): Promise<{ entries: StoredEntry[]; trim: TrimState | null }> {
    const [ms, seq] = toSqlId(afterId);
    const [row] = await rowsOf<{
      length: number;
      added: number;
      first: string | null;
      deleted: string | null;
      last: string;
      entries: StoredEntry[] | null;
    }>(
      this.knex,
      `select s.length::int as length, s.entries_added::int as added, s.last_ms || '-' || s.last_seq as last,
         case when s.max_deleted_ms is null then null else s.max_deleted_ms || '-' || s.max_deleted_seq end as deleted,
         (select e.ms || '-' || e.seq from ${this.table('entries')} e
            where e.stream = s.name order by e.ms, e.seq limit 1) as first,
         (select json_agg(json_build_object('id', r.ms || '-' || r.seq, 'fields', r.fields) order by r.ms, r.seq)
            from (select e.ms, e.seq, e.fields from ${this.table('entries')} e
                  where e.stream = s.name and (e.ms, e.seq) > (?::bigint, ?::bigint)
                  order by e.ms, e.seq limit ?) r) as entries
       from ${this.table('streams')} s
       where s.name = ? and (s.expires_at_ms is null or s.expires_at_ms > ?)`,
      [ms, seq, count, stream, now],
    );
    // No row: the stream never existed or expired, like a missing key in Redis.
    if (!row) return { entries: [], trim: null };
    return {
      entries: row.entries ?? [],
      trim: {
        length: row.length,
        entriesAdded: row.added,
        firstEntryId: row.first,
        maxDeletedEntryId: row.deleted,
        lastId: row.added > 0 ? row.last : null,
      },
    };
  }

  /** The last `count` entries, oldest first. */
  async tail(stream: string, count: number): Promise<StoredEntry[]> {
    const rows = await rowsOf<StoredEntry>(
      this.knex,
      `select ms || '-' || seq as id, fields from ${this.table('entries')}
       where stream = ? order by ms desc, seq desc limit ?`,
      [stream, count],
    );
    return rows.reverse();
  }

  /** XGROUP CREATE … 0 MKSTREAM, unless the group exists. */
  async ensureGroup(stream: string, group: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx.raw(
        `insert into ${this.table('streams')} (name, last_ms, last_seq, length, entries_added)
         values (?, 0, 0, 0, 0) on conflict (name) do nothing`,
        [stream],
      );
      await trx.raw(
        `insert into ${this.table('groups')} (stream, name, last_ms, last_seq) values (?, ?, 0, 0)
         on conflict (stream, name) do nothing`,
        [stream, group],
      );
    });
  }

  async inspectGroup(
    stream: string,
    group: string,
  ): Promise<{ pending: number; lag: number; consumers: number } | null> {
    const [row] = await rowsOf<{ pending: number; lag: number; consumers: number }>(
      this.knex,
      `select
         (select count(*)::int from ${this.table('pending')} p where p.stream = g.stream and p.group_name = g.name) as pending,
         (select count(distinct p.consumer)::int from ${this.table('pending')} p
            where p.stream = g.stream and p.group_name = g.name) as consumers,
         (select count(*)::int from ${this.table('entries')} e
            where e.stream = g.stream and (e.ms, e.seq) > (g.last_ms, g.last_seq)) as lag
       from ${this.table('groups')} g where g.stream = ? and g.name = ?`,
      [stream, group],
    );
    return row ?? null;
  }

  /** XREADGROUP `>`: up to `count` new entries per stream, now pending with `consumer`. */
  async readNew(
    streams: readonly string[],
    group: string,
    consumer: string,
    count: number,
    now: number,
  ): Promise<StreamMessage[]> {
    return this.knex.transaction(async (trx) => {
      const messages: StreamMessage[] = [];
      for (const stream of streams) {
        // The group row's lock serialises the deliveries of one group (several processes on Postgres).
        const [position] = await rowsOf<{ ms: string; seq: string }>(
          trx,
          `select last_ms::text as ms, last_seq::text as seq from ${this.table('groups')}
           where stream = ? and name = ? for update`,
          [stream, group],
        );
        if (!position) throw noGroup(stream, group);
        const delivered = await rowsOf<MessageRow & { ms: string; seq: string }>(
          trx,
          `with fresh as (
             select ms, seq, fields from ${this.table('entries')}
             where stream = ? and (ms, seq) > (?::bigint, ?::bigint)
             order by ms, seq limit ?
           ), taken as (
             insert into ${this.table('pending')} (stream, group_name, ms, seq, consumer, delivered_at_ms, deliveries)
             select ?, ?, ms, seq, ?, ?, 1 from fresh
           )
           select ms || '-' || seq as id, ms::text as ms, seq::text as seq, fields
           from fresh order by fresh.ms, fresh.seq`,
          [stream, position.ms, position.seq, count, stream, group, consumer, now],
        );
        // Ordered by the bigint columns (the text aliases would put seq 10 before 9).
        const last = delivered.at(-1);
        if (!last) continue;
        await trx.raw(
          `update ${this.table('groups')} set last_ms = ?, last_seq = ? where stream = ? and name = ?`,
          [last.ms, last.seq, stream, group],
        );
        for (const row of delivered) messages.push({ stream, id: row.id, fields: row.fields });
      }
      return messages;
    });
  }

  /** XREADGROUP with an id: this consumer's pending entries after `afterId`, delivered again. */
  async readOwnPending(
    stream: string,
    group: string,
    consumer: string,
    afterId: string,
    count: number,
    now: number,
  ): Promise<StreamMessage[]> {
    await this.assertGroup(stream, group);
    const [ms, seq] = toSqlId(afterId);
    const rows = await rowsOf<MessageRow>(
      this.knex,
      `with picked as (
         select ms, seq from ${this.table('pending')}
         where stream = ? and group_name = ? and consumer = ? and (ms, seq) > (?::bigint, ?::bigint)
         order by ms, seq limit ? for update
       ), redelivered as (
         update ${this.table('pending')} p set delivered_at_ms = ?, deliveries = p.deliveries + 1
         from picked where p.stream = ? and p.group_name = ? and p.ms = picked.ms and p.seq = picked.seq
         returning p.ms, p.seq
       )
       select r.ms || '-' || r.seq as id, e.fields from redelivered r
       left join ${this.table('entries')} e on e.stream = ? and e.ms = r.ms and e.seq = r.seq
       order by r.ms, r.seq`,
      [stream, group, consumer, ms, seq, count, now, stream, group, stream],
    );
    return rows.map((row) => ({ stream, id: row.id, fields: row.fields }));
  }

  /**
   * XAUTOCLAIM: pending entries from `cursor` on, idle at least `minIdleMs`, move to `consumer`.
   * Entries trimmed meanwhile leave the pending list and are reported in `deletedIds`.
   */
  async claimIdle(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    cursor: string,
    count: number,
    now: number,
  ): Promise<ClaimIdleResult> {
    await this.assertGroup(stream, group);
    const [ms, seq] = toSqlId(cursor);
    return this.knex.transaction(async (trx) => {
      // FOR UPDATE re-checks the idle time after waiting for a concurrent claimer's lock.
      const rows = await rowsOf<MessageRow & { present: boolean }>(
        trx,
        `select p.ms || '-' || p.seq as id, e.fields, e.stream is not null as present
         from ${this.table('pending')} p
         left join ${this.table('entries')} e on e.stream = p.stream and e.ms = p.ms and e.seq = p.seq
         where p.stream = ? and p.group_name = ? and (p.ms, p.seq) >= (?::bigint, ?::bigint)
           and p.delivered_at_ms <= ?
         order by p.ms, p.seq limit ? for update of p`,
        [stream, group, ms, seq, now - minIdleMs, count],
      );
      const claimed = rows.filter((row) => row.present).map((row) => row.id);
      const deletedIds = rows.filter((row) => !row.present).map((row) => row.id);
      await this.movePending(trx, stream, group, consumer, claimed, now);
      await this.dropPending(trx, stream, group, deletedIds);
      return {
        messages: rows
          .filter((row) => row.present)
          .map((row) => ({ stream, id: row.id, fields: row.fields })),
        nextCursor: rows.length === count ? nextSqlId(rows.at(-1)!.id) : '0-0',
        deletedIds,
      };
    });
  }

  /** XCLAIM: the given entries, if still pending and idle at least `minIdleMs`, move to `consumer`. */
  async claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
    now: number,
  ): Promise<StreamMessage[]> {
    await this.assertGroup(stream, group);
    if (ids.length === 0) return [];
    const list = idListCondition(ids, 'p');
    return this.knex.transaction(async (trx) => {
      const rows = await rowsOf<MessageRow & { present: boolean }>(
        trx,
        `select p.ms || '-' || p.seq as id, e.fields, e.stream is not null as present
         from ${this.table('pending')} p
         left join ${this.table('entries')} e on e.stream = p.stream and e.ms = p.ms and e.seq = p.seq
         where p.stream = ? and p.group_name = ? and ${list.sql} and p.delivered_at_ms <= ?
         order by p.ms, p.seq for update of p`,
        [stream, group, ...list.bindings, now - minIdleMs],
      );
      const present = rows.filter((row) => row.present);
      await this.movePending(
        trx,
        stream,
        group,
        consumer,
        present.map((row) => row.id),
        now,
      );
      await this.dropPending(
        trx,
        stream,
        group,
        rows.filter((row) => !row.present).map((row) => row.id),
      );
      return present.map((row) => ({ stream, id: row.id, fields: row.fields }));
    });
  }

  async deliveryCounts(stream: string, group: string, ids: readonly string[]): Promise<Map<string, number>> {
    await this.assertGroup(stream, group);
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const list = idListCondition(ids);
    const rows = await rowsOf<{ id: string; deliveries: number }>(
      this.knex,
      `select ms || '-' || seq as id, deliveries from ${this.table('pending')}
       where stream = ? and group_name = ? and ${list.sql}`,
      [stream, group, ...list.bindings],
    );
    for (const row of rows) counts.set(row.id, row.deliveries);
    return counts;
  }

  /** XACK. */
  async ack(stream: string, group: string, id: string): Promise<void> {
    const [ms, seq] = toSqlId(id);
    await this.knex.raw(
      `delete from ${this.table('pending')} where stream = ? and group_name = ? and ms = ? and seq = ?`,
      [stream, group, ms, seq],
    );
  }

  /** Copies the entry to the dead-letter stream and acknowledges it, in one transaction. */
  async deadLetter(
    message: StreamMessage,
    record: DeadLetterRecord,
    deadLetterStream: string,
    maxLen: number,
    now: number,
  ): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await this.add(
        trx,
        deadLetterStream,
        {
          event: message.fields?.event ?? '',
          stream: message.stream,
          messageId: message.id,
          group: record.group,
          consumer: record.consumer,
          attempts: String(record.attempts),
          error: record.error.slice(0, 2_000),
          failedAt: record.failedAt,
        },
        { maxLen, now },
      );
      await this.dropPending(trx, message.stream, record.group, [message.id]);
    });
    this.notifyAdded();
  }

  /**
   * Drops what has expired, a bounded amount per call: dedupe markers past their TTL, and change
   * logs not written for their TTL (with their entries), as Redis expires keys.
   */
  async prune(now: number, limit = 1_000): Promise<{ markers: number; streams: number }> {
    return this.knex.transaction(async (trx) => {
      const markers = await rowsOf<{ id: string }>(
        trx,
        `delete from ${this.table('published')} where event_id in (
           select event_id from ${this.table('published')} where expires_at_ms <= ? limit ?
         ) returning event_id as id`,
        [now, limit],
      );
      const expired = await rowsOf<{ name: string }>(
        trx,
        `delete from ${this.table('streams')} where name in (
           select name from ${this.table('streams')} where expires_at_ms <= ? limit ?
         ) returning name`,
        [now, limit],
      );
      if (expired.length > 0) {
        const names = expired.map((row) => row.name);
        const placeholders = names.map(() => '?').join(', ');
        await trx.raw(`delete from ${this.table('entries')} where stream in (${placeholders})`, names);
        await trx.raw(`delete from ${this.table('groups')} where stream in (${placeholders})`, names);
        await trx.raw(`delete from ${this.table('pending')} where stream in (${placeholders})`, names);
      }
      return { markers: markers.length, streams: expired.length };
    });
  }

  private async assertGroup(stream: string, group: string): Promise<void> {
    const rows = await rowsOf<{ found: number }>(
      this.knex,
      `select 1 as found from ${this.table('groups')} where stream = ? and name = ?`,
      [stream, group],
    );
    if (rows.length === 0) throw noGroup(stream, group);
  }

  private async movePending(
    trx: Knex.Transaction,
    stream: string,
    group: string,
    consumer: string,
    ids: readonly string[],
    now: number,
  ): Promise<void> {
    if (ids.length === 0) return;
    const list = idListCondition(ids);
    await trx.raw(
      `update ${this.table('pending')} set consumer = ?, delivered_at_ms = ?, deliveries = deliveries + 1
       where stream = ? and group_name = ? and ${list.sql}`,
      [consumer, now, stream, group, ...list.bindings],
    );
  }

  private async dropPending(
    trx: Knex.Transaction,
    stream: string,
    group: string,
    ids: readonly string[],
  ): Promise<void> {
    if (ids.length === 0) return;
    const list = idListCondition(ids);
    await trx.raw(
      `delete from ${this.table('pending')} where stream = ? and group_name = ? and ${list.sql}`,
      [stream, group, ...list.bindings],
    );
  }
}
