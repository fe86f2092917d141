import { type Knex, UnitOfWork } from '@taskflow/common';
import { ApiKeyRepository } from './api-keys/api-key-repository.js';
import { SessionRepository } from './auth/session-repository.js';
import { UserRepository } from './users/user-repository.js';

/** The repositories of one unit of work, all on its transaction (or, outside one, on the pool). */
export interface AccountsRepositories {
  users: UserRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
}

/**
 * Accounts' work is not one owner's: sign-in looks a person up by email, authentication a session or
 * key by its id or hash. Services pass the owner to the repository methods that need one.
 */
export type AccountsUnitOfWork = UnitOfWork<AccountsRepositories, null>;

export const createAccountsUnitOfWork = (knex: Knex): AccountsUnitOfWork =>
  new UnitOfWork(knex, (db) => ({
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    apiKeys: new ApiKeyRepository(db),
  }));
