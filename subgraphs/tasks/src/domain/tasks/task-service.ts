import { DomainError, type Identity, type Knex, type Logger, notFound, parseInput } from '@taskflow/common';
import { parseRecurrence, type Recurrence } from '../recurrence/index.js';
import type { CallerCredentials, TagDirectory } from '../tags/tag-directory.js';
import type { Task, TaskPage } from './task.model.js';
import {
  createTaskSchema,
  filterSchema,
  isUuid,
  pageSizeSchema,
  tagIdsSchema,
  updateTaskSchema,
} from './task-input.js';
import { normaliseOrder, type OrderTerm, type TaskFilter } from './task-query.js';
import type { TaskRepository } from './task-repository.js';

/** Who is asking, with what they can forward to other subgraphs. */
export interface Caller extends CallerCredentials {
  identity: Identity;
}

export interface ListTasksArgs {
  filter?: TaskFilter | null;
  orderBy?: OrderTerm[] | null;
  first?: number | null;
  after?: string | null;
}

const ownerOf = (identity: Identity) => {
  if (!identity.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return identity.userId;
};

/**
 * The rules of tasks. Every method checks that the task is the caller's (another user's task is
 * NOT_FOUND, exactly like one that does not exist) and changes it in one transaction.
 */
export class TaskService {
  constructor(
    private readonly deps: {
      repository: TaskRepository;
      tags: TagDirectory;
      log: Logger;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async get(identity: Identity, id: string): Promise<Task> {
    const task = isUuid(id)
      ? await this.deps.repository.findOwned(this.deps.repository.knex, ownerOf(identity), id)
      : undefined;
    if (!task) throw notFound('Task');
    return task;
  }

  /** A federation reference: null (never an error) when the task is not the caller's. */
  async findOwnedByIds(identity: Identity, ids: readonly string[]): Promise<Map<string, Task>> {
    const valid = ids.filter(isUuid);
    if (!identity.userId || valid.length === 0) return new Map();
    const tasks = await this.deps.repository.findOwnedByIds(identity.userId, valid);
    return new Map(tasks.map((task) => [task.id, task]));
  }

  async list(identity: Identity, args: ListTasksArgs): Promise<TaskPage> {
    const ownerId = ownerOf(identity);
    const first = parseInput(pageSizeSchema, args.first, 'first');
    const filter = { ...(args.filter ?? {}), ...parseInput(filterSchema, args.filter ?? {}) } as TaskFilter;
    const order = normaliseOrder(args.orderBy);
    const now = this.now();
    const { tasks, hasNextPage } = await this.deps.repository.page(
      ownerId,
      filter,
      order,
      first,
      args.after,
      now,
    );
    let total: Promise<number> | undefined;
    return {
      edges: tasks.map(({ task, cursor }) => ({ cursor, node: task })),
      pageInfo: { hasNextPage, endCursor: tasks.at(-1)?.cursor ?? null },
      totalCount: () => {
        total ??= this.deps.repository.count(ownerId, filter, now);
        return total;
      },
    };
  }

  async create(caller: Caller, input: unknown): Promise<Task> {
    const ownerId = ownerOf(caller.identity);
    const fields = parseInput(createTaskSchema, input);
    const recurrence = fields.recurrence
      ? parseRecurrence(fields.recurrence, fields.dueAt ?? this.now())
      : null;
    await this.deps.tags.assertOwned(caller, fields.tagIds);
    return this.deps.repository.transaction(async (trx) => {
      const task = await this.deps.repository.insert(trx, {
        ownerId,
        title: fields.title,
        description: fields.description,
        priority: fields.priority,
        dueAt: fields.dueAt,
        tagIds: fields.tagIds,
        recurrence,
        ...(recurrence ? { seriesId: crypto.randomUUID(), occurrenceNumber: 1 } : {}),
      });
      this.deps.log.info({ taskId: task.id }, 'task created');
      return task;
    });
  }

  async update(caller: Caller, id: string, input: unknown): Promise<Task> {
    const fields = parseInput(updateTaskSchema, input);
    return this.change(caller.identity, id, async (trx, task) => {
      const patch: Partial<Task> = {};
      if (fields.title !== undefined && fields.title !== task.title) patch.title = fields.title;
      if (fields.description !== undefined && fields.description !== task.description)
        patch.description = fields.description;
      if (fields.priority !== undefined && fields.priority !== task.priority)
        patch.priority = fields.priority;
      if (fields.dueAt !== undefined && fields.dueAt?.getTime() !== task.dueAt?.getTime())
        patch.dueAt = fields.dueAt;
      if (fields.recurrence !== undefined) {
        const dtstart = (patch.dueAt !== undefined ? patch.dueAt : task.dueAt) ?? task.createdAt;
        const recurrence = fields.recurrence ? parseRecurrence(fields.recurrence, dtstart) : null;
        if (!sameRecurrence(recurrence, task.recurrence)) {
          patch.recurrence = recurrence;
          // Repeating starts a series; stopping keeps the id so past occurrences stay linked.
          if (recurrence && !task.seriesId)
            Object.assign(patch, { seriesId: crypto.randomUUID(), occurrenceNumber: 1 });
        }
      }
      return Object.keys(patch).length ? this.deps.repository.update(trx, task.id, patch) : task;
    });
  }

  complete(identity: Identity, id: string): Promise<Task> {
    return this.change(identity, id, (trx, task) =>
      task.status === 'COMPLETED'
        ? Promise.resolve(task)
        : this.deps.repository.update(trx, task.id, { status: 'COMPLETED', completedAt: this.now() }),
    );
  }

  reopen(identity: Identity, id: string): Promise<Task> {
    return this.change(identity, id, (trx, task) =>
      task.status === 'OPEN'
        ? Promise.resolve(task)
        : this.deps.repository.update(trx, task.id, { status: 'OPEN', completedAt: null }),
    );
  }

  delete(identity: Identity, id: string): Promise<Task> {
    return this.change(
      identity,
      id,
      (trx, task) =>
        task.deletedAt
          ? Promise.resolve(task)
          : this.deps.repository.update(trx, task.id, { deletedAt: this.now() }),
      { allowDeleted: true },
    );
  }

  restore(identity: Identity, id: string): Promise<Task> {
    return this.change(
      identity,
      id,
      (trx, task) =>
        task.deletedAt
          ? this.deps.repository.update(trx, task.id, { deletedAt: null })
          : Promise.resolve(task),
      { allowDeleted: true },
    );
  }

  async setTags(caller: Caller, taskId: string, tagIds: unknown): Promise<Task> {
    const ids = parseInput(tagIdsSchema, tagIds, 'tagIds');
    // Check the task first: another user's task is NOT_FOUND before anything is learnt about tags.
    await this.get(caller.identity, taskId);
    await this.deps.tags.assertOwned(caller, ids);
    return this.change(caller.identity, taskId, (trx, task) =>
      sameIds(ids, task.tagIds)
        ? Promise.resolve(task)
        : this.deps.repository.update(trx, task.id, { tagIds: ids }),
    );
  }

  /** Loads the caller's task locked in a transaction, refuses deleted ones, and applies `work`. */
  private change(
    identity: Identity,
    id: string,
    work: (trx: Knex.Transaction, task: Task) => Promise<Task>,
    options: { allowDeleted?: boolean } = {},
  ): Promise<Task> {
    const ownerId = ownerOf(identity);
    if (!isUuid(id)) return Promise.reject(notFound('Task'));
    return this.deps.repository.transaction(async (trx) => {
      const task = await this.deps.repository.findOwned(trx, ownerId, id, { forUpdate: true });
      if (!task) throw notFound('Task');
      if (task.deletedAt && !options.allowDeleted) {
        throw new DomainError('CONFLICT', 'The task is in the trash; restore it first', { field: 'id' });
      }
      return work(trx, task);
    });
  }
}

const sameIds = (a: string[], b: string[]) =>
  a.length === b.length && a.every((id, index) => id === b[index]);

const sameRecurrence = (a: Recurrence | null, b: Recurrence | null) =>
  a === b || (!!a && !!b && a.rule === b.rule && a.timezone === b.timezone && a.basis === b.basis);
