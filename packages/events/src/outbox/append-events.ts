import type { Knex } from '@taskflow/common';
import { assertValidEnvelope, type RawEnvelope } from '../envelope.js';

/**
 * Writes events to the outbox in the caller's transaction, so they exist exactly when the change does.
 * Call it once per transaction, last, just before commit.
 *
 * Ordering: outbox ids come from a sequence at insert time, but transactions commit in any order, so
 * without care an owner's later event could commit with a smaller id than an earlier one still in
 * flight, and the relay (which sends in id order) would send them swapped. Taking a transaction-level
 * advisory lock per owner before inserting makes an owner's outbox transactions take turns: ids
 * follow commit order per owner. Owners are locked in sorted order so two transactions touching the
 * same owners cannot deadlock. The lock is held until commit, which is why this should come last.
 */
export async function appendEvents(trx: Knex.Transaction, events: readonly RawEnvelope[]): Promise<void> {
  if (events.length === 0) return;
  if (!trx.isTransaction) {
    throw new TypeError(
      'appendEvents needs the transaction that writes the change, not a plain knex instance',
    );
  }
  const insert = outboxInsert(events);
  await trx.raw(insert.sql, insert.bindings);
}

/**
 * The outbox insert as SQL, for a statement that writes the change and its events together (a
 * data-modifying CTE commits or fails whole, so no transaction is needed). `onlyIf`, an SQL
 * condition, lets the CTE insert the events only when its change happened. Same ordering guarantee
 * as `appendEvents`: the owners' advisory locks are taken by this insert, in sorted order, before its
 * rows (and so their ids) are made, and held until the statement's transaction commits.
 */
export function outboxInsert(
  events: readonly RawEnvelope[],
  onlyIf?: string,
): { sql: string; bindings: Knex.RawBinding[] } {
  if (events.length === 0) throw new TypeError('outboxInsert needs at least one event');
  for (const event of events) assertValidEnvelope(event);
  const owners = [...new Set(events.map((event) => event.ownerId))].sort();
  // 64-bit key space of the one-argument form; the relay's leader lock uses the two-argument form,
  // a separate key space, so an owner's hash can never collide with it.
  const locks = owners.map(
    () => "pg_advisory_xact_lock(hashtextextended('taskflow:outbox:' || current_schema() || ':' || ?, 0))",
  );
  const rows = events.map(() => '(?::uuid, ?, ?::integer, ?, ?, ?, ?::jsonb, ?, ?::timestamptz)');
  return {
    sql: `insert into outbox (event_id, type, version, aggregate_type, aggregate_id, owner_id, payload, correlation_id, occurred_at)
     select v.* from (select ${locks.join(', ')}) as locked,
       (values ${rows.join(', ')}) as v(event_id, type, version, aggregate_type, aggregate_id, owner_id, payload, correlation_id, occurred_at)
     ${onlyIf ? `where ${onlyIf}` : ''}`,
    bindings: [
      ...owners,
      ...events.flatMap((event) => [
        event.id,
        event.type,
        event.version,
        event.aggregateType,
        event.aggregateId,
        event.ownerId,
        JSON.stringify(event.payload),
        event.correlationId,
        event.occurredAt,
      ]),
    ],
  };
}
