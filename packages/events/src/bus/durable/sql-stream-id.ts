import { parseStreamId } from '../../live/stream-id.js';

/**
 * Stream ids in SQL: `<ms>-<seq>` is stored as two bigint columns, compared as the row `(ms, seq)`.
 * Postgres' bigint is signed, Redis' halves are unsigned 64-bit: an id past the bigint range (a
 * client's hostile `since`) is clamped to the largest one, which orders the same against every id
 * this bus can issue (they come from the clock).
 */

const MAX_INT8 = 2n ** 63n - 1n;

/** `[ms, seq]` as decimal strings for bigint parameters; throws on something that is not a stream id. */
export function toSqlId(id: string): [string, string] {
  const parsed = parseStreamId(id);
  if (!parsed) throw new TypeError(`not a stream id: ${id}`);
  const [ms, seq] = parsed;
  if (ms > MAX_INT8) return [String(MAX_INT8), String(MAX_INT8)];
  return [String(ms), String(seq > MAX_INT8 ? MAX_INT8 : seq)];
}

/** The smallest id after `id` (an inclusive cursor that skips `id`). */
export function nextSqlId(id: string): string {
  const [ms, seq] = toSqlId(id);
  return `${ms}-${BigInt(seq) + 1n}`;
}

/** `(ms, seq) in ((?, ?), …)` for a list of ids, with its bindings; `false` for an empty list. */
export function idListCondition(ids: readonly string[], alias = ''): { sql: string; bindings: string[] } {
  if (ids.length === 0) return { sql: 'false', bindings: [] };
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return {
    sql: `(${column('ms')}, ${column('seq')}) in (${ids.map(() => '(?::bigint, ?::bigint)').join(', ')})`,
    bindings: ids.flatMap(toSqlId),
  };
}
