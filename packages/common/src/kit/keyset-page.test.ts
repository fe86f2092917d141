import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { encodeCursor } from './cursor.js';
import { keysetPage, newestFirst, seekAfter } from './keyset-page.js';

interface Entry {
  id: string;
  at: Date;
}

const sql = knex({ client: 'pg' });
const order = newestFirst<Entry>('log', 'at', (row) => row.at);
const ID = '0b9c4f5e-3d1a-4c2b-9e8f-7a6b5c4d3e2f';

describe('newestFirst', () => {
  it('seeks after the cursor of a row by (time, id), newest first', () => {
    const cursor = encodeCursor(
      order.tag,
      order.valuesOf({ id: ID, at: new Date('2026-01-02T03:04:05.678Z') }),
    );
    const query = sql('entries');
    seekAfter(query, order, cursor);
    const { sql: text, bindings } = query.toSQL();
    expect(text).toBe('select * from "entries" where (at, id) < (?, ?) order by at desc, id desc');
    expect(bindings).toEqual(['2026-01-02T03:04:05.678Z', ID]);
  });

  it('only orders the first page', () => {
    const query = sql('entries');
    seekAfter(query, order, null);
    expect(query.toSQL().sql).toBe('select * from "entries" order by at desc, id desc');
  });

  it('refuses a cursor of another connection, before any SQL is built', () => {
    const cursor = encodeCursor('other', ['2026-01-02T03:04:05.678Z', ID]);
    expect(() => seekAfter(sql('entries'), order, cursor)).toThrow(DomainError);
  });
});

describe('keysetPage', () => {
  it('asks for one row more than the page and cursors the rows it keeps', async () => {
    const rows: Entry[] = [
      { id: ID, at: new Date('2026-01-03T00:00:00.000Z') },
      { id: ID.replace('0b', '1b'), at: new Date('2026-01-02T00:00:00.000Z') },
    ];
    let limited = 0;
    const query = Object.assign(sql('entries'), {
      limit: (count: number) => {
        limited = count;
        return Promise.resolve(rows);
      },
    });
    const page = await keysetPage(
      query,
      order,
      { first: 1, after: null },
      {
        nodeOf: (row) => row.id,
        count: async () => 2,
      },
    );
    expect(limited).toBe(2);
    expect(page.edges.map((edge) => edge.node)).toEqual([ID]);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      endCursor: encodeCursor('log', order.valuesOf(rows[0]!)),
    });
  });
});
