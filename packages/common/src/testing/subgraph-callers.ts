import { randomUUID } from 'node:crypto';
import { IDENTITY_HEADER, type Identity, signIdentity } from '../identity.js';

/** A caller in a subgraph's own tests: a user id and the identity the gateway would forward. */
export interface Persona {
  id: string;
  identity: Identity;
}

/** A fresh user: a signed-in person by default, or an API key (READ scope alone). */
export const persona = (scopes: Identity['scopes'] = ['READ', 'WRITE']): Persona => {
  const id = randomUUID();
  return { id, identity: { kind: scopes.includes('WRITE') ? 'session' : 'apiKey', userId: id, scopes } };
};

export interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Posts an operation straight to a subgraph as the gateway does: with the caller's signed identity. */
export async function requestAsGateway<T>(
  url: string,
  internalSecret: string,
  identity: Identity,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await signIdentity(identity, internalSecret),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<T>;
}
