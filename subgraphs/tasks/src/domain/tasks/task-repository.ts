import {
  type Connection,
  type Db,
  DomainError,
  PgErrorCode,
  pgErrorCode,
  seekAfter,
  toConnection,
  toCount,
  UnitOfWork,
} from '@taskflow/common';
import { outboxInsert, type RawEnvelope } from '@taskflow/events';
import type { Knex } from 'knex';
import { PRIORITIES, type Task } from './task.js';
import { TaskRow, toRowPatch, toTask } from './task.model.js';
import {
  type CursorSource,
  encodeTaskCursor,
  type OrderTerm,
  type TaskFilter,
  TITLE_KEY_SQL,
  taskKeyset,
  toPrefixTsQuery,
} from './task-query.js';

/**
 * The only code that touches the tasks table: one owner's tasks, on the transaction (or, for reads,
 * the pool) it was built on by the unit of work. Writes of a row and its outbox events are one
 * statement each (a data-modifying CTE), which commits or fails whole.
 */
export class TaskRepository {
  constructor(
    private readonly db: Db,
    private readonly ownerId: string,
  ) {}

  private tasks() {
    return this.db('tasks').where('owner_id', this.ownerId);
  }

  /** The owner's task, locked for the rest of the transaction when `forUpdate`. */
  async find(id: string, options: { forUpdate?: boolean } = {}): Promise<Task | undefined> {
    const query = TaskRow.query(this.db).where({ id, ownerId: this.ownerId }).first();
    if (options.forUpdate) query.forUpdate();
    const row = await query;
    return row ? toTask(row) : undefined;
  }

  async findByIds(ids: readonly string[]): Promise<Task[]> {
    const rows = await TaskRow.query(this.db)
      .where({ ownerId: this.ownerId })
      .whereIn('id', ids as string[]);
    return rows.map(toTask);
  }

  /** The id of the occurrence made from `previousId`'s completion, if there is one. */
  async findNextOccurrenceId(previousId: string): Promise<string | undefined> {
    const row = await this.db('tasks').select('id').where('previous_occurrence_id', previousId).first();
    return row?.id;
  }

  /**
   * Inserts `task` (made whole by `newTask`) and its events in one statement. A second next
   * occurrence of the same completed task is CONFLICT (the unique `previous_occurrence_id`).
   */
  async insert(task: Task, events: readonly RawEnvelope[]): Promise<Task> {
    const insert = this.db('tasks')
      .insert({
        id: task.id,
        ownerId: task.ownerId,
        createdAt: task.createdAt,
        updatedAt: task.updatedAt,
        ...toRowPatch(task),
      })
      .returning(this.db.raw('1'))
      .toSQL();
    const append = outboxInsert(events, 'exists (select 1 from inserted)');
    try {
      await this.db.raw(
        `with inserted as (${insert.sql}), appended as (${append.sql} returning 1) select 1`,
        [...insert.bindings, ...append.bindings],
      );
    } catch (error) {
      if (pgErrorCode(error) === PgErrorCode.UNIQUE_VIOLATION) {
        throw new DomainError('CONFLICT', 'This occurrence already has a next occurrence');
      }
      throw error;
    }
    return task;
  }

  /**
   * Applies `patch` to `task` and writes `events` to the outbox, in one statement, if the task is
   * still as it was read: its `updatedAt` is the version. False when someone changed it since; the
   * caller reads it again and decides again.
   */
  async updateIfUnchanged(
    task: Task,
    patch: Partial<Task>,
    updatedAt: Date,
    events: readonly RawEnvelope[],
  ): Promise<boolean> {
    const update = this.tasks()
      .update({ ...toRowPatch(patch), updatedAt })
      .where({ id: task.id, updatedAt: task.updatedAt })
      .returning(this.db.raw('1'))
      .toSQL();
    const append = outboxInsert(events, 'exists (select 1 from changed)');
    const result = await this.db.raw(
      `with changed as (${update.sql}), appended as (${append.sql} returning 1)
       select count(*)::int as changed from changed`,
      [...update.bindings, ...append.bindings],
    );
    return (result.rows as { changed: number }[])[0]!.changed === 1;
  }

  /** The SQL of one page (`limit` rows); also what the benchmark EXPLAINs. */
  pageQuery(
    filter: TaskFilter,
    order: OrderTerm[],
    limit: number,
    after: string | null | undefined,
    now: Date,
  ) {
    const query = this.db('tasks').select('tasks.*', this.db.raw(TITLE_KEY_SQL));
    this.applyFilter(query, filter, now);
    seekAfter(query, taskKeyset(order), after);
    return query.limit(limit);
  }

  /** One page in the given order; its `totalCount` is counted (on the same handle) only if asked. */
  async page(
    filter: TaskFilter,
    order: OrderTerm[],
    first: number,
    after: string | null | undefined,
    now: Date,
  ): Promise<Connection<Task>> {
    const rows = (await this.pageQuery(filter, order, first + 1, after, now)) as (TaskRow & CursorSource)[];
    return toConnection(rows, first, {
      cursorOf: (row) => encodeTaskCursor(order, row),
      nodeOf: toTask,
      count: () => this.count(filter, now),
    });
  }

  /** The SQL of `totalCount`. */
  countQuery(filter: TaskFilter, now: Date) {
    const query = this.db('tasks');
    this.applyFilter(query, filter, now);
    return query.count({ count: '*' });
  }

  async count(filter: TaskFilter, now: Date): Promise<number> {
    const [row] = await this.countQuery(filter, now);
    return toCount(row?.count);
  }

  /**
   * Drops a deleted tag from the owner's tasks. Idempotent, so a redelivered TagDeleted is harmless.
   * Not a change of the task as clients see it (`tags` already hid the tag): no event, same updatedAt.
   */
  async removeTag(tagId: string): Promise<number> {
    return this.tasks()
      .update({ tagIds: this.db.raw('array_remove(tag_ids, ?::uuid)', [tagId]) })
      .whereRaw('tag_ids @> array[?::uuid]', [tagId]);
  }

  /** How many of the owner's live tasks carry each tag, in one query. */
  async countByTags(tagIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db
      .select(this.db.raw('tag_id'), this.db.raw('count(*) as count'))
      .from(this.db.raw('tasks, unnest(tag_ids) as tag_id'))
      .where('owner_id', this.ownerId)
      .whereNull('deleted_at')
      .whereRaw('tag_ids && ?::uuid[]', [tagIds as string[]])
      .whereRaw('tag_id = any(?::uuid[])', [tagIds as string[]])
      .groupByRaw('tag_id');
    return new Map(rows.map((row: { tagId: string; count: unknown }) => [row.tagId, toCount(row.count)]));
  }

  /** WHERE for the owner and the filter. `now` is passed in so "overdue" is one instant per request. */
  private applyFilter(query: Knex.QueryBuilder, filter: TaskFilter, now: Date): void {
    query.where('owner_id', this.ownerId);
    if (filter.onlyDeleted) query.whereNotNull('deleted_at');
    else if (!filter.includeDeleted) query.whereNull('deleted_at');
    if (filter.status) query.where('status', filter.status);
    // One array bound, however many priorities were sent (the service has made them distinct).
    if (filter.priorities?.length)
      query.whereRaw('priority = any(?::smallint[])', [filter.priorities.map((p) => PRIORITIES.indexOf(p))]);
    if (filter.tagIds?.length) query.whereRaw('tag_ids @> ?::uuid[]', [filter.tagIds]);
    if (filter.dueAfter) query.where('due_at', '>=', filter.dueAfter);
    if (filter.dueBefore) query.where('due_at', '<', filter.dueBefore);
    if (filter.overdue === true) query.where('status', 'OPEN').where('due_at', '<', now);
    if (filter.overdue === false) {
      query.where((q) => q.whereNot('status', 'OPEN').orWhereNull('due_at').orWhere('due_at', '>=', now));
    }
    if (filter.search) {
      const tsquery = toPrefixTsQuery(filter.search);
      if (tsquery) query.whereRaw(`search @@ to_tsquery('english', ?)`, [tsquery]);
    }
  }
}

/** Tasks' unit of work on `knex`: each unit gets the owner's repository on its transaction. */
export const createTaskUnitOfWork = (knex: Knex) =>
  new UnitOfWork(knex, (db, ownerId: string) => new TaskRepository(db, ownerId));
