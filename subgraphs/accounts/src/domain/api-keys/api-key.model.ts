import type { Scope } from '@taskflow/common';
import { Model } from 'objection';
import type { ApiKey } from './api-key.js';

/** The api_keys table's rows (objection) and their mapping to the domain's `ApiKey`: only its repository uses them. */
export class ApiKeyRow extends Model {
  static override tableName = 'api_keys';
  declare id: string;
  declare userId: string;
  declare name: string;
  declare prefix: string;
  declare keyHash: string;
  declare scopes: Scope[];
  declare createdAt: Date;
  declare lastUsedAt: Date | null;
  declare revokedAt: Date | null;
}

export const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  userId: row.userId,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
});
