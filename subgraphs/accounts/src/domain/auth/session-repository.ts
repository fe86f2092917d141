import type { Knex } from '@taskflow/common';

export class SessionRepository {
  constructor(private readonly knex: Knex) {}

  async create(userId: string, expiresAt: Date): Promise<string> {
    const [row] = await this.knex('sessions').insert({ userId, expiresAt }).returning('id');
    return (row as { id: string }).id;
  }

  /** The session's user while it is neither revoked nor expired. */
  async findActiveUserId(sessionId: string): Promise<string | undefined> {
    const row = await this.knex('sessions')
      .select('userId')
      .where({ id: sessionId })
      .whereNull('revokedAt')
      .andWhere('expiresAt', '>', this.knex.fn.now())
      .first();
    return (row as { userId: string } | undefined)?.userId;
  }

  async revoke(sessionId: string): Promise<boolean> {
    const changed = await this.knex('sessions')
      .update({ revokedAt: this.knex.fn.now() })
      .where({ id: sessionId })
      .whereNull('revokedAt');
    return changed > 0;
  }
}
