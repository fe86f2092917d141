import { testRedisUrl } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import { createTag, createTask } from './support/tasks.js';

const ENTRY = 'id at action actor { id email } entityType entityId changes correlationId';
const AUDIT_LOG = `query ($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY} } }
  }
}`;
const HISTORY = `query ($id: ID!) { task(id: $id) { id history(first: 50) { totalCount edges { node { ${ENTRY} } } } } }`;

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: { id: string; email: string };
  entityType: string;
  entityId: string;
  changes: Record<string, unknown> | null;
  correlationId: string | null;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Entry }[];
}

let stack: Stack;
let redis: Redis;
let owner: Persona;
let stranger: Persona;
beforeAll(async () => {
  stack = await startStack();
  redis = new Redis(testRedisUrl());
  [owner, stranger] = await Promise.all([signUp(stack.client, 'Auditor'), signUp(stack.client, 'Stranger')]);
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

const auditLog = async (who: Persona, variables: Record<string, unknown> = {}) =>
  (await stack.client.data<{ auditLog: Page }>(AUDIT_LOG, variables, { token: who.token })).auditLog;

/** Polls the log (events reach it asynchronously) until `count` entries match the filter. */
async function waitForEntries(who: Persona, count: number, filter: Record<string, unknown> = {}) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await auditLog(who, { filter, first: 100 });
    // The page and its count are two queries: an entry may land between them.
    if (page.totalCount >= count && page.edges.length >= Math.min(count, 100)) return page;
    if (Date.now() > deadline) throw new Error(`expected ${count} audit entries, have ${page.totalCount}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const mutate = (who: Persona, query: string, variables: Record<string, unknown>, correlationId?: string) =>
  stack.client.data(query, variables, {
    token: who.token,
    ...(correlationId ? { headers: { 'x-correlation-id': correlationId } } : {}),
  });

describe('audit log through the gateway', () => {
  it('records exactly one entry per change of a task, with diffs, actor and correlation id', async () => {
    const tag = await createTag(stack.client, owner.token, 'Finance');
    const { createTask: task } = (await mutate(
      owner,
      `mutation ($input: CreateTaskInput!) { createTask(input: $input) { id title } }`,
      { input: { title: 'File taxes', priority: 'HIGH', dueAt: '2030-04-15T12:00:00.000Z' } },
      'audit-e2e-create',
    )) as { createTask: { id: string } };
    const id = task.id;
    await mutate(
      owner,
      `mutation ($id: ID!) { updateTask(id: $id, input: { title: "File the taxes", priority: URGENT }) { id } }`,
      { id },
      'audit-e2e-update',
    );
    for (const operation of ['completeTask', 'reopenTask', 'deleteTask', 'restoreTask']) {
      await mutate(owner, `mutation ($id: ID!) { ${operation}(id: $id) { id } }`, { id });
    }
    await mutate(
      owner,
      `mutation ($id: ID!, $tags: [ID!]!) { setTaskTags(taskId: $id, tagIds: $tags) { id } }`,
      {
        id,
        tags: [tag.id],
      },
    );

    const page = await waitForEntries(owner, 7, { entityId: id });
    expect(page.totalCount).toBe(7);
    expect(page.edges.map((edge) => edge.node.action)).toEqual([
      'TASK_TAGS_CHANGED',
      'TASK_RESTORED',
      'TASK_DELETED',
      'TASK_REOPENED',
      'TASK_COMPLETED',
      'TASK_UPDATED',
      'TASK_CREATED',
    ]);
    const byAction = Object.fromEntries(page.edges.map((edge) => [edge.node.action, edge.node]));
    expect(byAction.TASK_CREATED).toMatchObject({
      actor: { id: owner.id, email: owner.email },
      entityType: 'Task',
      entityId: id,
      correlationId: 'audit-e2e-create',
      changes: { id, title: 'File taxes', priority: 'HIGH', dueAt: '2030-04-15T12:00:00.000Z' },
    });
    expect(byAction.TASK_UPDATED).toMatchObject({
      correlationId: 'audit-e2e-update',
      changes: {
        title: { from: 'File taxes', to: 'File the taxes' },
        priority: { from: 'HIGH', to: 'URGENT' },
      },
    });
    const completed = byAction.TASK_COMPLETED!.changes as { completedAt: { to: string } };
    expect(completed).toMatchObject({
      status: { from: 'OPEN', to: 'COMPLETED' },
      completedAt: { from: null, to: expect.any(String) },
    });
    // Reopening and restoring say what they undid: the completion and the deletion times.
    expect(byAction.TASK_REOPENED!.changes).toEqual({
      status: { from: 'COMPLETED', to: 'OPEN' },
      completedAt: { from: completed.completedAt.to, to: null },
    });
    const deleted = byAction.TASK_DELETED!.changes as { deletedAt: { to: string } };
    expect(deleted).toEqual({ deletedAt: { from: null, to: expect.any(String) } });
    expect(byAction.TASK_RESTORED!.changes).toEqual({ deletedAt: { from: deleted.deletedAt.to, to: null } });
    expect(byAction.TASK_TAGS_CHANGED!.changes).toEqual({ tagIds: { from: [], to: [tag.id] } });

    // The same entries as the task's history, through federation.
    const { task: withHistory } = await stack.client.data<{ task: { history: Page } }>(
      HISTORY,
      { id },
      { token: owner.token },
    );
    expect(withHistory.history.edges.map((edge) => edge.node.id)).toEqual(
      page.edges.map((edge) => edge.node.id),
    );
  });

  it('records tag changes', async () => {
    const tag = await createTag(stack.client, owner.token, 'Garden');
    await mutate(owner, `mutation ($id: ID!) { updateTag(id: $id, input: { color: "#00ff00" }) { id } }`, {
      id: tag.id,
    });
    await mutate(owner, `mutation ($id: ID!) { deleteTag(id: $id) }`, { id: tag.id });
    const page = await waitForEntries(owner, 3, { entityId: tag.id });
    expect(page.edges.map((edge) => [edge.node.action, edge.node.entityType])).toEqual([
      ['TAG_DELETED', 'Tag'],
      ['TAG_UPDATED', 'Tag'],
      ['TAG_CREATED', 'Tag'],
    ]);
    expect(page.edges[1]!.node.changes).toEqual({ color: { from: null, to: '#00ff00' } });
  });

  it('adds nothing for failed mutations nor for a redelivered event', async () => {
    const task = await createTask(stack.client, owner.token, { title: 'Steady' });
    await waitForEntries(owner, 1, { entityId: task.id });
    const failures = [
      [`mutation ($id: ID!) { updateTask(id: $id, input: { title: "" }) { id } }`, 'BAD_USER_INPUT'],
      [
        `mutation ($id: ID!) { setTaskTags(taskId: $id, tagIds: ["00000000-0000-4000-8000-000000000000"]) { id } }`,
        'NOT_FOUND',
      ],
    ] as const;
    for (const [query, code] of failures) {
      expect(errorCodes(await stack.client.request(query, { id: task.id }, { token: owner.token }))).toEqual([
        code,
      ]);
    }
    const denied = await stack.client.request(
      `mutation ($id: ID!) { completeTask(id: $id) { id } }`,
      { id: task.id },
      {
        token: stranger.token,
      },
    );
    expect(errorCodes(denied)).toEqual(['NOT_FOUND']);

    // Its creation event again on the stream, as a relay that re-ran after its marker expired would add it.
    const entries = (await redis.xrange(`${stack.redisPrefix}events:tasks`, '-', '+')) as [
      string,
      string[],
    ][];
    const created = entries.map(([, fields]) => fields[1]!).find((json) => json.includes(task.id))!;
    await redis.xadd(`${stack.redisPrefix}events:tasks`, '*', 'event', created);

    // A change after all of that: once it is in the log, everything before it was handled.
    await mutate(owner, `mutation ($id: ID!) { completeTask(id: $id) { id } }`, { id: task.id });
    const page = await waitForEntries(owner, 2, { entityId: task.id });
    expect(page.edges.map((edge) => edge.node.action)).toEqual(['TASK_COMPLETED', 'TASK_CREATED']);
  });

  it('shows other users nothing', async () => {
    const mine = await auditLog(owner, { first: 1 });
    expect(mine.totalCount).toBeGreaterThan(0);
    const theirs = await auditLog(stranger, { first: 100 });
    expect(theirs.totalCount).toBe(0);
    const filtered = await auditLog(stranger, { filter: { entityId: mine.edges[0]!.node.entityId } });
    expect(filtered.edges).toEqual([]);
  });

  it('pages newest first and filters by action and time; first above 100 is BAD_USER_INPUT', async () => {
    const all = await auditLog(owner, { first: 100 });
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = await auditLog(owner, { first: 3, after });
      ids.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(all.edges.map((edge) => edge.node.id));
    const completions = await auditLog(owner, { filter: { action: 'TASK_COMPLETED' } });
    expect(completions.edges.every((edge) => edge.node.action === 'TASK_COMPLETED')).toBe(true);
    const newest = all.edges[0]!.node.at;
    const since = await auditLog(owner, { filter: { since: newest } });
    expect(since.edges.every((edge) => edge.node.at >= newest)).toBe(true);
    const until = await auditLog(owner, { filter: { until: newest }, first: 100 });
    expect(until.totalCount).toBe(all.totalCount - since.totalCount);
    const tooMany = await stack.client.request(AUDIT_LOG, { first: 101 }, { token: owner.token });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('verifies the chain, and detects an entry edited behind the API’s back', async () => {
    const verify = async (who: Persona) =>
      (
        await stack.client.data<{ verifyAuditChain: boolean }>(
          '{ verifyAuditChain }',
          {},
          { token: who.token },
        )
      ).verifyAuditChain;
    expect(await verify(owner)).toBe(true);
    const admin = knexFactory({ client: 'pg', connection: stack.databaseUrl, pool: { min: 0, max: 1 } });
    try {
      await expect(
        admin.raw("update audit.audit_entries set action = 'TASK_DELETED' where owner_id = ?", [owner.id]),
      ).rejects.toThrow(/append-only/);
      await expect(
        admin.raw('delete from audit.audit_entries where owner_id = ?', [owner.id]),
      ).rejects.toThrow(/append-only/);
      await admin.transaction(async (trx) => {
        await trx.raw('alter table audit.audit_entries disable trigger audit_entries_append_only');
        await trx.raw(
          `update audit.audit_entries set correlation_id = 'rewritten'
            where id = (select id from audit.audit_entries where owner_id = ? order by sequence limit 1)`,
          [owner.id],
        );
        await trx.raw('alter table audit.audit_entries enable trigger audit_entries_append_only');
      });
    } finally {
      await admin.destroy();
    }
    expect(await verify(owner)).toBe(false);
    expect(await verify(stranger)).toBe(true);
  });
});
