import { type Connection, toConnection } from './connection.js';
import { type CursorKey, type CursorValue, decodeCursor, encodeCursor } from './cursor.js';
import { type KeysetTerm, orderByKeyset, whereAfterKeyset } from './keyset.js';

/** A keyset order as a connection pages by it: the SQL terms, and what its cursors carry. */
export interface KeysetOrder<Row> {
  /** Ties a cursor to this order: one made for another order or connection is refused. */
  tag: string;
  terms: readonly KeysetTerm[];
  /** What each cursor value must be, term by term. */
  keys: readonly CursorKey[];
  valuesOf: (row: Row) => CursorValue[];
}

/** Newest first by a timestamp column, then `id` (the tie-breaker): the order of every log we page. */
export const newestFirst = <Row extends { id: string }>(
  tag: string,
  column: string,
  timeOf: (row: Row) => Date,
): KeysetOrder<Row> => ({
  tag,
  terms: [
    { sql: column, direction: 'DESC' },
    { sql: 'id', direction: 'DESC' },
  ],
  keys: [{ kind: 'timestamp' }, { kind: 'uuid' }],
  valuesOf: (row) => [timeOf(row).toISOString(), row.id],
});

type Seekable = Parameters<typeof whereAfterKeyset>[0] & Parameters<typeof orderByKeyset>[0];

/** Orders `query` by `order` and keeps the rows after the cursor `after` (BAD_USER_INPUT if forged). */
export function seekAfter<Row>(
  query: Seekable,
  order: KeysetOrder<Row>,
  after: string | null | undefined,
): void {
  if (after) whereAfterKeyset(query, order.terms, decodeCursor(after, order.tag, order.keys));
  orderByKeyset(query, order.terms);
}

/**
 * One page of `query` (already filtered to what the caller may see) in `order`: one query of
 * `first + 1` rows; `count` runs only if `totalCount` is selected.
 */
export async function keysetPage<Row, Node>(
  query: Seekable & { limit(count: number): PromiseLike<readonly Row[]> },
  order: KeysetOrder<Row>,
  page: { first: number; after: string | null | undefined },
  options: { nodeOf: (row: Row) => Node; count: () => Promise<number> },
): Promise<Connection<Node>> {
  seekAfter(query, order, page.after);
  const rows = await query.limit(page.first + 1);
  return toConnection(rows, page.first, {
    cursorOf: (row) => encodeCursor(order.tag, order.valuesOf(row)),
    nodeOf: options.nodeOf,
    count: options.count,
  });
}
