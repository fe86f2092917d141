import {
  type CursorKey,
  type CursorValue,
  decodeCursor,
  encodeCursor,
  type KeysetOrder,
} from '@taskflow/common';
import type { Priority, TaskStatus } from './task.js';

export type OrderField = 'DUE_AT' | 'PRIORITY' | 'CREATED_AT' | 'UPDATED_AT' | 'TITLE';
export type OrderDirection = 'ASC' | 'DESC';
export interface OrderTerm {
  field: OrderField;
  direction: OrderDirection;
}

export interface TaskFilter {
  search?: string | null;
  status?: TaskStatus | null;
  priorities?: Priority[] | null;
  tagIds?: string[] | null;
  dueAfter?: Date | null;
  dueBefore?: Date | null;
  overdue?: boolean | null;
  includeDeleted?: boolean | null;
  onlyDeleted?: boolean | null;
}

/** The columns of a page row that cursors are made of (`titleKey` is SQL's lower(title)). */
export interface CursorSource {
  id: string;
  dueAt: Date | null;
  priority: number;
  createdAt: Date;
  updatedAt: Date;
  titleKey: string;
}

interface SortKey {
  /** SQL expression over the tasks table. */
  sql: string;
  nullable: boolean;
  /** What the key's value in a cursor must be. */
  cursor: CursorKey;
  /** The key's value in a row of the page query, as stored in a cursor. */
  valueOf: (row: CursorSource) => CursorValue;
}

const iso = (value: Date | null) => (value instanceof Date ? value.toISOString() : null);

/** Selected with every page so title cursors use Postgres' own lower(), not JavaScript's. */
export const TITLE_KEY_SQL = 'lower(title) as title_key';

const timestamp: CursorKey = { kind: 'timestamp' };
const sortKeys: Record<OrderField | 'ID', SortKey> = {
  DUE_AT: {
    sql: 'due_at',
    nullable: true,
    cursor: { kind: 'timestamp', nullable: true },
    valueOf: (row) => iso(row.dueAt),
  },
  PRIORITY: {
    sql: 'priority',
    nullable: false,
    cursor: { kind: 'integer', min: 0, max: 3 },
    valueOf: (row) => row.priority,
  },
  CREATED_AT: { sql: 'created_at', nullable: false, cursor: timestamp, valueOf: (row) => iso(row.createdAt) },
  UPDATED_AT: { sql: 'updated_at', nullable: false, cursor: timestamp, valueOf: (row) => iso(row.updatedAt) },
  TITLE: { sql: 'lower(title)', nullable: false, cursor: { kind: 'text' }, valueOf: (row) => row.titleKey },
  ID: { sql: 'id', nullable: false, cursor: { kind: 'uuid' }, valueOf: (row) => row.id },
};

/** The sort keys of an order: its terms, then `id` so every row has a unique position. */
const keysOf = (order: OrderTerm[]) => [...order.map((term) => sortKeys[term.field]), sortKeys.ID];

/** A cursor is tied to the order it was made for. */
const orderSignature = (order: OrderTerm[]) => order.map((t) => `${t.field}:${t.direction}`).join(',');

/**
 * How a page in `order` seeks and what its cursors carry. The `id` tie-breaker follows the last
 * term's direction, so a single-key order is one direction throughout and an index on
 * (owner, key, id) serves it forwards or backwards.
 */
export function taskKeyset(order: OrderTerm[]): KeysetOrder<CursorSource> {
  const keys = keysOf(order);
  const last = order.at(-1)?.direction ?? 'ASC';
  return {
    tag: orderSignature(order),
    terms: [
      ...order.map((term) => ({ ...sortKeys[term.field], direction: term.direction })),
      { ...sortKeys.ID, direction: last },
    ],
    keys: keys.map((key) => key.cursor),
    valuesOf: (row) => keys.map((key) => key.valueOf(row)),
  };
}

export const encodeTaskCursor = (order: OrderTerm[], row: CursorSource): string => {
  const keyset = taskKeyset(order);
  return encodeCursor(keyset.tag, keyset.valuesOf(row));
};

export const decodeTaskCursor = (order: OrderTerm[], cursor: string): CursorValue[] => {
  const keyset = taskKeyset(order);
  return decodeCursor(cursor, keyset.tag, keyset.keys);
};

export const DEFAULT_ORDER: OrderTerm[] = [{ field: 'CREATED_AT', direction: 'DESC' }];

/** The order the API asked for, each field once (the repository adds `id` as the tie-breaker). */
export function normaliseOrder(order: OrderTerm[] | null | undefined): OrderTerm[] {
  const seen = new Set<OrderField>();
  return (order?.length ? order : DEFAULT_ORDER).filter(
    (term) => !seen.has(term.field) && seen.add(term.field),
  );
}

/**
 * A prefix-matching tsquery from what a person typed: each word becomes `'word':*`, all required.
 * The 'english' configuration stems them, so "passports" and "passp" both find "passport".
 * Undefined when nothing searchable is left.
 */
export function toPrefixTsQuery(search: string): string | undefined {
  const words = (search.match(/[\p{L}\p{N}]+/gu) ?? [])
    .slice(0, 20)
    .map((word) => word.slice(0, 64).toLowerCase());
  return words.length ? words.map((word) => `'${word}':*`).join(' & ') : undefined;
}
