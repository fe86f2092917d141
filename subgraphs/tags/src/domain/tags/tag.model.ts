import { Model } from 'objection';

export interface Tag {
  id: string;
  ownerId: string;
  name: string;
  color: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A `Task` entity as the tags subgraph sees it: its id and, through @requires, its tag ids. */
export interface TaskTagIds {
  id: string;
  tagIds?: string[];
}

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
