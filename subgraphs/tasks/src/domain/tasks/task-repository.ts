import { DomainError, type Knex, PgErrorCode, pgErrorCode, toCount } from '@taskflow/common';
import { outboxInsert, type RawEnvelope } from '@taskflow/events';
import { type Task, TaskRow, toRowPatch, toTask } from './task.model.js';
import {
  applyCursor,
  applyFilter,
  applyOrder,
  type CursorSource,
  decodeCursor,
  encodeCursor,
  type OrderTerm,
  type TaskFilter,
  TITLE_KEY_SQL,
} from './task-query.js';

export type NewTask = Pick<
  Task,
  'ownerId' | 'title' | 'description' | 'priority' | 'dueAt' | 'recurrence' | 'tagIds'
> &
  Partial<Pick<Task, 'seriesId' | 'occurrenceNumber' | 'previousOccurrenceId'>>;

/** The only code that touches the tasks table. */
export class TaskRepository {
  constructor(readonly knex: Knex) {}

  transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(work);
  }

  async insert(db: Knex, task: NewTask): Promise<Task> {
    try {
      // One round trip: Postgres returns the row with its defaults (insertAndFetch would select it again).
      const row = await TaskRow.query(db)
        .insert({ ownerId: task.ownerId, ...toRowPatch(task) })
        .returning('*');
      return toTask(row as unknown as TaskRow);
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) {
        throw new DomainError('CONFLICT', 'This occurrence already has a next occurrence');
      }
      throw error;
    }
  }

  /** The owner's task, locked for the rest of the transaction when `forUpdate`. */
  async findOwned(
    db: Knex,
    ownerId: string,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<Task | undefined> {
    const query = TaskRow.query(db).where({ id, ownerId }).first();
    if (options.forUpdate) query.forUpdate();
    const row = await query;
    return row ? toTask(row) : undefined;
  }

  /** The id of the occurrence made from `previousId`'s completion, if there is one. */
  async findNextOccurrenceId(db: Knex, previousId: string): Promise<string | undefined> {
    const row = await db('tasks').select('id').where('previous_occurrence_id', previousId).first();
    return row?.id;
  }

  async findOwnedByIds(ownerId: string, ids: readonly string[]): Promise<Task[]> {
    const rows = await TaskRow.query(this.knex)
      .where({ ownerId })
      .whereIn('id', ids as string[]);
    return rows.map(toTask);
  }

  /**
   * Applies `patch` to `task` and writes `events` to the outbox, in one statement (it commits or
   * fails whole), if the task is still as it was read: its `updatedAt` is the version. False when
   * someone changed it since; the caller reads it again and decides again.
   */
  async updateIfUnchanged(
    task: Task,
    patch: Partial<Task>,
    updatedAt: Date,
    events: readonly RawEnvelope[],
  ): Promise<boolean> {
    const update = this.knex('tasks')
      .update({ ...toRowPatch(patch), updatedAt })
      .where({ id: task.id, ownerId: task.ownerId, updatedAt: task.updatedAt })
      .returning(this.knex.raw('1'))
      .toSQL();
    const append = outboxInsert(events, 'exists (select 1 from changed)');
    const result = await this.knex.raw(
      `with changed as (${update.sql}), appended as (${append.sql} returning 1)
       select count(*)::int as changed from changed`,
      [...update.bindings, ...append.bindings],
    );
    return (result.rows as { changed: number }[])[0]!.changed === 1;
  }

  /** The SQL of one page (`limit` rows); also what the benchmark EXPLAINs. */
  pageQuery(
    ownerId: string,
    filter: TaskFilter,
    order: OrderTerm[],
    limit: number,
    after: string | null | undefined,
    now: Date,
  ) {
    const values = after ? decodeCursor(order, after) : undefined;
    const query = this.knex('tasks').select('tasks.*', this.knex.raw(TITLE_KEY_SQL));
    applyFilter(query, ownerId, filter, now);
    if (values) applyCursor(query, order, values);
    applyOrder(query, order);
    return query.limit(limit);
  }

  /** One page in the given order, plus whether more follow. */
  async page(
    ownerId: string,
    filter: TaskFilter,
    order: OrderTerm[],
    first: number,
    after: string | null | undefined,
    now: Date,
  ): Promise<{ tasks: { task: Task; cursor: string }[]; hasNextPage: boolean }> {
    const rows = (await this.pageQuery(ownerId, filter, order, first + 1, after, now)) as (TaskRow &
      CursorSource)[];
    return {
      tasks: rows.slice(0, first).map((row) => ({ task: toTask(row), cursor: encodeCursor(order, row) })),
      hasNextPage: rows.length > first,
    };
  }

  /** The SQL of `totalCount`. */
  countQuery(ownerId: string, filter: TaskFilter, now: Date) {
    const query = this.knex('tasks');
    applyFilter(query, ownerId, filter, now);
    return query.count({ count: '*' });
  }

  async count(ownerId: string, filter: TaskFilter, now: Date): Promise<number> {
    const [row] = await this.countQuery(ownerId, filter, now);
    return toCount(row?.count);
  }

  /**
   * Drops a deleted tag from the owner's tasks. Idempotent, so a redelivered TagDeleted is harmless.
   * Not a change of the task as clients see it (`tags` already hid the tag): no event, same updatedAt.
   */
  async removeTag(ownerId: string, tagId: string): Promise<number> {
    return this.knex('tasks')
      .update({ tagIds: this.knex.raw('array_remove(tag_ids, ?::uuid)', [tagId]) })
      .where('owner_id', ownerId)
      .whereRaw('tag_ids @> array[?::uuid]', [tagId]);
  }

  /** How many of the owner's live tasks carry each tag, in one query. */
  async countByTags(ownerId: string, tagIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.knex
      .select(this.knex.raw('tag_id'), this.knex.raw('count(*) as count'))
      .from(this.knex.raw('tasks, unnest(tag_ids) as tag_id'))
      .where('owner_id', ownerId)
      .whereNull('deleted_at')
      .whereRaw('tag_ids && ?::uuid[]', [tagIds as string[]])
      .whereRaw('tag_id = any(?::uuid[])', [tagIds as string[]])
      .groupByRaw('tag_id');
    return new Map(rows.map((row: { tagId: string; count: unknown }) => [row.tagId, toCount(row.count)]));
  }
}
