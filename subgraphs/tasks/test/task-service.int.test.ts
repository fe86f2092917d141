/**
 * The tasks service and repository against real Postgres (the rest of tasks is tested through the
 * gateway in e2e/): ownership, outbox rows, optimistic edits under contention, the unit of work's
 * transaction, and the next occurrence exactly once.
 */
import {
  type Caller,
  createKnex,
  createLogger,
  DomainError,
  type Knex,
  migrateLatest,
} from '@taskflow/common';
import { createTestDatabase, type Persona, persona, type TestDatabase } from '@taskflow/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.js';
import { TagDirectory } from '../src/domain/tags/tag-directory.js';
import { NextOccurrenceService } from '../src/domain/tasks/next-occurrence-service.js';
import { newTask } from '../src/domain/tasks/task.js';
import { taskEvent } from '../src/domain/tasks/task-events.js';
import { createTaskUnitOfWork } from '../src/domain/tasks/task-repository.js';
import { TaskService } from '../src/domain/tasks/task-service.js';

const log = createLogger('tasks-test', process.env.LOG_LEVEL ?? 'silent');

let database: TestDatabase;
let knex: Knex;
let tags: TagDirectory;
let tasks: TaskService;
let work: ReturnType<typeof createTaskUnitOfWork>;

beforeAll(async () => {
  database = await createTestDatabase('tasks');
  knex = createKnex({ url: database.url, schema: 'tasks' });
  await migrateLatest(knex, 'tasks', migrations);
  work = createTaskUnitOfWork(knex);
  // Only ever asked about no tags here (tag checks are tested end to end with the tags subgraph).
  tags = new TagDirectory('http://127.0.0.1:9/graphql', log);
  tasks = new TaskService({ work, tags, log });
});

afterAll(async () => {
  await tags?.close();
  await knex?.destroy();
  await database?.drop();
});

const callerOf = (who: Persona): Caller => ({
  identity: who.identity,
  identityToken: '',
  correlationId: `c-${who.id}`,
});
const outboxOf = async (ownerId: string) =>
  (await knex('outbox').where({ ownerId }).orderBy('id')) as {
    type: string;
    aggregateId: string;
    correlationId: string;
    payload: { task: Record<string, unknown>; changes?: Record<string, { from: unknown; to: unknown }> };
  }[];
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return 'resolved';
};

describe('ownership', () => {
  it('another user’s task is NOT_FOUND for reads and every change, null as a reference, and unchanged', async () => {
    const owner = persona();
    const other = persona();
    const task = await tasks.create(callerOf(owner), { title: 'Mine' });
    expect(await codeOf(tasks.get(other.identity, task.id))).toBe('NOT_FOUND');
    const changes = [
      () => tasks.update(callerOf(other), task.id, { title: 'Theirs' }),
      () => tasks.complete(callerOf(other), task.id),
      () => tasks.delete(callerOf(other), task.id),
      () => tasks.setTags(callerOf(other), task.id, []),
    ];
    for (const change of changes) expect(await codeOf(change())).toBe('NOT_FOUND');
    expect((await tasks.findOwnedByIds(other.identity, [task.id])).size).toBe(0);
    expect(await tasks.get(owner.identity, task.id)).toEqual(task);
    expect(await outboxOf(other.id)).toEqual([]);
    expect((await outboxOf(owner.id)).map((event) => event.type)).toEqual(['TaskCreated']);
  });

  it('ids that are not UUIDs name no task (never a database error)', async () => {
    const owner = persona();
    for (const id of ['nope', '-'.repeat(36), "' or 1=1 --"]) {
      expect(await codeOf(tasks.get(owner.identity, id))).toBe('NOT_FOUND');
      expect(await codeOf(tasks.complete(callerOf(owner), id))).toBe('NOT_FOUND');
    }
  });
});

describe('outbox', () => {
  it('a creation is the row and one TaskCreated carrying it exactly as stored, under the caller’s correlation id', async () => {
    const owner = persona();
    const task = await tasks.create(callerOf(owner), {
      title: 'Stored',
      dueAt: new Date('2030-01-01T10:00:00.123Z'),
    });
    expect(await tasks.get(owner.identity, task.id)).toEqual(task);
    const [event, ...rest] = await outboxOf(owner.id);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'TaskCreated',
      aggregateId: task.id,
      correlationId: `c-${owner.id}`,
    });
    expect(event!.payload.task).toMatchObject({
      id: task.id,
      title: 'Stored',
      dueAt: '2030-01-01T10:00:00.123Z',
      createdAt: task.createdAt.toISOString(),
      updatedAt: task.updatedAt.toISOString(),
    });
  });

  it('a change that changes nothing writes no event', async () => {
    const owner = persona();
    const task = await tasks.create(callerOf(owner), { title: 'Once' });
    await tasks.complete(callerOf(owner), task.id);
    await tasks.complete(callerOf(owner), task.id);
    await tasks.update(callerOf(owner), task.id, { title: 'Once' });
    expect((await outboxOf(owner.id)).map((event) => event.type)).toEqual(['TaskCreated', 'TaskCompleted']);
  });

  it('refused input writes nothing', async () => {
    const owner = persona();
    expect(await codeOf(tasks.create(callerOf(owner), { title: '' }))).toBe('BAD_USER_INPUT');
    expect(
      await codeOf(tasks.create(callerOf(owner), { title: 'x', recurrence: { rule: 'FREQ=NEVER' } })),
    ).toBe('BAD_USER_INPUT');
    expect(await knex('tasks').where({ ownerId: owner.id })).toEqual([]);
    expect(await outboxOf(owner.id)).toEqual([]);
  });
});

describe('optimistic edits', () => {
  it('concurrent edits of one task all apply, each event continuing the one before (the losers read again)', async () => {
    const owner = persona();
    const task = await tasks.create(callerOf(owner), { title: 'v0' });
    const titles = Array.from({ length: 8 }, (_, index) => `v${index + 1}`);
    await Promise.all(titles.map((title) => tasks.update(callerOf(owner), task.id, { title })));
    const updates = (await outboxOf(owner.id)).filter((event) => event.type === 'TaskUpdated');
    expect(updates).toHaveLength(titles.length);
    const chain = updates.map((event) => event.payload.changes!.title!);
    expect(chain[0]!.from).toBe('v0');
    expect(chain.slice(1).map((change) => change.from)).toEqual(
      chain.slice(0, -1).map((change) => change.to),
    );
    expect((await tasks.get(owner.identity, task.id)).title).toBe(chain.at(-1)!.to);
  });

  it('the repository refuses a write over a version it did not read, and writes no event then', async () => {
    const owner = persona();
    const task = await tasks.create(callerOf(owner), { title: 'Read' });
    await tasks.update(callerOf(owner), task.id, { title: 'Changed meanwhile' });
    const stale = { ...task, title: 'Stale' };
    const event = taskEvent('TaskUpdated', stale, null, { changes: {} });
    const applied = await work.run(owner.id, (repository) =>
      repository.updateIfUnchanged(task, { title: 'Stale' }, new Date(), [event]),
    );
    expect(applied).toBe(false);
    expect((await tasks.get(owner.identity, task.id)).title).toBe('Changed meanwhile');
    expect((await outboxOf(owner.id)).map((row) => row.type)).toEqual(['TaskCreated', 'TaskUpdated']);
  });
});

describe('unit of work', () => {
  it('rolls back the row and its event when the work throws after writing them', async () => {
    const owner = persona();
    const task = newTask(
      {
        ownerId: owner.id,
        title: 'Never',
        description: null,
        priority: 'LOW',
        dueAt: null,
        tagIds: [],
        recurrence: null,
      },
      new Date(),
    );
    const failure = work.transaction(owner.id, async (repository) => {
      await repository.insert(task, [taskEvent('TaskCreated', task, null)]);
      expect(await repository.find(task.id)).toEqual(task);
      throw new Error('after the write');
    });
    await expect(failure).rejects.toThrow('after the write');
    expect(await knex('tasks').where({ id: task.id })).toEqual([]);
    expect(await outboxOf(owner.id)).toEqual([]);
  });

  it('a repository cannot be used once its transaction ended', async () => {
    const owner = persona();
    const leaked = await work.transaction(owner.id, async (repository) => repository);
    await expect(leaked.find('5b0e3c1e-8a4f-4c4e-9d0a-2f6b7c8d9e0f')).rejects.toThrow();
  });
});

describe('next occurrence', () => {
  it('is made once however many deliveries of the completion race', async () => {
    const owner = persona();
    const task = await tasks.create(callerOf(owner), {
      title: 'Daily',
      dueAt: new Date('2030-01-01T09:00:00.000Z'),
      recurrence: { rule: 'FREQ=DAILY', timezone: 'UTC' },
    });
    await tasks.complete(callerOf(owner), task.id);
    const service = new NextOccurrenceService({ work });
    const completion = { ownerId: owner.id, taskId: task.id, correlationId: 'c-next' };
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => service.createNextOccurrence(completion)),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'exists')).toHaveLength(3);
    const next = await knex('tasks').where({ previousOccurrenceId: task.id });
    expect(next).toHaveLength(1);
    expect(next[0].dueAt.toISOString()).toBe('2030-01-02T09:00:00.000Z');
    const created = (await outboxOf(owner.id)).filter((event) => event.type === 'TaskCreated');
    expect(created.map((event) => event.aggregateId)).toEqual([task.id, next[0].id]);
    // Another owner's completion of this task continues nothing.
    expect(await service.createNextOccurrence({ ...completion, ownerId: persona().id })).toEqual({
      outcome: 'none',
      reason: 'not-found',
    });
  });
});
