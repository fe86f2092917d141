import { DomainError } from '../errors.js';
import { isCleanText } from '../validation.js';
import { isUuid } from './caller.js';

/**
 * The one limit on a cursor's length, for every connection: above any cursor we hand out (a task's
 * cursor may carry a 500-character title, three bytes a character, in base64) and small enough that a
 * forged one is refused before anything parses it.
 */
export const MAX_CURSOR_LENGTH = 4_096;

export type CursorValue = string | number | null;

/** What one value of a cursor must be, checked on the way in so the database never sees a bad one. */
export type CursorKey =
  | { kind: 'timestamp'; nullable?: boolean }
  | { kind: 'uuid'; nullable?: boolean }
  | { kind: 'text'; nullable?: boolean }
  | { kind: 'integer'; min: number; max: number; nullable?: boolean };

interface CursorPayload {
  /** What the cursor was made for (a connection, an order): one made for another is refused. */
  t: string;
  v: CursorValue[];
}

/** An opaque cursor: a row's sort values, tied to what they were made for. */
export function encodeCursor(tag: string, values: readonly CursorValue[]): string {
  const payload: CursorPayload = { t: tag, v: [...values] };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export const invalidCursor = (field = 'after') =>
  new DomainError('BAD_USER_INPUT', 'Invalid cursor: use an endCursor or cursor from this query', { field });

/** As `Date#toISOString` writes it, so Postgres reads back exactly the instant we wrote. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isValid = (key: CursorKey, value: unknown): boolean => {
  if (value === null) return key.nullable === true;
  switch (key.kind) {
    case 'timestamp':
      return (
        typeof value === 'string' &&
        ISO_INSTANT.test(value) &&
        !Number.isNaN(Date.parse(value)) &&
        new Date(value).toISOString() === value
      );
    case 'uuid':
      return isUuid(value);
    case 'text':
      return typeof value === 'string' && isCleanText(value);
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= key.min && (value as number) <= key.max;
  }
};

/**
 * The values of a cursor made by `encodeCursor(tag, …)` for rows keyed by `keys`. Anything else (too
 * long, not base64 JSON, another tag, a value of the wrong kind) is BAD_USER_INPUT on `field`.
 */
export function decodeCursor(
  cursor: string,
  tag: string,
  keys: readonly CursorKey[],
  field = 'after',
): CursorValue[] {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH)
    throw invalidCursor(field);
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(field);
  }
  const { t, v } = (payload ?? {}) as Partial<CursorPayload>;
  if (t !== tag || !Array.isArray(v) || v.length !== keys.length) throw invalidCursor(field);
  if (!v.every((value, index) => isValid(keys[index]!, value))) throw invalidCursor(field);
  return v;
}
