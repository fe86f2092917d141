import type { BaseContext } from '../context.js';
import type { CallerCredentials } from '../entity-client.js';
import { DomainError } from '../errors.js';
import type { Identity } from '../identity.js';

/**
 * Who is asking: the slice of the request context a service needs. The identity decides what they
 * may see; the token and correlation id are what a call to another subgraph forwards on their behalf
 * and what their change's event carries.
 */
export interface Caller extends CallerCredentials {
  identity: Identity;
}

/** The caller of a request, from its context (every subgraph's context extends `BaseContext`). */
export const callerOf = (context: BaseContext): Caller => ({
  identity: context.identity,
  identityToken: context.identityToken,
  correlationId: context.correlationId,
});

/** The signed-in user's id (the owner of whatever they touch), or UNAUTHENTICATED. */
export function requireUser(who: Caller | Identity): string {
  const identity = 'identity' in who ? who.identity : who;
  if (!identity.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return identity.userId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one id check: ids are UUIDs, and anything else names nothing (NOT_FOUND or a null entity,
 * never a database error about its syntax).
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * Federation references: the caller's own objects among `ids`, by id. Malformed ids name nothing,
 * and the anonymous own nothing, so neither reaches `find` (which gets the owner and valid ids).
 */
export async function findOwnedByIds<T>(
  identity: Identity,
  ids: readonly string[],
  find: (ownerId: string, ids: string[]) => Promise<readonly T[]>,
  idOf: (found: T) => string,
): Promise<Map<string, T>> {
  const valid = ids.filter(isUuid);
  if (!identity.userId || valid.length === 0) return new Map();
  const found = await find(identity.userId, valid);
  return new Map(found.map((item) => [idOf(item), item]));
}
