import type { CursorValue } from './cursor.js';

/** One term of a keyset order: an SQL expression over the table, its direction, whether it can be null. */
export interface KeysetTerm {
  sql: string;
  direction: 'ASC' | 'DESC';
  nullable?: boolean;
}

/**
 * The builder calls the keyset needs, typed by shape so knex's and objection's query builders both
 * fit (their types differ; these calls do not).
 */
interface RawOrderable {
  orderByRaw(sql: string): unknown;
}
interface RawBuilder {
  orWhereRaw(sql: string, bindings: (string | number)[]): unknown;
}
interface RawFilterable {
  whereRaw(sql: string, bindings?: (string | number)[]): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: knex and objection type the nested builder differently
  where(callback: (builder: any) => void): unknown;
}

const sqlDirection = (term: KeysetTerm) => (term.direction === 'ASC' ? 'asc' : 'desc');

/** ORDER BY the terms; nulls last in either direction. */
export function orderByKeyset(query: RawOrderable, terms: readonly KeysetTerm[]): void {
  for (const term of terms)
    query.orderByRaw(`${term.sql} ${sqlDirection(term)}${term.nullable ? ' nulls last' : ''}`);
}

/**
 * Rows strictly after `values` in the order of `terms` (the last term must make the position unique,
 * an id): for some term i, every earlier term equals its value and term i comes after it; a null
 * sorts after every value. When every term runs one way and none can be null this is a single row
 * comparison, which Postgres answers with an index range scan however deep the page.
 */
export function whereAfterKeyset(
  query: RawFilterable,
  terms: readonly KeysetTerm[],
  values: readonly CursorValue[],
): void {
  const direction = terms[0]!.direction;
  if (terms.every((term) => term.direction === direction && !term.nullable)) {
    const columns = terms.map((term) => term.sql).join(', ');
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
    if (value === null || value === undefined) return; // nothing sorts after a null within this term
    const parts: string[] = [];
    const bindings: (string | number)[] = [];
    terms.slice(0, index).forEach((previous, i) => {
      const previousValue = values[i] ?? null;
      if (previousValue === null) parts.push(`${previous.sql} is null`);
      else {
        parts.push(`${previous.sql} = ?`);
        bindings.push(previousValue);
      }
    });
    const comparison = `${term.sql} ${term.direction === 'ASC' ? '>' : '<'} ?`;
    parts.push(term.nullable ? `(${comparison} or ${term.sql} is null)` : comparison);
    bindings.push(value);
    alternatives.push({ sql: parts.join(' and '), bindings });
  });
  if (alternatives.length === 0) {
    query.whereRaw('false');
    return;
  }
  query.where((builder: RawBuilder) => {
    for (const alternative of alternatives) builder.orWhereRaw(`(${alternative.sql})`, alternative.bindings);
  });
}
