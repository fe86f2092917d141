import { DomainError, type Knex, PgErrorCode, pgErrorCode } from '@taskflow/common';
import { type Tag, TagRow, toTag } from './tag.model.js';

const duplicateName = () =>
  new DomainError('CONFLICT', 'You already have a tag with this name', { field: 'name' });

/** The only code that touches the tags table; a duplicate name becomes CONFLICT. */
export class TagRepository {
  constructor(readonly knex: Knex) {}

  async insert(ownerId: string, fields: { name: string; color: string | null }): Promise<Tag> {
    try {
      return toTag(await TagRow.query(this.knex).insertAndFetch({ ownerId, ...fields }));
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) throw duplicateName();
      throw error;
    }
  }

  async update(
    ownerId: string,
    id: string,
    patch: { name?: string; color?: string | null },
  ): Promise<Tag | undefined> {
    try {
      const [row] = await TagRow.query(this.knex)
        .patch({ ...patch, updatedAt: new Date() })
        .where({ id, ownerId })
        .returning('*');
      return row ? toTag(row as TagRow) : undefined;
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) throw duplicateName();
      throw error;
    }
  }

  async delete(ownerId: string, id: string): Promise<boolean> {
    return (await TagRow.query(this.knex).delete().where({ id, ownerId })) > 0;
  }

  async listByOwner(ownerId: string): Promise<Tag[]> {
    const rows = await TagRow.query(this.knex).where({ ownerId }).orderByRaw('lower(name), id');
    return rows.map(toTag);
  }

  async findOwnedByIds(ownerId: string, ids: readonly string[]): Promise<Tag[]> {
    const rows = await TagRow.query(this.knex)
      .where({ ownerId })
      .whereIn('id', ids as string[]);
    return rows.map(toTag);
  }
}
