import { DomainError } from '@taskflow/common';

/** A position in the newest-first order: the entry's time and id (the tie-breaker). */
export interface AuditCursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (cursor: AuditCursor) =>
  Buffer.from(JSON.stringify({ a: cursor.at.toISOString(), i: cursor.id })).toString('base64url');

const badCursor = () =>
  new DomainError('BAD_USER_INPUT', 'Invalid cursor: use an endCursor or cursor from this query', {
    field: 'after',
  });

export function decodeCursor(value: string): AuditCursor {
  if (value.length > 200) throw badCursor();
  let payload: { a?: unknown; i?: unknown };
  try {
    payload = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!payload || typeof payload.a !== 'string' || typeof payload.i !== 'string' || !UUID.test(payload.i))
    throw badCursor();
  const at = new Date(payload.a);
  if (Number.isNaN(at.getTime())) throw badCursor();
  return { at, id: payload.i };
}
