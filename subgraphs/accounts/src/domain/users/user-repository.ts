import { type Db, DomainError, PgErrorCode, pgErrorCode } from '@taskflow/common';
import { emailKey } from './email.js';
import type { User } from './user.js';
import { toUser, UserRow } from './user.model.js';

/** The only code that touches the users table, on the handle its unit of work built it on. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  /** A new person; an email already taken (in any case or Unicode form) is CONFLICT. */
  async create(input: { email: string; name: string; passwordHash: string }): Promise<User> {
    try {
      const row = await UserRow.query(this.db).insertAndFetch({ ...input, emailKey: emailKey(input.email) });
      return toUser(row);
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) {
        throw new DomainError('CONFLICT', 'An account with this email already exists', { field: 'email' });
      }
      throw error;
    }
  }

  /** The user and their password hash, by email in any case or Unicode form. */
  async findCredentialsByEmail(email: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await UserRow.query(this.db)
      .where({ emailKey: emailKey(email) })
      .first();
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  /**
   * Locks the person's row until the transaction ends, so changes that count their rows (API keys)
   * take turns; false when there is no such person. `no key update` does not block the foreign-key
   * checks of their other inserts (a sign-in's session).
   */
  async lock(id: string): Promise<boolean> {
    return !!(await this.db('users').select('id').where({ id }).forNoKeyUpdate().first());
  }

  async findById(id: string): Promise<User | undefined> {
    const row = await UserRow.query(this.db).findById(id);
    return row ? toUser(row) : undefined;
  }
}
