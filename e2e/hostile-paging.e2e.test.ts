/**
 * Issue 15, defects 8 and 9: forged cursors on every connection, and a priority filter longer than
 * Postgres' bind-parameter limit, through the real gateway. Each must be a clear BAD_USER_INPUT (or
 * a normal answer), never INTERNAL_SERVER_ERROR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import { createTask, LIST_TASKS } from './support/tasks.js';

let stack: Stack;
let owner: Persona;
let taskId: string;

beforeAll(async () => {
  stack = await startStack();
  owner = await signUp(stack.client, 'Paging Owner');
  taskId = (await createTask(stack.client, owner.token, { title: 'Hostile paging', priority: 'HIGH' })).id;
  await createTask(stack.client, owner.token, { title: 'Another', priority: 'LOW' });
});
afterAll(() => stack?.stop());

const id = '5b0e3c1e-8a4f-4c4e-9d0a-2f6b7c8d9e0f';
const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
/** Well-formed for every cursor layout we have used (`o`/`t` tags, `a`/`c`/`i` fields), with bad values. */
const forged = (tag: string, values: unknown[]) =>
  forge({ o: tag, t: tag, v: values, a: values[0], c: values[0], i: values.at(-1) });

/** Values that pass a loose check (Date.parse, a hex-and-dash pattern) but that Postgres refuses. */
const hostileTaskCursors: [string, { field: string; direction: string }[], string][] = [
  [
    'a date Postgres cannot read',
    [{ field: 'CREATED_AT', direction: 'DESC' }],
    forged('CREATED_AT:DESC', ['1', id]),
  ],
  [
    'an id of dashes',
    [{ field: 'PRIORITY', direction: 'DESC' }],
    forged('PRIORITY:DESC', [1, '-'.repeat(36)]),
  ],
  ['a NUL in a title', [{ field: 'TITLE', direction: 'ASC' }], forged('TITLE:ASC', ['a\u0000b', id])],
  [
    'a date before 4713 BC',
    [{ field: 'DUE_AT', direction: 'ASC' }],
    forged('DUE_AT:ASC', ['-271821-04-20T00:00:00.000Z', id]),
  ],
];

describe('forged cursors are BAD_USER_INPUT on `after`', () => {
  it.each(hostileTaskCursors)('tasks: %s', async (_name, orderBy, after) => {
    const result = await stack.client.request(LIST_TASKS, { orderBy, after }, { token: owner.token });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ field: 'after' });
  });

  // Each in the layout of the cursors that connection has handed out, and in the kit's.
  const early = '-271821-04-20T00:00:00.000Z';
  const auditCursors = [
    ['a date before 4713 BC', forge({ a: early, i: id })],
    ['a date before 4713 BC (kit layout)', forge({ t: 'audit', v: [early, id] })],
    ['a number for a date', forge({ t: 'audit', v: [1e15, id] })],
  ];
  const notificationCursors = [
    ['a date before 4713 BC', forge({ c: early, i: id })],
    ['a date before 4713 BC (kit layout)', forge({ t: 'notifications', v: [early, id] })],
    ['a number for a date', forge({ t: 'notifications', v: [1e15, id] })],
  ];

  it.each(auditCursors)('auditLog: %s', async (_name, after) => {
    const result = await stack.client.request(
      'query ($after: String) { auditLog(after: $after) { edges { cursor } } }',
      { after },
      { token: owner.token },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it.each(auditCursors)('Task.history: %s', async (_name, after) => {
    const result = await stack.client.request(
      'query ($id: ID!, $after: String) { task(id: $id) { id history(after: $after) { edges { cursor } } } }',
      { id: taskId, after },
      { token: owner.token },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });

  it.each(notificationCursors)('notifications: %s', async (_name, after) => {
    const result = await stack.client.request(
      'query ($after: String) { notifications(after: $after) { edges { cursor } } }',
      { after },
      { token: owner.token },
    );
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('a priority filter of any length', () => {
  it('70,000 priorities (past the 65,535 bind parameters of one statement) filter like their distinct values', async () => {
    const priorities = Array.from({ length: 70_000 }, (_, index) => (index % 2 ? 'HIGH' : 'URGENT'));
    const result = await stack.client.request<{
      tasks: { edges: { node: { title: string } }[]; totalCount: number };
    }>(LIST_TASKS, { filter: { priorities } }, { token: owner.token });
    expect(result.errors).toBeUndefined();
    expect(result.data?.tasks.edges.map((edge) => edge.node.title)).toEqual(['Hostile paging']);
    expect(result.data?.tasks.totalCount).toBe(1);
  });
});
