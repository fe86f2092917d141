import { DomainError, type Knex, PgErrorCode, pgErrorCode } from '@taskflow/common';
import { type Tag, TagRow, toTag } from './tag.model.js';

const duplicateName = () =>
  new DomainError('CONFLICT', 'You already have a tag with this name', { field: 'name' });

/** The only code that touches the tags table; a duplicate name becomes CONFLICT. */
export class TagRepository {
  constructor(readonly knex: Knex) {}

  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(work);
  }

  async insert(db: Knex, ownerId: string, fields: { name: string; color: string | null }): Promise<Tag> {
    try {
      return toTag(await TagRow.query(db).insertAndFetch({ ownerId, ...fields }));
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) throw duplicateName();
      throw error;
    }
  }

  async update(
    db: Knex,
    ownerId: string,
    id: string,
    patch: { name?: string; color?: string | null },
  ): Promise<Tag | undefined> {
    try {
      const [row] = await TagRow.query(db)
        .patch({ ...patch, updatedAt: new Date() })
        .where({ id, ownerId })
        .returning('*');
      return row ? toTag(row as TagRow) : undefined;
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) throw duplicateName();
      throw error;
    }
  }

  /** Deletes the owner's tag; returns what it was, or undefined when there was none. */
  async delete(db: Knex, ownerId: string, id: string): Promise<Tag | undefined> {
    const [row] = await TagRow.query(db).delete().where({ id, ownerId }).returning('*');
    return row ? toTag(row as TagRow) : undefined;
  }

  async findOwned(
    db: Knex,
    ownerId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<Tag | undefined> {
    const query = TagRow.query(db).where({ id, ownerId }).first();
    if (options.forUpdate) query.forUpdate();
    const row = await query;
    return row ? toTag(row) : undefined;
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
