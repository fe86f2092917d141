import { DomainError, type Knex } from '@taskflow/common';
import { PRIORITIES, type Priority, type TaskStatus } from './task.model.js';

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

interface SortKey {
  /** SQL expression over the tasks table. */
  sql: string;
  nullable: boolean;
  /** The key's value in a row of the page query, as stored in a cursor. */
  valueOf: (row: CursorSource) => string | number | null;
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

const iso = (value: Date | null) => (value instanceof Date ? value.toISOString() : null);

/** Selected with every page so title cursors use Postgres' own lower(), not JavaScript's. */
export const TITLE_KEY_SQL = 'lower(title) as title_key';

const sortKeys: Record<OrderField | 'ID', SortKey> = {
  DUE_AT: { sql: 'due_at', nullable: true, valueOf: (row) => iso(row.dueAt) },
  PRIORITY: { sql: 'priority', nullable: false, valueOf: (row) => row.priority },
  CREATED_AT: { sql: 'created_at', nullable: false, valueOf: (row) => iso(row.createdAt) },
  UPDATED_AT: { sql: 'updated_at', nullable: false, valueOf: (row) => iso(row.updatedAt) },
  TITLE: { sql: 'lower(title)', nullable: false, valueOf: (row) => row.titleKey },
  ID: { sql: 'id', nullable: false, valueOf: (row) => row.id },
};

export const DEFAULT_ORDER: OrderTerm[] = [{ field: 'CREATED_AT', direction: 'DESC' }];

/** The order the API asked for, each field once, then `id` so every row has a unique position. */
export function normaliseOrder(order: OrderTerm[] | null | undefined): OrderTerm[] {
  const seen = new Set<OrderField>();
  const terms = (order?.length ? order : DEFAULT_ORDER).filter(
    (term) => !seen.has(term.field) && seen.add(term.field),
  );
  return terms;
}

const orderSignature = (order: OrderTerm[]) => order.map((t) => `${t.field}:${t.direction}`).join(',');

interface CursorPayload {
  o: string;
  v: (string | number | null)[];
}

/** An opaque cursor: the sort values of a row, tied to the order they were made for. */
export function encodeCursor(order: OrderTerm[], row: CursorSource): string {
  const payload: CursorPayload = {
    o: orderSignature(order),
    v: [...order.map((t) => sortKeys[t.field].valueOf(row)), sortKeys.ID.valueOf(row)],
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

const badCursor = () =>
  new DomainError('BAD_USER_INPUT', 'Invalid cursor: use an endCursor or cursor from this query', {
    field: 'after',
  });

export function decodeCursor(order: OrderTerm[], cursor: string): (string | number | null)[] {
  let payload: CursorPayload;
  try {
    if (cursor.length > 2_000) throw new Error('too long');
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch {
    throw badCursor();
  }
  if (
    !payload ||
    payload.o !== orderSignature(order) ||
    !Array.isArray(payload.v) ||
    payload.v.length !== order.length + 1
  ) {
    throw badCursor();
  }
  const keys = [...order.map((t) => sortKeys[t.field]), sortKeys.ID];
  payload.v.forEach((value, index) => {
    const key = keys[index]!;
    const valid =
      value === null
        ? key.nullable
        : key === sortKeys.PRIORITY
          ? Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3
          : typeof value === 'string' &&
            value.length <= 600 &&
            (key.sql.endsWith('_at') ? !Number.isNaN(Date.parse(value)) : true);
    if (!valid) throw badCursor();
  });
  if (!/^[0-9a-f-]{36}$/i.test(String(payload.v.at(-1)))) throw badCursor();
  return payload.v;
}

/**
 * The terms with the `id` tie-breaker, which follows the last term's direction: a single-key order
 * is then one direction throughout, and an index on (owner, key, id) serves it forwards or
 * backwards.
 */
function withTieBreaker(order: OrderTerm[]) {
  const last = order.at(-1)?.direction ?? 'ASC';
  return [
    ...order.map((t) => ({ key: sortKeys[t.field], direction: t.direction })),
    { key: sortKeys.ID, direction: last },
  ];
}

const sqlDirection = (direction: OrderDirection) => (direction === 'ASC' ? 'asc' : 'desc');

/** ORDER BY for the terms; nulls (tasks without a due date) last in either direction. */
export function applyOrder(query: Knex.QueryBuilder, order: OrderTerm[]): void {
  for (const { key, direction } of withTieBreaker(order)) {
    query.orderByRaw(`${key.sql} ${sqlDirection(direction)}${key.nullable ? ' nulls last' : ''}`);
  }
}

/**
 * Rows strictly after the cursor in the given order (keyset paging): for some key i, every earlier
 * key equals the cursor's value and key i comes after it. A null sorts after every value.
 * When every key runs one way and none can be null this is a single row comparison, which
 * Postgres answers with an index range scan however deep the page.
 */
export function applyCursor(
  query: Knex.QueryBuilder,
  order: OrderTerm[],
  values: (string | number | null)[],
): void {
  const terms = withTieBreaker(order);
  const direction = terms[0]!.direction;
  if (terms.every((t) => t.direction === direction && !t.key.nullable)) {
    const columns = terms.map((t) => t.key.sql).join(', ');
    const placeholders = terms.map(() => '?').join(', ');
    query.whereRaw(
      `(${columns}) ${direction === 'ASC' ? '>' : '<'} (${placeholders})`,
      values as (string | number)[],
    );
    return;
  }
  const alternatives: { sql: string; bindings: (string | number)[] }[] = [];
  terms.forEach((term, index) => {
    const value = values[index];
    if (value === null || value === undefined) return; // nothing sorts after a null within this key
    const parts: string[] = [];
    const bindings: (string | number)[] = [];
    terms.slice(0, index).forEach((previous, i) => {
      const previousValue = values[i] ?? null;
      if (previousValue === null) parts.push(`${previous.key.sql} is null`);
      else {
        parts.push(`${previous.key.sql} = ?`);
        bindings.push(previousValue);
      }
    });
    const comparison = `${term.key.sql} ${term.direction === 'ASC' ? '>' : '<'} ?`;
    parts.push(term.key.nullable ? `(${comparison} or ${term.key.sql} is null)` : comparison);
    bindings.push(value);
    alternatives.push({ sql: parts.join(' and '), bindings });
  });
  if (alternatives.length === 0) {
    query.whereRaw('false');
    return;
  }
  query.where((builder) => {
    for (const alternative of alternatives) builder.orWhereRaw(`(${alternative.sql})`, alternative.bindings);
  });
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

/** WHERE for the owner and the filter. `now` is passed in so "overdue" is one instant per request. */
export function applyFilter(query: Knex.QueryBuilder, ownerId: string, filter: TaskFilter, now: Date): void {
  query.where('owner_id', ownerId);
  if (filter.onlyDeleted) query.whereNotNull('deleted_at');
  else if (!filter.includeDeleted) query.whereNull('deleted_at');
  if (filter.status) query.where('status', filter.status);
  if (filter.priorities?.length)
    query.whereIn(
      'priority',
      filter.priorities.map((p) => PRIORITIES.indexOf(p)),
    );
  if (filter.tagIds?.length) query.whereRaw('tag_ids @> ?::uuid[]', [filter.tagIds]);
  if (filter.dueAfter) query.where('due_at', '>=', filter.dueAfter);
  if (filter.dueBefore) query.where('due_at', '<', filter.dueBefore);
  if (filter.overdue === true) query.where('status', 'OPEN').where('due_at', '<', now);
  if (filter.overdue === false) {
    query.where((q) => q.whereNot('status', 'OPEN').orWhereNull('due_at').orWhere('due_at', '>=', now));
  }
  if (filter.search) {
    const tsquery = toPrefixTsQuery(filter.search);
    if (tsquery) query.whereRaw(`search @@ to_tsquery('english', ?)`, [tsquery]);
  }
}
