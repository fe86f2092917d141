import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import {
  createTag,
  createTask,
  LIST_TASKS,
  listTasks,
  type TaskShape,
  walkAllPages,
} from './support/tasks.js';

let stack: Stack;
let owner: Persona;
let other: Persona;
let all: TaskShape[];
let home: string;
let work: string;

const HOUR = 3_600_000;
const now = Date.now();
const at = (hours: number) => new Date(now + hours * HOUR).toISOString();
const ids = (tasks: TaskShape[]) => tasks.map((t) => t.id);
const priorityRank = { LOW: 0, MEDIUM: 1, HIGH: 2, URGENT: 3 };

type Field = 'DUE_AT' | 'PRIORITY' | 'CREATED_AT' | 'UPDATED_AT' | 'TITLE';
type Term = { field: Field; direction: 'ASC' | 'DESC' };

const sortValue = (task: TaskShape, field: Field): string | number | null =>
  ({
    DUE_AT: task.dueAt,
    PRIORITY: priorityRank[task.priority],
    CREATED_AT: task.createdAt,
    UPDATED_AT: task.updatedAt,
    TITLE: task.title.toLowerCase(),
  })[field];

/**
 * The contract's order, independently: terms in order, no due date last either way, then id (in
 * the direction of the last term).
 */
function expectedOrder(tasks: TaskShape[], terms: Term[]): TaskShape[] {
  const idDirection = terms.at(-1)?.direction === 'DESC' ? -1 : 1;
  return [...tasks].sort((a, b) => {
    for (const { field, direction } of terms) {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * (direction === 'ASC' ? 1 : -1);
    }
    return (a.id < b.id ? -1 : 1) * idDirection;
  });
}

beforeAll(async () => {
  stack = await startStack();
  [owner, other] = await Promise.all([signUp(stack.client, 'Lister'), signUp(stack.client, 'Other')]);
  home = (await createTag(stack.client, owner.token, 'home')).id;
  work = (await createTag(stack.client, owner.token, 'work')).id;
  const titles = [
    'alpha',
    'Bravo',
    'charlie',
    'Delta',
    'echo',
    'foxtrot',
    'Golf',
    'hotel',
    'india',
    'Juliet',
    'kilo',
    'lima',
  ];
  const priorities = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
  const dueHours = [null, -48, -2, 5, 24, null, 72, 24, -1, null, 200, 5];
  for (let i = 0; i < 24; i++) {
    await createTask(stack.client, owner.token, {
      title: `${titles[i % titles.length]} ${i < 12 ? 'one' : 'two'}`,
      priority: priorities[i % 4],
      dueAt: dueHours[i % dueHours.length] === null ? null : at(dueHours[i % dueHours.length]!),
      tagIds: i % 3 === 0 ? [home] : i % 3 === 1 ? [home, work] : [],
    });
  }
  await createTask(stack.client, owner.token, { title: 'Renew passport', description: 'at the town hall' });
  await createTask(stack.client, owner.token, {
    title: 'Holiday',
    description: 'bring both passports',
    priority: 'HIGH',
  });
  const page = await listTasks(stack.client, owner.token, { first: 100 });
  const [toComplete, toDelete] = [page.edges[3]!.node.id, page.edges[4]!.node.id];
  await stack.client.data(
    `mutation ($id: ID!) { completeTask(id: $id) { id } }`,
    { id: toComplete },
    { token: owner.token },
  );
  await stack.client.data(
    `mutation ($id: ID!) { deleteTask(id: $id) { id } }`,
    { id: toDelete },
    { token: owner.token },
  );
  await createTask(stack.client, other.token, { title: 'Renew passport of someone else' });
  all = (
    await listTasks(stack.client, owner.token, { first: 100, filter: { includeDeleted: true } })
  ).edges.map((e) => e.node);
});
afterAll(() => stack?.stop());

const live = () => all.filter((t) => !t.deletedAt);
const query = async (variables: Record<string, unknown>) =>
  (await walkAllPages(stack.client, owner.token, variables, 100)).tasks;

describe('defaults and limits', () => {
  it('lists 20 newest first by default, with the total', async () => {
    const page = await listTasks(stack.client, owner.token);
    expect(page.edges).toHaveLength(20);
    expect(page.totalCount).toBe(live().length);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(ids(page.edges.map((e) => e.node))).toEqual(
      ids(expectedOrder(live(), [{ field: 'CREATED_AT', direction: 'DESC' }]).slice(0, 20)),
    );
  });

  it('first: 0 gives the count and no rows', async () => {
    const page = await listTasks(stack.client, owner.token, { first: 0 });
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(live().length);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ after: 'garbage' }, 'after'],
    [{ after: Buffer.from('{"o":"x","v":[]}').toString('base64url') }, 'after'],
    [{ filter: { search: 's'.repeat(201) } }, 'search'],
    [{ filter: { tagIds: ['nope'] } }, 'tagIds'],
  ])('refuses %j with BAD_USER_INPUT', async (variables, field) => {
    const result = await stack.client.request(LIST_TASKS, variables, { token: owner.token });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a cursor made for another order', async () => {
    const page = await listTasks(stack.client, owner.token, {
      first: 2,
      orderBy: [{ field: 'TITLE', direction: 'ASC' }],
    });
    const reused = await stack.client.request(
      LIST_TASKS,
      { first: 2, after: page.pageInfo.endCursor, orderBy: [{ field: 'PRIORITY', direction: 'ASC' }] },
      { token: owner.token },
    );
    expect(errorCodes(reused)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('ordering and paging', () => {
  const orders: Term[][] = [
    [{ field: 'DUE_AT', direction: 'ASC' }],
    [{ field: 'DUE_AT', direction: 'DESC' }],
    [{ field: 'PRIORITY', direction: 'ASC' }],
    [{ field: 'PRIORITY', direction: 'DESC' }],
    [{ field: 'CREATED_AT', direction: 'ASC' }],
    [{ field: 'UPDATED_AT', direction: 'DESC' }],
    [{ field: 'TITLE', direction: 'ASC' }],
    [{ field: 'TITLE', direction: 'DESC' }],
    [
      { field: 'PRIORITY', direction: 'DESC' },
      { field: 'DUE_AT', direction: 'ASC' },
    ],
    [
      { field: 'DUE_AT', direction: 'DESC' },
      { field: 'TITLE', direction: 'ASC' },
    ],
  ];

  it.each(orders.map((order) => [order.map((t) => `${t.field} ${t.direction}`).join(', '), order]))(
    '%s: every page in order, no gaps, no duplicates',
    async (_name, orderBy) => {
      for (const pageSize of [1, 4, 7]) {
        const { tasks, pages } = await walkAllPages(stack.client, owner.token, { orderBy }, pageSize);
        expect(ids(tasks)).toEqual(ids(expectedOrder(live(), orderBy as Term[])));
        expect(pages).toBe(Math.max(1, Math.ceil(live().length / pageSize)));
      }
    },
  );

  it('puts tasks without a due date last in both directions', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const tasks = await query({ orderBy: [{ field: 'DUE_AT', direction }] });
      const firstNull = tasks.findIndex((t) => t.dueAt === null);
      expect(firstNull).toBeGreaterThan(0);
      expect(tasks.slice(firstNull).every((t) => t.dueAt === null)).toBe(true);
    }
  });

  it('paging stays correct with a filter', async () => {
    const { tasks } = await walkAllPages(
      stack.client,
      owner.token,
      { filter: { tagIds: [home] }, orderBy: [{ field: 'TITLE', direction: 'ASC' }] },
      3,
    );
    expect(ids(tasks)).toEqual(
      ids(
        expectedOrder(
          live().filter((t) => t.tagIds.includes(home)),
          [{ field: 'TITLE', direction: 'ASC' }],
        ),
      ),
    );
  });
});

describe('filters', () => {
  const sameSet = (actual: TaskShape[], expected: TaskShape[]) =>
    expect(new Set(ids(actual))).toEqual(new Set(ids(expected)));

  it('by status', async () => {
    sameSet(
      await query({ filter: { status: 'COMPLETED' } }),
      live().filter((t) => t.status === 'COMPLETED'),
    );
    sameSet(
      await query({ filter: { status: 'OPEN' } }),
      live().filter((t) => t.status === 'OPEN'),
    );
  });

  it('by priorities', async () => {
    sameSet(
      await query({ filter: { priorities: ['HIGH', 'URGENT'] } }),
      live().filter((t) => ['HIGH', 'URGENT'].includes(t.priority)),
    );
  });

  it('by tags: tasks carrying ALL of them', async () => {
    sameSet(
      await query({ filter: { tagIds: [home] } }),
      live().filter((t) => t.tagIds.includes(home)),
    );
    sameSet(
      await query({ filter: { tagIds: [home, work] } }),
      live().filter((t) => t.tagIds.includes(home) && t.tagIds.includes(work)),
    );
  });

  it('by due range: dueAfter inclusive, dueBefore exclusive', async () => {
    const from = at(0);
    const to = at(24);
    const expected = live().filter((t) => t.dueAt && t.dueAt >= from && t.dueAt < to);
    sameSet(await query({ filter: { dueAfter: from, dueBefore: to } }), expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('overdue: open and due before now; false is the rest', async () => {
    const isOverdue = (t: TaskShape) => t.status === 'OPEN' && !!t.dueAt && Date.parse(t.dueAt) < Date.now();
    sameSet(await query({ filter: { overdue: true } }), live().filter(isOverdue));
    sameSet(
      await query({ filter: { overdue: false } }),
      live().filter((t) => !isOverdue(t)),
    );
  });

  it('full-text search stems and matches prefixes, over title and description, own tasks only', async () => {
    const titles = async (search: string) => (await query({ filter: { search } })).map((t) => t.title).sort();
    expect(await titles('passports')).toEqual(['Holiday', 'Renew passport']);
    expect(await titles('passport')).toEqual(['Holiday', 'Renew passport']);
    expect(await titles('passp')).toEqual(['Holiday', 'Renew passport']);
    expect(await titles('town HALL')).toEqual(['Renew passport']);
    expect(await titles('renew passport')).toEqual(['Renew passport']);
    expect(await titles('zebra')).toEqual([]);
    expect(await titles(`'; drop table tasks; --`)).toEqual([]);
    expect(await titles('   ')).toHaveLength(live().length);
  });

  it('combines filters with totalCount', async () => {
    const page = await listTasks(stack.client, owner.token, {
      first: 2,
      filter: { priorities: ['LOW'], tagIds: [home] },
    });
    expect(page.totalCount).toBe(
      live().filter((t) => t.priority === 'LOW' && t.tagIds.includes(home)).length,
    );
  });
});
