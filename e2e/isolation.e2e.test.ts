import { IDENTITY_HEADER, signIdentity } from '@taskflow/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack, TEST_INTERNAL_SECRET } from './support/stack.js';
import { createTag, createTask, GET_TASK, listTasks, type TaskShape, UPDATE_TASK } from './support/tasks.js';

let stack: Stack;
let alice: Persona;
let mallory: Persona;
let aliceTask: TaskShape;
let aliceTag: { id: string };
let malloryTask: TaskShape;

beforeAll(async () => {
  stack = await startStack();
  [alice, mallory] = await Promise.all([signUp(stack.client, 'Alice'), signUp(stack.client, 'Mallory')]);
  aliceTag = await createTag(stack.client, alice.token, 'private');
  aliceTask = await createTask(stack.client, alice.token, { title: 'Alice secret', tagIds: [aliceTag.id] });
  malloryTask = await createTask(stack.client, mallory.token, { title: 'Mallory own' });
});
afterAll(() => stack?.stop());

describe("another user's objects are NOT_FOUND and untouched", () => {
  it.each([
    ['task', GET_TASK, () => ({ id: aliceTask.id })],
    ['updateTask', UPDATE_TASK, () => ({ id: aliceTask.id, input: { title: 'pwned' } })],
    ['completeTask', `mutation ($id: ID!) { completeTask(id: $id) { id } }`, () => ({ id: aliceTask.id })],
    ['reopenTask', `mutation ($id: ID!) { reopenTask(id: $id) { id } }`, () => ({ id: aliceTask.id })],
    ['deleteTask', `mutation ($id: ID!) { deleteTask(id: $id) { id } }`, () => ({ id: aliceTask.id })],
    ['restoreTask', `mutation ($id: ID!) { restoreTask(id: $id) { id } }`, () => ({ id: aliceTask.id })],
    [
      'setTaskTags',
      `mutation ($t: ID!) { setTaskTags(taskId: $t, tagIds: []) { id } }`,
      () => ({ t: aliceTask.id }),
    ],
    [
      'updateTag',
      `mutation ($id: ID!) { updateTag(id: $id, input: { name: "pwned" }) { id } }`,
      () => ({ id: aliceTag.id }),
    ],
    ['deleteTag', `mutation ($id: ID!) { deleteTag(id: $id) }`, () => ({ id: aliceTag.id })],
    [
      'createTask with her tag',
      `mutation ($t: ID!) { createTask(input: { title: "x", tagIds: [$t] }) { id } }`,
      () => ({ t: aliceTag.id }),
    ],
    [
      'setTaskTags with her tag',
      `mutation ($id: ID!, $t: ID!) { setTaskTags(taskId: $id, tagIds: [$t]) { id } }`,
      () => ({ id: malloryTask.id, t: aliceTag.id }),
    ],
  ])('%s', async (_name, query, variables) => {
    const result = await stack.client.request(query, variables(), { token: mallory.token });
    expect(errorCodes(result)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(result)).not.toContain('Alice secret');
    const { task } = await stack.client.data<{ task: TaskShape }>(
      GET_TASK,
      { id: aliceTask.id },
      { token: alice.token },
    );
    expect(task).toEqual(aliceTask);
    const { tags } = await stack.client.data<{ tags: { id: string; name: string }[] }>(
      `{ tags { id name } }`,
      {},
      { token: alice.token },
    );
    expect(tags).toEqual([{ id: aliceTag.id, name: 'private' }]);
  });

  it('lists, counts and searches show only your own', async () => {
    const page = await listTasks(stack.client, mallory.token, {
      first: 100,
      filter: { includeDeleted: true },
    });
    expect(page.edges.map((e) => e.node.id)).toEqual([malloryTask.id]);
    expect(page.totalCount).toBe(1);
    expect((await listTasks(stack.client, mallory.token, { filter: { search: 'secret' } })).totalCount).toBe(
      0,
    );
    expect(
      (await listTasks(stack.client, mallory.token, { filter: { tagIds: [aliceTag.id] } })).totalCount,
    ).toBe(0);
    const { tags } = await stack.client.data<{ tags: unknown[] }>(
      `{ tags { id } }`,
      {},
      { token: mallory.token },
    );
    expect(tags).toEqual([]);
  });
});

describe('federation entity lookups are isolated too', () => {
  const entities = async (
    subgraph: 'tasks' | 'tags',
    as: Persona,
    representations: object[],
    selection: string,
  ) => {
    const token = await signIdentity(
      { kind: 'session', userId: as.id, scopes: ['READ', 'WRITE'] },
      TEST_INTERNAL_SECRET,
    );
    const response = await fetch(stack.subgraphUrls[subgraph], {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: token },
      body: JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
        variables: { r: representations },
      }),
    });
    return ((await response.json()) as { data: { _entities: unknown[] } }).data._entities;
  };

  it("Task entities resolve to null for another user's id", async () => {
    const result = await entities(
      'tasks',
      mallory,
      [
        { __typename: 'Task', id: aliceTask.id },
        { __typename: 'Task', id: malloryTask.id },
      ],
      '... on Task { id title }',
    );
    expect(result).toEqual([null, { id: malloryTask.id, title: 'Mallory own' }]);
  });

  it("Tag entities resolve to null for another user's id, and Task.tags hides her tags", async () => {
    expect(
      await entities('tags', mallory, [{ __typename: 'Tag', id: aliceTag.id }], '... on Tag { id name }'),
    ).toEqual([null]);
    const forged = await entities(
      'tags',
      mallory,
      [{ __typename: 'Task', id: malloryTask.id, tagIds: [aliceTag.id] }],
      '... on Task { tags { id name } }',
    );
    expect(forged).toEqual([{ tags: [] }]);
  });

  it('Tag.taskCount counts only your own tasks', async () => {
    expect(
      await entities('tasks', mallory, [{ __typename: 'Tag', id: aliceTag.id }], '... on Tag { taskCount }'),
    ).toEqual([{ taskCount: 0 }]);
  });
});
