import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import {
  CREATE_TASK,
  createTask,
  GET_TASK,
  LIST_TASKS,
  listTasks,
  type TaskShape,
  UPDATE_TASK,
} from './support/tasks.js';

let stack: Stack;
let owner: Persona;
beforeAll(async () => {
  stack = await startStack();
  owner = await signUp(stack.client, 'Owner');
});
afterAll(() => stack?.stop());

const mutate = async (mutation: string, id: string) => {
  const result = await stack.client.data<Record<string, TaskShape>>(
    `mutation ($id: ID!) { ${mutation}(id: $id) { id status completedAt deletedAt updatedAt } }`,
    { id },
    { token: owner.token },
  );
  return result[mutation]!;
};

describe('creating tasks', () => {
  it('applies the defaults', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Water the plants' });
    expect(task).toMatchObject({
      title: 'Water the plants',
      description: null,
      priority: 'MEDIUM',
      status: 'OPEN',
      dueAt: null,
      completedAt: null,
      deletedAt: null,
      recurrence: null,
      seriesId: null,
      tagIds: [],
    });
    expect(task.createdAt).toBe(task.updatedAt);
    expect(Date.parse(task.createdAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps text exactly as given, markup included', async () => {
    const title = '  <script>alert("x")</script> & “quotes” 🎉  ';
    const task = await createTask(stack.client, owner.token, {
      title,
      description: '<b>not bold</b>\nline 2',
    });
    expect(task.title).toBe(title);
    expect(task.description).toBe('<b>not bold</b>\nline 2');
  });

  it('stores a due date given with an offset, returned in UTC', async () => {
    const task = await createTask(stack.client, owner.token, {
      title: 'Call',
      dueAt: '2026-03-08T10:00:00+01:00',
    });
    expect(task.dueAt).toBe('2026-03-08T09:00:00.000Z');
  });

  it('stores recurrence with its defaults and a readable text', async () => {
    const task = await createTask(stack.client, owner.token, {
      title: 'Standup',
      dueAt: '2026-03-02T08:00:00Z',
      recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE' },
    });
    expect(task.recurrence).toMatchObject({
      rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE',
      timezone: 'UTC',
      basis: 'DUE_DATE',
    });
    expect(task.recurrence?.text).toBe('every 2 weeks on Monday and Wednesday');
    expect(task.seriesId).toMatch(/^[0-9a-f-]{36}$/);
    const { task: fetched } = await stack.client.data<{
      task: { recurrence: { nextOccurrences: string[] } };
    }>(
      `query ($id: ID!) { task(id: $id) { recurrence { nextOccurrences(after: "2026-03-02T08:00:00Z", count: 3) } } }`,
      {
        id: task.id,
      },
      { token: owner.token },
    );
    expect(fetched.recurrence.nextOccurrences).toEqual([
      '2026-03-04T08:00:00.000Z',
      '2026-03-16T08:00:00.000Z',
      '2026-03-18T08:00:00.000Z',
    ]);
  });
});

describe('hostile input changes nothing', () => {
  const countTasks = async () =>
    (await listTasks(stack.client, owner.token, { filter: { includeDeleted: true } })).totalCount;

  it.each([
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['title', { title: 'x'.repeat(501) }],
    ['title', { title: 'nul\u0000byte' }],
    ['title', { title: 'lone \ud83d surrogate' }],
    ['description', { title: 'ok', description: 'd'.repeat(10_001) }],
    ['description', { title: 'ok', description: 'nul\u0000' }],
    ['dueAt', { title: 'ok', dueAt: '2026-02-30T10:00:00Z' }],
    ['dueAt', { title: 'ok', dueAt: 'next tuesday' }],
    ['dueAt', { title: 'ok', dueAt: '2026-03-01' }],
    ['priority', { title: 'ok', priority: 'CRITICAL' }],
    ['recurrence', { title: 'ok', recurrence: { rule: 'FREQ=SOMETIMES' } }],
    ['recurrence', { title: 'ok', recurrence: { rule: 'FREQ=DAILY', timezone: 'Mars/Olympus_Mons' } }],
    [
      'recurrence',
      {
        title: 'ok',
        dueAt: '2026-01-01T00:00:00Z',
        recurrence: { rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' },
      },
    ],
    ['tagIds', { title: 'ok', tagIds: ['not-a-uuid'] }],
    ['tagIds', { title: 'ok', tagIds: Array.from({ length: 51 }, () => crypto.randomUUID()) }],
    ['tagIds', { title: 'ok', tagIds: ['8b7c4a39-9a7b-4df1-a4c3-8f1d8c8a2f01'] }],
  ])('createTask refuses a bad %s', async (field, input) => {
    const before = await countTasks();
    const result = await stack.client.request(CREATE_TASK, { input }, { token: owner.token });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.field).toBe(field);
    expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(result.errors?.[0]?.extensions?.code);
    expect(JSON.stringify(result.errors)).not.toMatch(/select |insert |stack|\bat \w+ \(/i);
    expect(await countTasks()).toBe(before);
  });

  it('accepts a 500-character title (the limit counts after trimming)', async () => {
    const title = `  ${'y'.repeat(500)}  `;
    expect((await createTask(stack.client, owner.token, { title })).title).toBe(title);
  });

  it('updateTask refuses bad input and leaves the task as it was', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Stable', description: 'keep me' });
    for (const input of [
      { title: null },
      { title: '' },
      { priority: null },
      { description: 'x\u0000' },
      { recurrence: { rule: 'nope' } },
    ]) {
      const result = await stack.client.request(UPDATE_TASK, { id: task.id, input }, { token: owner.token });
      expect(errorCodes(result), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    }
    const { task: after } = await stack.client.data<{ task: TaskShape }>(
      GET_TASK,
      { id: task.id },
      { token: owner.token },
    );
    expect(after).toEqual(task);
  });
});

describe('changing tasks', () => {
  it('updates only what is given; null clears description and due date', async () => {
    const task = await createTask(stack.client, owner.token, {
      title: 'Draft',
      description: 'notes',
      dueAt: '2026-05-01T12:00:00Z',
      priority: 'LOW',
    });
    const { updateTask: renamed } = await stack.client.data<{ updateTask: TaskShape }>(
      UPDATE_TASK,
      { id: task.id, input: { title: 'Final', priority: 'URGENT' } },
      { token: owner.token },
    );
    expect(renamed).toMatchObject({
      title: 'Final',
      priority: 'URGENT',
      description: 'notes',
      dueAt: '2026-05-01T12:00:00.000Z',
    });
    expect(Date.parse(renamed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));
    const { updateTask: cleared } = await stack.client.data<{ updateTask: TaskShape }>(
      UPDATE_TASK,
      { id: task.id, input: { description: null, dueAt: null } },
      { token: owner.token },
    );
    expect(cleared).toMatchObject({ title: 'Final', description: null, dueAt: null });
  });

  it('concurrent edits of one task all land, and each event carries the change it made', async () => {
    const { id } = await createTask(stack.client, owner.token, { title: 'racy', priority: 'LOW' });
    const edits = [
      { title: 'racy, edited' },
      { description: 'from another tab' },
      { priority: 'HIGH' },
      { dueAt: '2031-01-01T09:00:00.000Z' },
    ];
    await Promise.all(
      edits.map((input) => stack.client.data(UPDATE_TASK, { id, input }, { token: owner.token })),
    );
    const { task } = await stack.client.data<{ task: TaskShape }>(GET_TASK, { id }, { token: owner.token });
    expect(task).toMatchObject({
      title: 'racy, edited',
      description: 'from another tab',
      priority: 'HIGH',
      dueAt: '2031-01-01T09:00:00.000Z',
    });
    const knex = knexFactory({ client: 'pg', connection: stack.databaseUrl, pool: { min: 0, max: 1 } });
    try {
      const events = (
        await knex('tasks.outbox')
          .select('payload')
          .where({ aggregate_id: id, type: 'TaskUpdated' })
          .orderBy('id')
      ).map(
        (row) => row.payload as { task: Record<string, unknown>; changes: Record<string, { to: unknown }> },
      );
      expect(events).toHaveLength(4);
      // Each event was decided on the task as the previous one left it: the snapshots form a chain.
      let previous: Record<string, unknown> | undefined;
      for (const event of events) {
        const [field, ...others] = Object.keys(event.changes);
        expect(others).toEqual([]);
        if (previous) {
          const { updatedAt: _before, ...rest } = previous;
          const { updatedAt: _after, ...now } = event.task;
          expect(now).toEqual({ ...rest, [field!]: event.changes[field!]!.to });
        }
        previous = event.task;
      }
      expect(previous).toMatchObject({ title: 'racy, edited', priority: 'HIGH' });
    } finally {
      await knex.destroy();
    }
  });

  it('an empty update changes nothing, not even updatedAt', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Untouched' });
    const { updateTask } = await stack.client.data<{ updateTask: TaskShape }>(
      UPDATE_TASK,
      { id: task.id, input: {} },
      { token: owner.token },
    );
    expect(updateTask).toEqual(task);
  });

  it('recurrence: null stops the repetition; the series id stays', async () => {
    const task = await createTask(stack.client, owner.token, {
      title: 'Gym',
      recurrence: { rule: 'FREQ=DAILY' },
    });
    const { updateTask } = await stack.client.data<{ updateTask: TaskShape }>(
      UPDATE_TASK,
      { id: task.id, input: { recurrence: null } },
      { token: owner.token },
    );
    expect(updateTask.recurrence).toBeNull();
    expect(updateTask.seriesId).toBe(task.seriesId);
  });

  it('completes and reopens; both are idempotent', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Finish me' });
    const done = await mutate('completeTask', task.id);
    expect(done.status).toBe('COMPLETED');
    expect(Date.parse(done.completedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(await mutate('completeTask', task.id)).toEqual(done);
    const open = await mutate('reopenTask', task.id);
    expect(open).toMatchObject({ status: 'OPEN', completedAt: null });
    expect(await mutate('reopenTask', task.id)).toEqual(open);
  });

  it('soft-deletes and restores; the trash is out of the list unless asked for', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Trash me' });
    const deleted = await mutate('deleteTask', task.id);
    expect(deleted.deletedAt).not.toBeNull();
    const live = await listTasks(stack.client, owner.token, { first: 100 });
    expect(live.edges.map((e) => e.node.id)).not.toContain(task.id);
    const withDeleted = await listTasks(stack.client, owner.token, {
      first: 100,
      filter: { includeDeleted: true },
    });
    expect(withDeleted.edges.map((e) => e.node.id)).toContain(task.id);
    const trash = await listTasks(stack.client, owner.token, { first: 100, filter: { onlyDeleted: true } });
    expect(trash.edges.map((e) => e.node.id)).toEqual([task.id]);
    // Still readable by id (to restore it), but not editable while in the trash.
    const { task: fetched } = await stack.client.data<{ task: TaskShape }>(
      GET_TASK,
      { id: task.id },
      { token: owner.token },
    );
    expect(fetched.deletedAt).toBe(deleted.deletedAt);
    const edit = await stack.client.request(
      UPDATE_TASK,
      { id: task.id, input: { title: 'nope' } },
      { token: owner.token },
    );
    expect(errorCodes(edit)).toEqual(['CONFLICT']);
    expect(await mutate('deleteTask', task.id)).toEqual(deleted);
    const restored = await mutate('restoreTask', task.id);
    expect(restored.deletedAt).toBeNull();
    const back = await listTasks(stack.client, owner.token, { first: 100 });
    expect(back.edges.map((e) => e.node.id)).toContain(task.id);
  });

  it('unknown and malformed ids are NOT_FOUND', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "'; drop table tasks; --"]) {
      expect(errorCodes(await stack.client.request(GET_TASK, { id }, { token: owner.token }))).toEqual([
        'NOT_FOUND',
      ]);
      expect(
        errorCodes(
          await stack.client.request(UPDATE_TASK, { id, input: { title: 'x' } }, { token: owner.token }),
        ),
      ).toEqual(['NOT_FOUND']);
    }
  });

  it('nextOccurrences refuses counts out of range', async () => {
    const task = await createTask(stack.client, owner.token, {
      title: 'Daily',
      recurrence: { rule: 'FREQ=DAILY' },
    });
    const result = await stack.client.request(
      `query ($id: ID!) { task(id: $id) { recurrence { nextOccurrences(count: 101) } } }`,
      { id: task.id },
      { token: owner.token },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'count' });
  });
});

describe('who may do what', () => {
  it('anonymous callers get UNAUTHENTICATED', async () => {
    expect(errorCodes(await stack.client.request(LIST_TASKS))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await stack.client.request(CREATE_TASK, { input: { title: 'x' } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });

  it('a READ key lists tasks but may not change them (FORBIDDEN)', async () => {
    const { createApiKey } = await stack.client.data<{ createApiKey: { key: string } }>(
      `mutation { createApiKey(name: "reader", scopes: [READ]) { key } }`,
      {},
      { token: owner.token },
    );
    const task = await createTask(stack.client, owner.token, { title: 'Read only' });
    const page = await listTasks(stack.client, createApiKey.key, { first: 100 });
    expect(page.edges.map((e) => e.node.id)).toContain(task.id);
    for (const [query, variables] of [
      [CREATE_TASK, { input: { title: 'nope' } }],
      [UPDATE_TASK, { id: task.id, input: { title: 'nope' } }],
      [`mutation ($id: ID!) { completeTask(id: $id) { id } }`, { id: task.id }],
      [`mutation ($id: ID!) { deleteTask(id: $id) { id } }`, { id: task.id }],
      [`mutation { createTag(input: { name: "nope" }) { id } }`, {}],
    ] as const) {
      expect(errorCodes(await stack.client.request(query, variables, { token: createApiKey.key }))).toEqual([
        'FORBIDDEN',
      ]);
    }
    const { task: after } = await stack.client.data<{ task: TaskShape }>(
      GET_TASK,
      { id: task.id },
      { token: owner.token },
    );
    expect(after).toEqual(task);
  });
});
