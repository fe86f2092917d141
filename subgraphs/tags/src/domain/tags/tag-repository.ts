import { type Db, DomainError, type Knex, PgErrorCode, pgErrorCode, UnitOfWork } from '@taskflow/common';
import { outboxInsert, type RawEnvelope } from '@taskflow/events';
import type { Tag } from './tag.js';
import { TagRow, toTag } from './tag.model.js';

const duplicateName = () =>
  new DomainError('CONFLICT', 'You already have a tag with this name', { field: 'name' });

/**
 * The only code that touches the tags table: one owner's tags, on the handle its unit of work built
 * it on. A change and its outbox event are one statement (a data-modifying CTE), which commits or
 * fails whole; a duplicate name becomes CONFLICT.
 */
export class TagRepository {
  constructor(
    private readonly db: Db,
    private readonly ownerId: string,
  ) {}

  async find(id: string): Promise<Tag | undefined> {
    const row = await TagRow.query(this.db).where({ id, ownerId: this.ownerId }).first();
    return row ? toTag(row) : undefined;
  }

  async list(): Promise<Tag[]> {
    const rows = await TagRow.query(this.db).where({ ownerId: this.ownerId }).orderByRaw('lower(name), id');
    return rows.map(toTag);
  }

  async findByIds(ids: readonly string[]): Promise<Tag[]> {
    const rows = await TagRow.query(this.db)
      .where({ ownerId: this.ownerId })
      .whereIn('id', ids as string[]);
    return rows.map(toTag);
  }

  /** Inserts `tag` (made whole by the service) and its events. */
  async insert(tag: Tag, events: readonly RawEnvelope[]): Promise<void> {
    await this.withEvents(this.db('tags').insert({ ...tag, ownerId: this.ownerId }), events);
  }

  /** Applies `patch` with its events if the tag is still as read (`updatedAt` is its version). */
  updateIfUnchanged(
    before: Tag,
    patch: Partial<Pick<Tag, 'name' | 'color' | 'updatedAt'>>,
    events: readonly RawEnvelope[],
  ): Promise<boolean> {
    return this.withEvents(this.unchanged(before).update(patch), events);
  }

  /** Deletes the tag with its events if it is still as read. */
  deleteIfUnchanged(before: Tag, events: readonly RawEnvelope[]): Promise<boolean> {
    return this.withEvents(this.unchanged(before).delete(), events);
  }

  private unchanged(before: Tag) {
    return this.db('tags').where({ id: before.id, ownerId: this.ownerId, updatedAt: before.updatedAt });
  }

  /** `change` and the outbox insert of `events` in one statement; true when `change` touched a row. */
  private async withEvents(change: Knex.QueryBuilder, events: readonly RawEnvelope[]): Promise<boolean> {
    const statement = change.returning(this.db.raw('1')).toSQL();
    const append = outboxInsert(events, 'exists (select 1 from changed)');
    try {
      const result = await this.db.raw(
        `with changed as (${statement.sql}), appended as (${append.sql} returning 1)
         select count(*)::int as changed from changed`,
        [...statement.bindings, ...append.bindings],
      );
      return (result.rows as { changed: number }[])[0]!.changed > 0;
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) throw duplicateName();
      throw error;
    }
  }
}

/** Tags' unit of work on `knex`: each unit gets the owner's repository. */
export const createTagUnitOfWork = (knex: Knex) =>
  new UnitOfWork(knex, (db, ownerId: string) => new TagRepository(db, ownerId));
export type TagUnitOfWork = ReturnType<typeof createTagUnitOfWork>;
