import { DomainError, type Identity } from '@taskflow/common';

/** Who is asking, with what they can forward to other subgraphs. */
export interface Caller {
  identity: Identity;
  identityToken: string;
  correlationId: string;
}

export const ownerOf = (identity: Identity) => {
  if (!identity.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return identity.userId;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
