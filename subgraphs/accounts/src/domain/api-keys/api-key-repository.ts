import { type Knex, type Scope, toCount } from '@taskflow/common';
import { type ApiKey, ApiKeyRow, toApiKey } from './api-key.model.js';

export class ApiKeyRepository {
  constructor(private readonly knex: Knex) {}

  async create(input: {
    userId: string;
    name: string;
    prefix: string;
    keyHash: string;
    scopes: Scope[];
  }): Promise<ApiKey> {
    return toApiKey(await ApiKeyRow.query(this.knex).insertAndFetch(input));
  }

  async listActive(userId: string): Promise<ApiKey[]> {
    const rows = await ApiKeyRow.query(this.knex)
      .where({ userId })
      .whereNull('revokedAt')
      .orderBy([{ column: 'createdAt', order: 'desc' }, { column: 'id' }]);
    return rows.map(toApiKey);
  }

  async countActive(userId: string): Promise<number> {
    const [row] = await ApiKeyRow.query(this.knex)
      .where({ userId })
      .whereNull('revokedAt')
      .count({ count: '*' });
    return toCount((row as unknown as { count: unknown })?.count);
  }

  /** Revokes the caller's own key; false when it is not theirs, unknown or already revoked. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const changed = await ApiKeyRow.query(this.knex)
      .patch({ revokedAt: new Date() })
      .where({ id, userId })
      .whereNull('revokedAt');
    return changed > 0;
  }

  async findActiveByHash(keyHash: string): Promise<ApiKey | undefined> {
    const row = await ApiKeyRow.query(this.knex).where({ keyHash }).whereNull('revokedAt').first();
    return row ? toApiKey(row) : undefined;
  }

  /** Records use at most once a minute per key, so authentication does not write on every request. */
  async touch(id: string): Promise<void> {
    await this.knex('api_keys')
      .update({ lastUsedAt: this.knex.fn.now() })
      .where({ id })
      .andWhere((q) =>
        q.whereNull('lastUsedAt').orWhere('lastUsedAt', '<', this.knex.raw("now() - interval '1 minute'")),
      );
  }
}
