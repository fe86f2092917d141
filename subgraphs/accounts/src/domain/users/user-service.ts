import type { Identity } from '@taskflow/common';
import type { User } from './user.model.js';
import type { UserRepository } from './user-repository.js';

export class UserService {
  constructor(private readonly users: UserRepository) {}

  me(identity: Identity): Promise<User | undefined> {
    return identity.userId ? this.users.findById(identity.userId) : Promise.resolve(undefined);
  }

  /**
   * A `User` reference from another subgraph (an audit entry's actor). People see only themselves:
   * any other id resolves to null rather than revealing that the account exists.
   */
  async resolveReference(identity: Identity, id: string): Promise<User | null> {
    if (!identity.userId || identity.userId !== id) return null;
    return (await this.users.findById(id)) ?? null;
  }
}
