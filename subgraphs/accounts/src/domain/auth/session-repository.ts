import type { Db } from '@taskflow/common';

/** The only code that touches the sessions table, on the handle its unit of work built it on. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async create(userId: string, expiresAt: Date): Promise<string> {
    const [row] = await this.db('sessions').insert({ userId, expiresAt }).returning('id');
    return (row as { id: string }).id;
  }

  /** The session's user while it is neither revoked nor expired. */
  async findActiveUserId(sessionId: string): Promise<string | undefined> {
    const row = await this.db('sessions')
      .select('userId')
      .where({ id: sessionId })
      .whereNull('revokedAt')
      .andWhere('expiresAt', '>', this.db.fn.now())
      .first();
    return (row as { userId: string } | undefined)?.userId;
  }

  async revoke(sessionId: string): Promise<boolean> {
    const changed = await this.db('sessions')
      .update({ revokedAt: this.db.fn.now() })
      .where({ id: sessionId })
      .whereNull('revokedAt');
    return changed > 0;
  }
}
