import { describe, expect, it } from 'vitest';
import {
  type CursorSource,
  decodeTaskCursor as decodeCursor,
  encodeTaskCursor as encodeCursor,
  normaliseOrder,
  type OrderTerm,
  toPrefixTsQuery,
} from './task-query.js';

const row: CursorSource = {
  id: '3f0f7c1e-8d0a-4c53-9a67-2b1f3c4d5e6f',
  dueAt: null,
  priority: 2,
  createdAt: new Date('2026-03-08T09:00:00.123Z'),
  updatedAt: new Date('2026-03-09T09:00:00.000Z'),
  titleKey: 'renew passport',
};

describe('cursors', () => {
  const order: OrderTerm[] = [
    { field: 'DUE_AT', direction: 'ASC' },
    { field: 'PRIORITY', direction: 'DESC' },
    { field: 'TITLE', direction: 'ASC' },
  ];

  it('round-trip the sort values, nulls and milliseconds included', () => {
    expect(decodeCursor(order, encodeCursor(order, row))).toEqual([null, 2, 'renew passport', row.id]);
  });

  it('are tied to the order they were made for', () => {
    const cursor = encodeCursor(order, row);
    expect(() => decodeCursor([{ field: 'PRIORITY', direction: 'DESC' }], cursor)).toThrowError(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'after' }),
    );
  });

  const byPriority: OrderTerm[] = [{ field: 'PRIORITY', direction: 'DESC' }];
  const byCreation: OrderTerm[] = [{ field: 'CREATED_AT', direction: 'DESC' }];
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['garbage', byPriority, 'not base64 at all!'],
    ['not an object', byPriority, encode([])],
    ['priority out of range', byPriority, encode({ t: 'PRIORITY:DESC', v: [9, row.id] })],
    ['id that is not a uuid', byPriority, encode({ t: 'PRIORITY:DESC', v: [1, "'; drop table tasks"] })],
    ['date that is not a date', byCreation, encode({ t: 'CREATED_AT:DESC', v: ['yesterday', row.id] })],
    ['null for a column that has none', byCreation, encode({ t: 'CREATED_AT:DESC', v: [null, row.id] })],
    ['too long', byPriority, 'x'.repeat(5_000)],
    ['date Postgres cannot read', byCreation, encode({ t: 'CREATED_AT:DESC', v: ['1', row.id] })],
    ['id of dashes', byPriority, encode({ t: 'PRIORITY:DESC', v: [1, '-'.repeat(36)] })],
  ])('refuse a tampered cursor: %s', (_name, order, cursor) => {
    expect(() => decodeCursor(order, cursor)).toThrowError(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});

describe('normaliseOrder', () => {
  it('defaults to newest first and keeps each field once', () => {
    expect(normaliseOrder(undefined)).toEqual([{ field: 'CREATED_AT', direction: 'DESC' }]);
    expect(
      normaliseOrder([
        { field: 'PRIORITY', direction: 'DESC' },
        { field: 'PRIORITY', direction: 'ASC' },
        { field: 'TITLE', direction: 'ASC' },
      ]),
    ).toEqual([
      { field: 'PRIORITY', direction: 'DESC' },
      { field: 'TITLE', direction: 'ASC' },
    ]);
  });
});

describe('toPrefixTsQuery', () => {
  it.each([
    ['passports', "'passports':*"],
    ['Renew  the passport!', "'renew':* & 'the':* & 'passport':*"],
    ["'; drop table tasks; --", "'drop':* & 'table':* & 'tasks':*"],
    ['über straße', "'über':* & 'straße':*"],
    ['  ...  ', undefined],
  ])('%j → %s', (search, tsquery) => {
    expect(toPrefixTsQuery(search)).toBe(tsquery);
  });
});
