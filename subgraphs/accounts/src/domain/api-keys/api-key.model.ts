import type { Scope } from '@taskflow/common';
import { Model } from 'objection';

export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

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
