import { type Db, type Scope, toCount } from '@taskflow/common';
import type { ApiKey } from './api-key.js';
import { ApiKeyRow, toApiKey } from './api-key.model.js';

/** The only code that touches the api_keys table, on the handle its unit of work built it on. */
export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  async create(input: {
    userId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: Scope[];
  }): Promise<ApiKey> {
    return toApiKey(await ApiKeyRow.query(this.db).insertAndFetch(input));
  }

  async listActive(userId: string): Promise<ApiKey[]> {
    const rows = await ApiKeyRow.query(this.db)
      .where({ userId })
      .whereNull('revokedAt')
      .orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id' }]);
    return rows.map(toApiKey);
  }

  async countActive(userId: string): Promise<number> {
    const [row] = await ApiKeyRow.query(this.db)
      .where({ userId })
      .whereNull('revokedAt')
      .count({ count: '*' });
    return toCount((row as unknown as { count: unknown })?.count);
  }

  /** Revokes the caller's own key; false when it is not theirs, unknown or already revoked. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const changed = await ApiKeyRow.query(this.db)
      .patch({ revokedAt: new Date() })
      .where({ id, userId })
      .whereNull('revokedAt');
    return changed > 0;
  }

  async findActiveByHash(keyHash: string): Promise<ApiKey | undefined> {
    const row = await ApiKeyRow.query(this.db).where({ keyHash }).whereNull('revokedAt').first();
    return row ? toApiKey(row) : undefined;
  }

  /** Records use at most once a minute per key, so authentication does not write on every request. */
  async touch(id: string): Promise<void> {
    await this.db('api_keys')
      .update({ lastUsedAt: this.db.fn.now() })
      .where({ id })
      .andWhere((q) =>
        q.whereNull('lastUsedAt').orWhere('lastUsedAt', '<', this.db.raw("now() - interval '1 minute'")),
      );
  }
}
