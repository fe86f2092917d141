import {
  type Caller,
  DomainError,
  findOwnedByIds,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  pageSizeSchema,
  parseInput,
  requireUser,
  type UnitOfWork,
} from '@taskflow/common';
import type { FieldChanges, RawEnvelope, TaskSnapshot } from '@taskflow/events';
import { parseRecurrence, type Recurrence, seriesStart } from '../recurrence/index.js';
import type { TagDirectory } from '../tags/tag-directory.js';
import { type NewTask, newTask, type Task, type TaskPage } from './task.js';
import { diffSnapshots, taskEvent, toSnapshot } from './task-events.js';
import { createTaskSchema, filterSchema, tagIdsSchema, updateTaskSchema } from './task-input.js';
import { normaliseOrder, type OrderTerm, type TaskFilter } from './task-query.js';
import type { TaskRepository } from './task-repository.js';

/** Tasks' unit of work: the owner's task repository on the open transaction (or the pool, for reads). */
export type TaskUnitOfWork = UnitOfWork<TaskRepository>;

export interface ListTasksArgs {
  filter?: TaskFilter | null;
  orderBy?: OrderTerm[] | null;
  first?: number | null;
  after?: string | null;
}

/**
 * The rules of tasks. Every method checks that the task is the caller's (another user's task is
 * NOT_FOUND, exactly like one that does not exist) and changes it atomically together with the
 * outbox event that tells the rest of the system (audit, notifications, live subscribers): edits in
 * one optimistic statement (`change`), creations in one statement too. A call that changes nothing
 * (completing a completed task) writes no event.
 */
export class TaskService {
  constructor(
    private readonly deps: {
      work: TaskUnitOfWork;
      tags: TagDirectory;
      log: Logger;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async get(identity: Identity, id: string): Promise<Task> {
    const ownerId = requireUser(identity);
    const task = isUuid(id) ? await this.deps.work.run(ownerId, (tasks) => tasks.find(id)) : undefined;
    if (!task) throw notFound('Task');
    return task;
  }

  /** A federation reference: null (never an error) when the task is not the caller's. */
  findOwnedByIds(identity: Identity, ids: readonly string[]): Promise<Map<string, Task>> {
    return findOwnedByIds(
      identity,
      ids,
      (ownerId, valid) => this.deps.work.run(ownerId, (tasks) => tasks.findByIds(valid)),
      (task) => task.id,
    );
  }

  /** How many of the caller's live tasks carry each tag (`Tag.taskCount`); none for the anonymous. */
  async countByTags(identity: Identity, tagIds: readonly string[]): Promise<Map<string, number>> {
    const valid = tagIds.filter(isUuid);
    if (!identity.userId || valid.length === 0) return new Map();
    return this.deps.work.run(identity.userId, (tasks) => tasks.countByTags(valid));
  }

  /** A tag its owner deleted leaves their tasks' arrays (reads already hide it): no task event. */
  removeDeletedTag(ownerId: string, tagId: string): Promise<number> {
    if (!isUuid(ownerId) || !isUuid(tagId)) return Promise.resolve(0);
    return this.deps.work.run(ownerId, (tasks) => tasks.removeTag(tagId));
  }

  list(identity: Identity, args: ListTasksArgs): Promise<TaskPage> {
    const ownerId = requireUser(identity);
    const first = parseInput(pageSizeSchema, args.first, 'first');
    const filter = { ...(args.filter ?? {}), ...parseInput(filterSchema, args.filter ?? {}) } as TaskFilter;
    const order = normaliseOrder(args.orderBy);
    const now = this.now();
    return this.deps.work.run(ownerId, (tasks) => tasks.page(filter, order, first, args.after, now));
  }

  async create(caller: Caller, input: unknown): Promise<Task> {
    const ownerId = requireUser(caller);
    const fields = parseInput(createTaskSchema, input);
    const recurrence = fields.recurrence
      ? parseRecurrence(fields.recurrence, fields.dueAt ?? this.now())
      : null;
    await this.deps.tags.assertOwned(caller, fields.tagIds);
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
    const task = newTask(fresh, this.now());
    await this.deps.work.run(ownerId, (tasks) =>
      tasks.insert(task, [taskEvent('TaskCreated', task, caller.correlationId)]),
    );
    this.deps.log.info({ taskId: task.id }, 'task created');
    return task;
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
        const dtstart = seriesStart({ ...task, ...patch });
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
    const ownerId = requireUser(caller);
    if (!isUuid(id)) throw notFound('Task');
    return this.deps.work.run(ownerId, (tasks) => this.changeIn(tasks, id, plan, options));
  }

  private async changeIn(
    tasks: TaskRepository,
    id: string,
    plan: (task: Task) => Promise<ChangePlan | null> | ChangePlan | null,
    options: { allowDeleted?: boolean },
  ): Promise<Task> {
    for (let attempt = 1; ; attempt++) {
      const task = await tasks.find(id);
      if (!task) throw notFound('Task');
      if (task.deletedAt && !options.allowDeleted) {
        throw new DomainError('CONFLICT', 'The task is in the trash; restore it first', { field: 'id' });
      }
      const change = await plan(task);
      if (!change) return task;
      const updatedAt = new Date(Math.max(Date.now(), task.updatedAt.getTime() + 1));
      const updated: Task = { ...task, ...change.patch, updatedAt };
      const event = change.event(updated, diffSnapshots(toSnapshot(task), toSnapshot(updated)));
      if (await tasks.updateIfUnchanged(task, change.patch, updatedAt, [event])) return updated;
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
