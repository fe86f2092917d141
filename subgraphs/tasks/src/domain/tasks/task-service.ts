import {
  type CallerCredentials,
  DomainError,
  type Identity,
  type Knex,
  type Logger,
  notFound,
  pageSizeSchema,
  parseInput,
} from '@taskflow/common';
import { appendEvents, type FieldChanges, type RawEnvelope, type TaskSnapshot } from '@taskflow/events';
import { parseRecurrence, type Recurrence } from '../recurrence/index.js';
import type { TagDirectory } from '../tags/tag-directory.js';
import { type NoNextOccurrence, nextOccurrenceOf, planNextOccurrence } from './next-occurrence.js';
import type { Task, TaskPage } from './task.model.js';
import { diffSnapshots, taskEvent, toSnapshot } from './task-events.js';
import { createTaskSchema, filterSchema, isUuid, tagIdsSchema, updateTaskSchema } from './task-input.js';
import { normaliseOrder, type OrderTerm, type TaskFilter } from './task-query.js';
import type { NewTask, TaskRepository } from './task-repository.js';

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

/** A completion the recurrence worker continues (from a TaskCompleted event). */
export interface Completion {
  ownerId: string;
  taskId: string;
  correlationId: string | null;
}

export type NextOccurrenceOutcome =
  | { outcome: 'created'; task: Task }
  /** Made before (a redelivery, a duplicate, a re-completion, another replica); null id: lost a race. */
  | { outcome: 'exists'; taskId: string | null }
  | { outcome: 'none'; reason: NoNextOccurrence | 'not-found' };

const ownerOf = (identity: Identity) => {
  if (!identity.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return identity.userId;
};

/**
 * The rules of tasks. Every method checks that the task is the caller's (another user's task is
 * NOT_FOUND, exactly like one that does not exist) and changes it atomically together with the
 * outbox event that tells the rest of the system (audit, notifications, live subscribers): edits in
 * one optimistic statement (`change`), creations in a transaction. A call that changes nothing
 * (completing a completed task) writes no event.
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
      const fresh: NewTask = {
        ownerId,
        title: fields.title,
        description: fields.description,
        priority: fields.priority,
        dueAt: fields.dueAt,
        tagIds: fields.tagIds,
        recurrence,
        ...(recurrence ? { seriesId: crypto.randomUUID(), occurrenceNumber: 1 } : {}),
      };
      const task = await this.insertWithEvent(trx, fresh, caller.correlationId);
      this.deps.log.info({ taskId: task.id }, 'task created');
      return task;
    });
  }

  async update(caller: Caller, id: string, input: unknown): Promise<Task> {
    const fields = parseInput(updateTaskSchema, input);
    return this.change(caller, id, (task) => {
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
      if (Object.keys(patch).length === 0) return null;
      return {
        patch,
        event: (updated, changes) => taskEvent('TaskUpdated', updated, caller.correlationId, { changes }),
      };
    });
  }

  complete(caller: Caller, id: string): Promise<Task> {
    return this.transition(caller, id, 'TaskCompleted', (task) =>
      task.status === 'COMPLETED' ? null : { status: 'COMPLETED', completedAt: this.now() },
    );
  }

  reopen(caller: Caller, id: string): Promise<Task> {
    return this.transition(caller, id, 'TaskReopened', (task) =>
      task.status === 'OPEN' ? null : { status: 'OPEN', completedAt: null },
    );
  }

  delete(caller: Caller, id: string): Promise<Task> {
    return this.transition(
      caller,
      id,
      'TaskDeleted',
      (task) => (task.deletedAt ? null : { deletedAt: this.now() }),
      {
        allowDeleted: true,
      },
    );
  }

  restore(caller: Caller, id: string): Promise<Task> {
    return this.transition(
      caller,
      id,
      'TaskRestored',
      (task) => (task.deletedAt ? { deletedAt: null } : null),
      {
        allowDeleted: true,
      },
    );
  }

  async setTags(caller: Caller, taskId: string, tagIds: unknown): Promise<Task> {
    const ids = parseInput(tagIdsSchema, tagIds, 'tagIds');
    // The task is read first: another user's task is NOT_FOUND before anything is learnt about tags.
    return this.change(caller, taskId, async (task) => {
      await this.deps.tags.assertOwned(caller, ids);
      if (sameIds(ids, task.tagIds)) return null;
      return {
        patch: { tagIds: ids },
        event: (updated) =>
          taskEvent('TaskTagsChanged', updated, caller.correlationId, {
            addedTagIds: ids.filter((tagId) => !task.tagIds.includes(tagId)),
            removedTagIds: task.tagIds.filter((tagId) => !ids.includes(tagId)),
          }),
      };
    });
  }

  /**
   * Continues a recurring series after a completion (the recurrence worker's one call): creates the
   * next occurrence exactly like `create` does (row and TaskCreated event in one transaction; the
   * event's snapshot carries `previousOccurrenceId`), as its owner, under the completion's
   * correlation id. The completed task is read as it is now, locked, so a concurrent reopen, edit
   * or second delivery waits for this to commit. Exactly once: the unique key on
   * `previous_occurrence_id` makes every later attempt for the same completed task an `exists`.
   */
  async createNextOccurrence(completion: Completion): Promise<NextOccurrenceOutcome> {
    const { ownerId, taskId, correlationId } = completion;
    if (!isUuid(ownerId) || !isUuid(taskId)) return { outcome: 'none', reason: 'not-found' };
    const { repository } = this.deps;
    try {
      return await repository.transaction(async (trx): Promise<NextOccurrenceOutcome> => {
        const previous = await repository.findOwned(trx, ownerId, taskId, { forUpdate: true });
        if (!previous) return { outcome: 'none', reason: 'not-found' };
        const existingId = await repository.findNextOccurrenceId(trx, previous.id);
        if (existingId) return { outcome: 'exists', taskId: existingId };
        const plan = planNextOccurrence(previous);
        if ('none' in plan) return { outcome: 'none', reason: plan.none };
        const task = await this.insertWithEvent(trx, nextOccurrenceOf(previous, plan.dueAt), correlationId);
        return { outcome: 'created', task };
      });
    } catch (error) {
      // The unique key caught what the check above could not see (a concurrent insert).
      if (error instanceof DomainError && error.code === 'CONFLICT')
        return { outcome: 'exists', taskId: null };
      throw error;
    }
  }

  /** How every task comes to be, a person's or the worker's: the row and its TaskCreated, in `trx`. */
  private async insertWithEvent(trx: Knex.Transaction, fresh: NewTask, correlationId: string | null) {
    const task = await this.deps.repository.insert(trx, fresh);
    await appendEvents(trx, [taskEvent('TaskCreated', task, correlationId)]);
    return task;
  }

  /** A state change (complete, reopen, delete, restore): `patchFor` says what changes, or null for nothing. */
  private transition(
    caller: Caller,
    id: string,
    type: 'TaskCompleted' | 'TaskReopened' | 'TaskDeleted' | 'TaskRestored',
    patchFor: (task: Task) => Partial<Task> | null,
    options: { allowDeleted?: boolean } = {},
  ): Promise<Task> {
    return this.change(
      caller,
      id,
      (task) => {
        const patch = patchFor(task);
        if (!patch) return null;
        return {
          patch,
          event: (updated, changes) => taskEvent(type, updated, caller.correlationId, { changes }),
        };
      },
      options,
    );
  }

  /**
   * Changes the caller's task and writes its event, in one statement, optimistically: read the task,
   * let `plan` decide the patch (null: nothing changes, no event), then apply it only if the task is
   * still as read (its `updatedAt` is the version, made strictly increasing here). If someone changed
   * it meanwhile, read and decide again. Two round trips, where a locking transaction took five
   * (begin, select for update, update, outbox insert, commit). Deleted tasks are CONFLICT unless
   * `allowDeleted`.
   */
  private async change(
    caller: Caller,
    id: string,
    plan: (task: Task) => Promise<ChangePlan | null> | ChangePlan | null,
    options: { allowDeleted?: boolean } = {},
  ): Promise<Task> {
    const ownerId = ownerOf(caller.identity);
    if (!isUuid(id)) throw notFound('Task');
    const { repository } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const task = await repository.findOwned(repository.knex, ownerId, id);
      if (!task) throw notFound('Task');
      if (task.deletedAt && !options.allowDeleted) {
        throw new DomainError('CONFLICT', 'The task is in the trash; restore it first', { field: 'id' });
      }
      const change = await plan(task);
      if (!change) return task;
      const updatedAt = new Date(Math.max(Date.now(), task.updatedAt.getTime() + 1));
      const updated: Task = { ...task, ...change.patch, updatedAt };
      const event = change.event(updated, diffSnapshots(toSnapshot(task), toSnapshot(updated)));
      if (await repository.updateIfUnchanged(task, change.patch, updatedAt, [event])) return updated;
      if (attempt === MAX_CHANGE_ATTEMPTS) {
        throw new DomainError('CONFLICT', 'The task keeps changing under this edit; try again');
      }
    }
  }
}

/** What a change does to a task, and the event that says so. */
interface ChangePlan {
  patch: Partial<Task>;
  event: (updated: Task, changes: FieldChanges<TaskSnapshot>) => RawEnvelope;
}

/** Optimistic attempts at one change before giving up (each means a concurrent change won). */
const MAX_CHANGE_ATTEMPTS = 10;

const sameIds = (a: string[], b: string[]) =>
  a.length === b.length && a.every((id, index) => id === b[index]);

const sameRecurrence = (a: Recurrence | null, b: Recurrence | null) =>
  a === b || (!!a && !!b && a.rule === b.rule && a.timezone === b.timezone && a.basis === b.basis);
