import { describe, expect, it } from 'vitest';
import { type CursorKey, decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from './cursor.js';

const keys: CursorKey[] = [
  { kind: 'timestamp', nullable: true },
  { kind: 'integer', min: 0, max: 3 },
  { kind: 'text' },
  { kind: 'uuid' },
];
const id = '5b0e3c1e-8a4f-4c4e-9d0a-2f6b7c8d9e0f';
const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');

const refusal = (cursor: string) => {
  try {
    decodeCursor(cursor, 'tasks', keys);
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('cursor codec', () => {
  it('gives back the values it encoded, nulls and unicode included', () => {
    for (const values of [
      ['2026-12-07T17:54:55.123Z', 2, 'héllo wörld 🌍', id],
      [null, 0, '', id.toUpperCase()],
    ]) {
      expect(decodeCursor(encodeCursor('tasks', values), 'tasks', keys)).toEqual(values);
    }
  });

  it('round-trips a cursor of the longest title a task can have', () => {
    const values = ['2026-12-07T17:54:55.123Z', 3, 'ж'.repeat(500), id];
    const cursor = encodeCursor('tasks', values);
    expect(cursor.length).toBeLessThan(MAX_CURSOR_LENGTH);
    expect(decodeCursor(cursor, 'tasks', keys)).toEqual(values);
  });

  it.each([
    ['empty', ''],
    ['not base64 JSON', 'garbage'],
    ['JSON null', forge(null)],
    ['a number', forge(5)],
    ['an array', forge([1, 2])],
    ['another tag', forge({ t: 'audit', v: ['2026-12-07T17:54:55.123Z', 1, 'a', id] })],
    ['too few values', forge({ t: 'tasks', v: ['2026-12-07T17:54:55.123Z', 1, id] })],
    ['too many values', forge({ t: 'tasks', v: [null, 1, 'a', id, id] })],
    ['values not an array', forge({ t: 'tasks', v: 'x' })],
    ['a date Postgres would refuse', forge({ t: 'tasks', v: ['1', 1, 'a', id] })],
    ['a date out of range', forge({ t: 'tasks', v: ['2026-13-45T99:00:00.000Z', 1, 'a', id] })],
    ['a date in another form', forge({ t: 'tasks', v: ['2026-12-07 17:54:55+00', 1, 'a', id] })],
    ['a number where a date goes', forge({ t: 'tasks', v: [1_700_000_000_000, 1, 'a', id] })],
    ['an integer above its range', forge({ t: 'tasks', v: [null, 4, 'a', id] })],
    ['a fraction', forge({ t: 'tasks', v: [null, 1.5, 'a', id] })],
    ['a string where an integer goes', forge({ t: 'tasks', v: [null, '1', 'a', id] })],
    ['a null that cannot be null', forge({ t: 'tasks', v: [null, 1, null, id] })],
    ['a NUL in text', forge({ t: 'tasks', v: [null, 1, 'a\u0000b', id] })],
    ['a lone surrogate in text', forge({ t: 'tasks', v: [null, 1, '\ud800', id] })],
    ['an object where text goes', forge({ t: 'tasks', v: [null, 1, { a: 1 }, id] })],
    ['dashes for an id', forge({ t: 'tasks', v: [null, 1, 'a', '-'.repeat(36)] })],
    ['an id with SQL in it', forge({ t: 'tasks', v: [null, 1, 'a', "' or 1=1 --"] })],
    ['longer than the limit', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
  ])('refuses %s as BAD_USER_INPUT on after', (_name, cursor) => {
    expect(refusal(cursor)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('names the field it was given', () => {
    expect(() => decodeCursor('x', 'tasks', keys, 'before')).toThrow(
      expect.objectContaining({ field: 'before' }),
    );
  });
});
