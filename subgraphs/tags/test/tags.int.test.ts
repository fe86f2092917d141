/**
 * The tags subgraph against real Postgres, through its schema as the gateway calls it: ownership,
 * hostile input, one outbox event per change (none for a no-op or a refusal), optimistic edits.
 */
import { anonymous, createKnex, createLogger, type Identity, type Knex } from '@taskflow/common';
import {
  createTestDatabase,
  type Persona,
  persona,
  requestAsGateway,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTags } from '../src/app.js';
import { loadTagsEnv } from '../src/env.js';

const INTERNAL_SECRET = 'tags-test-internal-secret-0123456789abcdef';
const log = createLogger('tags-test', process.env.LOG_LEVEL ?? 'silent');

let database: TestDatabase;
let tags: Awaited<ReturnType<typeof startTags>>;
let knex: Knex;

beforeAll(async () => {
  database = await createTestDatabase('tags');
  tags = await startTags(
    loadTagsEnv({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: uniqueRedisPrefix(),
      INTERNAL_JWT_SECRET: INTERNAL_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
    }),
    log,
  );
  knex = createKnex({ url: database.url, schema: 'tags' });
});

afterAll(async () => {
  await knex?.destroy();
  await tags?.stop();
  await database?.drop();
});

interface TagShape {
  id: string;
  name: string;
  color: string | null;
}
const TAG = 'id name color';

const request = <T = Record<string, unknown>>(identity: Identity, query: string, variables = {}) =>
  requestAsGateway<T>(tags.url, INTERNAL_SECRET, identity, query, variables);

const create = async (who: Persona, input: Record<string, unknown>) => {
  const result = await request<{ createTag: TagShape }>(
    who.identity,
    `mutation ($input: CreateTagInput!) { createTag(input: $input) { ${TAG} } }`,
    { input },
  );
  if (!result.data?.createTag) throw new Error(JSON.stringify(result.errors));
  return result.data.createTag;
};
const update = (who: Persona, id: string, input: Record<string, unknown>) =>
  request<{ updateTag: TagShape }>(
    who.identity,
    `mutation ($id: ID!, $input: UpdateTagInput!) { updateTag(id: $id, input: $input) { ${TAG} } }`,
    { id, input },
  );
const remove = (who: Persona, id: string) =>
  request<{ deleteTag: boolean }>(who.identity, 'mutation ($id: ID!) { deleteTag(id: $id) }', { id });
const list = async (who: Persona) =>
  (await request<{ tags: TagShape[] }>(who.identity, `{ tags { ${TAG} } }`)).data!.tags;
const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.[0]?.extensions?.code;
const eventsOf = async (ownerId: string) =>
  (await knex('outbox').where({ ownerId }).orderBy('id')) as {
    type: string;
    aggregateId: string;
    payload: Record<string, unknown>;
  }[];

describe('ownership', () => {
  it('lists only the caller’s tags, by name whatever the case', async () => {
    const owner = persona();
    const other = persona();
    await create(owner, { name: 'work' });
    await create(owner, { name: 'Home' });
    await create(other, { name: 'theirs' });
    expect((await list(owner)).map((tag) => tag.name)).toEqual(['Home', 'work']);
    expect((await list(other)).map((tag) => tag.name)).toEqual(['theirs']);
  });

  it('another user’s tag is NOT_FOUND to edit or delete, null as an entity, and stays as it was', async () => {
    const owner = persona();
    const other = persona();
    const tag = await create(owner, { name: 'private', color: '#fff' });
    expect(codeOf(await update(other, tag.id, { name: 'stolen' }))).toBe('NOT_FOUND');
    expect(codeOf(await remove(other, tag.id))).toBe('NOT_FOUND');
    const entities = await request<{ _entities: (TagShape | null)[] }>(
      other.identity,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Tag { id name } } }',
      { r: [{ __typename: 'Tag', id: tag.id }] },
    );
    expect(entities.data?._entities).toEqual([null]);
    expect(await list(owner)).toEqual([tag]);
    expect(await eventsOf(other.id)).toEqual([]);
  });

  it('refuses the anonymous with UNAUTHENTICATED', async () => {
    const result = await request(anonymous, 'mutation { createTag(input: { name: "x" }) { id } }');
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
  });
});

describe('hostile input changes nothing', () => {
  it.each([
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'n'.repeat(51) }, 'name'],
    [{ name: 'nul\u0000byte' }, 'name'],
    [{ name: 'ok', color: 'red' }, 'color'],
    [{ name: 'ok', color: '#12345' }, 'color'],
  ])('createTag(%j) is BAD_USER_INPUT on %s', async (input, field) => {
    const owner = persona();
    const result = await request(
      owner.identity,
      'mutation ($input: CreateTagInput!) { createTag(input: $input) { id } }',
      {
        input,
      },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await list(owner)).toEqual([]);
    expect(await eventsOf(owner.id)).toEqual([]);
  });

  it.each(['not-a-uuid', '-'.repeat(36), "'; drop table tags; --"])('an id %j names no tag', async (id) => {
    const owner = persona();
    expect(codeOf(await update(owner, id, { name: 'x' }))).toBe('NOT_FOUND');
    expect(codeOf(await remove(owner, id))).toBe('NOT_FOUND');
  });

  it('a duplicate name, whatever its case, is CONFLICT and writes no event', async () => {
    const owner = persona();
    const first = await create(owner, { name: 'Errands' });
    const again = await request(owner.identity, 'mutation { createTag(input: { name: "errands" }) { id } }');
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'name' });
    const second = await create(owner, { name: 'Chores' });
    expect(codeOf(await update(owner, second.id, { name: 'ERRANDS' }))).toBe('CONFLICT');
    expect(await list(owner)).toEqual([second, first]);
    expect((await eventsOf(owner.id)).map((event) => event.type)).toEqual(['TagCreated', 'TagCreated']);
  });
});

describe('outbox', () => {
  it('writes one event per change, with the tag and what changed, and none for a no-op', async () => {
    const owner = persona();
    const tag = await create(owner, { name: 'garden', color: '#0f0' });
    expect((await update(owner, tag.id, { name: 'garden' })).data?.updateTag).toEqual(tag);
    const renamed = (await update(owner, tag.id, { name: 'Garden', color: null })).data!.updateTag;
    expect(renamed).toEqual({ id: tag.id, name: 'Garden', color: null });
    expect((await remove(owner, tag.id)).data?.deleteTag).toBe(true);
    expect(codeOf(await remove(owner, tag.id))).toBe('NOT_FOUND');

    const events = await eventsOf(owner.id);
    expect(events.map((event) => [event.type, event.aggregateId])).toEqual([
      ['TagCreated', tag.id],
      ['TagUpdated', tag.id],
      ['TagDeleted', tag.id],
    ]);
    expect(events[1]!.payload).toMatchObject({
      tag: { id: tag.id, name: 'Garden', color: null },
      changes: { name: { from: 'garden', to: 'Garden' }, color: { from: '#0f0', to: null } },
    });
    expect(events[2]!.payload).toMatchObject({ tag: { id: tag.id, name: 'Garden' } });
  });

  it('the event carries the row exactly as stored (id and times made before the one statement)', async () => {
    const owner = persona();
    const tag = await create(owner, { name: 'exact' });
    const row = await knex('tags').where({ id: tag.id }).first();
    const [event] = await eventsOf(owner.id);
    expect(event!.payload.tag).toEqual({
      id: tag.id,
      name: 'exact',
      color: null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  });

  it('concurrent edits of one tag all apply, each with its own event (the loser reads again)', async () => {
    const owner = persona();
    const tag = await create(owner, { name: 'base' });
    const colors = ['#111', '#222', '#333', '#444', '#555', '#666'];
    const results = await Promise.all(colors.map((color) => update(owner, tag.id, { color })));
    expect(results.map((result) => result.errors)).toEqual(colors.map(() => undefined));
    const updates = (await eventsOf(owner.id)).filter((event) => event.type === 'TagUpdated');
    expect(updates).toHaveLength(colors.length);
    // Each event's `from` is the previous one's `to`: one chain of versions, none lost.
    const chain = updates.map(
      (event) => (event.payload.changes as { color: { from: string; to: string } }).color,
    );
    expect(chain.slice(1).map((change) => change.from)).toEqual(
      chain.slice(0, -1).map((change) => change.to),
    );
    expect((await list(owner))[0]!.color).toBe(chain.at(-1)!.to);
  });
});

describe('schema', () => {
  it('has no processed_events table (tags consumes no events)', async () => {
    expect(await knex.schema.withSchema('tags').hasTable('processed_events')).toBe(false);
  });
});
