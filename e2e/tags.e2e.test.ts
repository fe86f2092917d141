import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import { createTag, createTask, listTasks } from './support/tasks.js';

const TAGS = `{ tags { id name color taskCount } }`;
const UPDATE_TAG = `mutation ($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) { id name color } }`;
const CREATE_TAG = `mutation ($input: CreateTagInput!) { createTag(input: $input) { id name color createdAt } }`;
const SET_TAGS = `mutation ($taskId: ID!, $tagIds: [ID!]!) { setTaskTags(taskId: $taskId, tagIds: $tagIds) { id tagIds tags { id name } } }`;

interface TagShape {
  id: string;
  name: string;
  color: string | null;
  taskCount: number;
}

let stack: Stack;
let owner: Persona;
beforeAll(async () => {
  stack = await startStack();
  owner = await signUp(stack.client, 'Tagger');
});
afterAll(() => stack?.stop());

const tags = async () =>
  (await stack.client.data<{ tags: TagShape[] }>(TAGS, {}, { token: owner.token })).tags;

describe('tags', () => {
  it('creates, lists by name, counts tasks', async () => {
    const errands = await createTag(stack.client, owner.token, 'Errands', '#22c55e');
    const admin = await createTag(stack.client, owner.token, 'admin');
    await createTask(stack.client, owner.token, { title: 'a', tagIds: [errands.id] });
    await createTask(stack.client, owner.token, { title: 'b', tagIds: [errands.id, admin.id] });
    const deleted = await createTask(stack.client, owner.token, { title: 'c', tagIds: [errands.id] });
    await stack.client.data(
      `mutation ($id: ID!) { deleteTask(id: $id) { id } }`,
      { id: deleted.id },
      { token: owner.token },
    );
    expect(await tags()).toEqual([
      { id: admin.id, name: 'admin', color: null, taskCount: 1 },
      { id: errands.id, name: 'Errands', color: '#22c55e', taskCount: 2 },
    ]);
  });

  it('names are unique per user whatever the case (CONFLICT), and nothing is written', async () => {
    const before = await tags();
    const result = await stack.client.request(
      CREATE_TAG,
      { input: { name: 'ERRANDS' } },
      { token: owner.token },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(await tags()).toEqual(before);
    // Another person may use the same name.
    const other = await signUp(stack.client, 'Someone');
    await createTag(stack.client, other.token, 'errands');
  });

  it.each([
    ['name', { name: '' }],
    ['name', { name: '  ' }],
    ['name', { name: 'n'.repeat(51) }],
    ['name', { name: 'a\u0000b' }],
    ['color', { name: 'ok', color: 'red' }],
    ['color', { name: 'ok', color: '#12345' }],
    ['color', { name: 'ok', color: 'url(javascript:alert(1))' }],
  ])('refuses a bad %s', async (field, input) => {
    const result = await stack.client.request(CREATE_TAG, { input }, { token: owner.token });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('renames and recolors; renaming onto another tag is CONFLICT; null removes the color', async () => {
    const tag = await createTag(stack.client, owner.token, 'Later', '#000');
    const { updateTag } = await stack.client.data<{ updateTag: TagShape }>(
      UPDATE_TAG,
      { id: tag.id, input: { name: 'Someday' } },
      { token: owner.token },
    );
    expect(updateTag).toMatchObject({ name: 'Someday', color: '#000' });
    const clash = await stack.client.request(
      UPDATE_TAG,
      { id: tag.id, input: { name: 'admin' } },
      { token: owner.token },
    );
    expect(errorCodes(clash)).toEqual(['CONFLICT']);
    const { updateTag: plain } = await stack.client.data<{ updateTag: TagShape }>(
      UPDATE_TAG,
      { id: tag.id, input: { color: null } },
      { token: owner.token },
    );
    expect(plain).toMatchObject({ name: 'Someday', color: null });
  });

  it('setTaskTags replaces the tags, in the order given, without duplicates', async () => {
    const [a, b, c] = await Promise.all(
      ['one', 'two', 'three'].map((name) => createTag(stack.client, owner.token, `set-${name}`)),
    );
    const task = await createTask(stack.client, owner.token, { title: 'tag me', tagIds: [a!.id] });
    const { setTaskTags } = await stack.client.data<{
      setTaskTags: { tagIds: string[]; tags: { id: string }[] };
    }>(SET_TAGS, { taskId: task.id, tagIds: [c!.id, b!.id, c!.id] }, { token: owner.token });
    expect(setTaskTags.tagIds).toEqual([c!.id, b!.id]);
    expect(setTaskTags.tags.map((t) => t.id)).toEqual([c!.id, b!.id]);
    const cleared = await stack.client.data<{ setTaskTags: { tags: unknown[] } }>(
      SET_TAGS,
      { taskId: task.id, tagIds: [] },
      { token: owner.token },
    );
    expect(cleared.setTaskTags.tags).toEqual([]);
  });

  it('deleting a tag removes it from its tasks at once', async () => {
    const doomed = await createTag(stack.client, owner.token, 'doomed');
    const keep = await createTag(stack.client, owner.token, 'keep');
    const task = await createTask(stack.client, owner.token, {
      title: 'was tagged',
      tagIds: [doomed.id, keep.id],
    });
    const { deleteTag } = await stack.client.data<{ deleteTag: boolean }>(
      `mutation ($id: ID!) { deleteTag(id: $id) }`,
      { id: doomed.id },
      { token: owner.token },
    );
    expect(deleteTag).toBe(true);
    const { task: after } = await stack.client.data<{ task: { tags: { id: string }[] } }>(
      `query ($id: ID!) { task(id: $id) { tags { id } } }`,
      { id: task.id },
      { token: owner.token },
    );
    expect(after.tags.map((t) => t.id)).toEqual([keep.id]);
    expect((await tags()).map((t) => t.id)).not.toContain(doomed.id);
    const again = await stack.client.request(
      `mutation ($id: ID!) { deleteTag(id: $id) }`,
      { id: doomed.id },
      { token: owner.token },
    );
    expect(errorCodes(again)).toEqual(['NOT_FOUND']);
    // Tagging with the deleted tag is refused.
    const reuse = await stack.client.request(
      SET_TAGS,
      { taskId: task.id, tagIds: [doomed.id] },
      { token: owner.token },
    );
    expect(reuse.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'tagIds' });
  });
});

describe('Task.tags is batched', () => {
  it('costs one SQL query on the tags subgraph per request, however many tasks', async () => {
    const user = await signUp(stack.client, 'Batch');
    const tagIds = await Promise.all(
      ['x', 'y', 'z'].map(async (name) => (await createTag(stack.client, user.token, name)).id),
    );
    for (let i = 0; i < 30; i++)
      await createTask(stack.client, user.token, { title: `t${i}`, tagIds: tagIds.slice(0, (i % 3) + 1) });

    const sql: string[] = [];
    // Only the tags table: the subgraph's outbox relay shares the pool and polls on its own.
    const onQuery = (query: { sql: string }) => {
      if (/from "tags"(\s|$)/.test(query.sql)) sql.push(query.sql);
    };
    stack.subgraphs.tags.deps.knex.on('query', onQuery);
    try {
      const page = await listTasks(stack.client, user.token, { first: 30 });
      expect(page.edges).toHaveLength(30);
      const { tasks } = await stack.client.data<{
        tasks: { edges: { node: { tags: { name: string }[] } }[] };
      }>(`{ tasks(first: 30) { edges { node { tags { name } } } } }`, {}, { token: user.token });
      expect(tasks.edges.flatMap((e) => e.node.tags.map((t) => t.name)).length).toBe(60);
    } finally {
      stack.subgraphs.tags.deps.knex.off('query', onQuery);
    }
    expect(sql, sql.join('\n')).toHaveLength(1);
  });
});
