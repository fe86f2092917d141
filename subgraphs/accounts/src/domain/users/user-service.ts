import type { Identity } from '@taskflow/common';
import type { AccountsUnitOfWork } from '../repositories.js';
import type { User } from './user.js';

export class UserService {
  constructor(private readonly deps: { work: AccountsUnitOfWork }) {}

  me(identity: Identity): Promise<User | undefined> {
    const { userId } = identity;
    return userId
      ? this.deps.work.run(null, ({ users }) => users.findById(userId))
      : Promise.resolve(undefined);
  }

  /**
   * A `User` reference from another subgraph (an audit entry's actor). People see only themselves:
   * any other id resolves to null rather than revealing that the account exists.
   */
  async resolveReference(identity: Identity, id: string): Promise<User | null> {
    if (!identity.userId || identity.userId !== id) return null;
    return (await this.me(identity)) ?? null;
  }
}
