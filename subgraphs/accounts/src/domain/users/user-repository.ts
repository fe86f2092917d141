import { DomainError, type Knex, PgErrorCode, pgErrorCode } from '@taskflow/common';
import { toUser, type User, UserRow } from './user.model.js';

export class UserRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: { email: string; name: string; passwordHash: string }): Promise<User> {
    try {
      const row = await UserRow.query(this.knex).insertAndFetch(input);
      return toUser(row);
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) {
        throw new DomainError('CONFLICT', 'An account with this email already exists', { field: 'email' });
      }
      throw error;
    }
  }

  /** The user and their password hash, by email in any case. */
  async findCredentialsByEmail(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await UserRow.query(this.knex).whereRaw('lower(email) = lower(?)', [email]).first();
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await UserRow.query(this.knex).findById(id);
    return row ? toUser(row) : undefined;
  }
}
