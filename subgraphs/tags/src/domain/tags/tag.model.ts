import { Model } from 'objection';
import type { Tag } from './tag.js';

/** The tags table's rows (objection) and their mapping to the domain's `Tag`: only its repository uses them. */
export class TagRow extends Model {
  static override tableName = 'tags';
  declare id: string;
  declare ownerId: string;
  declare name: string;
  declare color: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export const toTag = (row: TagRow): Tag => ({
  id: row.id,
  ownerId: row.ownerId,
  name: row.name,
  color: row.color,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
