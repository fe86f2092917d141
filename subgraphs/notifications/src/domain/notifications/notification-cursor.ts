import { DomainError } from '@taskflow/common';

/** A position in the newest-first order: the notification's creation time and id (the tie-breaker). */
export interface NotificationCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (cursor: NotificationCursor) =>
  Buffer.from(JSON.stringify({ c: cursor.createdAt.toISOString(), i: cursor.id })).toString('base64url');

const badCursor = () =>
  new DomainError('BAD_USER_INPUT', 'Invalid cursor: use an endCursor or cursor from this query', {
    field: 'after',
  });

export function decodeCursor(value: string): NotificationCursor {
  if (value.length > 200) throw badCursor();
  let payload: { c?: unknown; i?: unknown };
  try {
    payload = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!payload || typeof payload.c !== 'string' || typeof payload.i !== 'string' || !UUID.test(payload.i))
    throw badCursor();
  const createdAt = new Date(payload.c);
  if (Number.isNaN(createdAt.getTime())) throw badCursor();
  return { createdAt, id: payload.i };
}
