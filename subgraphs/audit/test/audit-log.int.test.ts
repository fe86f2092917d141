import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@taskflow/events';
import {
  buildTagEvent,
  buildTagSnapshot,
  buildTaskEvent,
  buildTaskSnapshot,
  waitFor,
} from '@taskflow/events/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecordOf } from '../src/domain/audit/audit-record.js';
import { createAuditUnitOfWork } from '../src/domain/audit/audit-repository.js';
import { AUDIT_CONSUMER } from '../src/domain/audit/audit-service.js';
import { type AuditHarness, anonymous, type Persona, persona, startAuditHarness } from './support.js';

const ENTRY = 'id at action actor { id } entityType entityId changes correlationId sequence prevHash hash';
const AUDIT_LOG = `query ($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY} } }
  }
}`;
const HISTORY = `query ($representations: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $representations) {
    ... on Task { id history(first: $first, after: $after) { totalCount edges { node { ${ENTRY} } } } }
  }
}`;

interface Entry {
  id: string;
  at: string;
  action: string;
  actor: { id: string };
  entityType: string;
  entityId: string;
  changes: Record<string, unknown> | null;
  correlationId: string | null;
  sequence: number;
  prevHash: string | null;
  hash: string;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Entry }[];
}

let harness: AuditHarness;
beforeAll(async () => {
  harness = await startAuditHarness();
});
afterAll(() => harness?.stop());

const auditLog = async (who: Persona, variables: Record<string, unknown> = {}) => {
  const result = await harness.request<{ auditLog: Page }>(who.identity, AUDIT_LOG, variables);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.auditLog;
};
const entryCount = async (ownerId?: string) => {
  const query = harness.audit.deps.knex('audit_entries');
  if (ownerId) query.where({ ownerId });
  return Number((await query.count({ count: '*' }))[0]!.count);
};
const waitForEntries = (who: Persona, count: number) =>
  waitFor(async () => (await entryCount(who.id)) >= count && true, { message: `${count} audit entries` });

describe('recording', () => {
  it('records one entry per task and tag change, newest first, with the owner as actor', async () => {
    const owner = persona();
    const task = buildTaskSnapshot({ title: 'Draft', dueAt: null });
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    const updated = { ...task, title: 'Final', updatedAt: later(1) };
    const completed = {
      ...updated,
      status: 'COMPLETED' as const,
      completedAt: later(2),
      updatedAt: later(2),
    };
    const reopened = { ...completed, status: 'OPEN' as const, completedAt: null, updatedAt: later(3) };
    const deleted = { ...reopened, deletedAt: later(4), updatedAt: later(4) };
    const restored = { ...deleted, deletedAt: null, updatedAt: later(5) };
    const tagged = { ...restored, tagIds: ['a1', 'b2'], updatedAt: later(6) };
    const tag = buildTagSnapshot({ name: 'home' });
    const base = { aggregateId: task.id, ownerId: owner.id, correlationId: 'req-audit-1' };
    const events = [
      createEnvelope('TaskCreated', { ...base, payload: { task }, occurredAt: later(0) }),
      createEnvelope('TaskUpdated', {
        ...base,
        payload: { task: updated, changes: { title: { from: 'Draft', to: 'Final' } } },
        occurredAt: later(1),
      }),
      createEnvelope('TaskCompleted', { ...base, payload: { task: completed }, occurredAt: later(2) }),
      createEnvelope('TaskReopened', { ...base, payload: { task: reopened }, occurredAt: later(3) }),
      createEnvelope('TaskDeleted', { ...base, payload: { task: deleted }, occurredAt: later(4) }),
      createEnvelope('TaskRestored', { ...base, payload: { task: restored }, occurredAt: later(5) }),
      createEnvelope('TaskTagsChanged', {
        ...base,
        payload: { task: tagged, addedTagIds: ['a1', 'b2'], removedTagIds: [] },
        occurredAt: later(6),
      }),
      createEnvelope('TagCreated', {
        aggregateId: tag.id,
        ownerId: owner.id,
        payload: { tag },
        occurredAt: later(7),
      }),
      createEnvelope('TagUpdated', {
        aggregateId: tag.id,
        ownerId: owner.id,
        payload: { tag: { ...tag, color: '#fff' }, changes: { color: { from: null, to: '#fff' } } },
        occurredAt: later(8),
      }),
      createEnvelope('TagDeleted', {
        aggregateId: tag.id,
        ownerId: owner.id,
        payload: { tag },
        occurredAt: later(9),
      }),
    ];
    await harness.publish(...events);
    await waitForEntries(owner, events.length);

    const page = await auditLog(owner, { first: 100 });
    expect(page.totalCount).toBe(10);
    expect(page.edges.map((edge) => edge.node.action)).toEqual([
      'TAG_DELETED',
      'TAG_UPDATED',
      'TAG_CREATED',
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
      actor: { id: owner.id },
      entityType: 'Task',
      entityId: task.id,
      correlationId: 'req-audit-1',
      changes: { id: task.id, title: 'Draft', status: 'OPEN' },
      at: events[0]!.occurredAt,
    });
    expect(byAction.TASK_UPDATED!.changes).toEqual({ title: { from: 'Draft', to: 'Final' } });
    expect(byAction.TASK_COMPLETED!.changes).toEqual({
      status: { from: 'OPEN', to: 'COMPLETED' },
      completedAt: { from: null, to: completed.completedAt },
    });
    expect(byAction.TASK_DELETED!.changes).toEqual({ deletedAt: { from: null, to: deleted.deletedAt } });
    expect(byAction.TASK_TAGS_CHANGED!.changes).toEqual({ tagIds: { from: [], to: ['a1', 'b2'] } });
    expect(byAction.TAG_UPDATED).toMatchObject({
      entityType: 'Tag',
      entityId: tag.id,
      changes: { color: { from: null, to: '#fff' } },
    });
    expect(byAction.TAG_DELETED!.changes).toMatchObject({ name: 'home' });
  });

  it('records an occurrence made by the recurrence worker with the owner as actor', async () => {
    const owner = persona();
    const previous = randomUUID();
    const next = buildTaskSnapshot({ previousOccurrenceId: previous, seriesId: randomUUID() });
    await harness.publish(
      createEnvelope('TaskCreated', {
        aggregateId: next.id,
        ownerId: owner.id,
        payload: { task: next },
        correlationId: null,
      }),
    );
    await waitForEntries(owner, 1);
    const [edge] = (await auditLog(owner)).edges;
    expect(edge!.node).toMatchObject({
      action: 'TASK_CREATED',
      actor: { id: owner.id },
      entityId: next.id,
      correlationId: null,
      changes: { previousOccurrenceId: previous },
    });
  });

  it('adds nothing for a redelivered event, from the stream or a second handler run', async () => {
    const owner = persona();
    const event = buildTaskEvent('TaskCreated', owner.id);
    await harness.publish(event);
    await waitForEntries(owner, 1);
    await harness.redeliver(event, 'tasks');
    expect(await harness.audit.audit.record(event)).toBe(false);
    // Even once its processed mark is gone, the entry's unique event id keeps it single.
    await harness.audit.deps.knex('processed_events').where({ eventId: event.id }).delete();
    expect(await harness.audit.audit.record(event)).toBe(false);
    // A later event passes the redelivered one in the stream: once it is recorded, so was the duplicate.
    const next = buildTaskEvent('TaskDeleted', owner.id);
    await harness.redeliver(next, 'tasks');
    await waitForEntries(owner, 2);
    expect(await entryCount(owner.id)).toBe(2);
  });

  it('keeps one chain per user when events are recorded concurrently', async () => {
    const owner = persona();
    const events = Array.from({ length: 40 }, () => buildTaskEvent('TaskCreated', owner.id));
    const results = await Promise.all(events.map((event) => harness.audit.audit.record(event)));
    expect(results.every(Boolean)).toBe(true);
    const rows = await harness.audit.deps
      .knex('audit_entries')
      .where({ ownerId: owner.id })
      .orderBy('sequence');
    expect(rows.map((row) => row.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const result = await harness.request<{ verifyAuditChain: boolean }>(
      owner.identity,
      '{ verifyAuditChain }',
    );
    expect(result.data?.verifyAuditChain).toBe(true);
  });
});

describe('several audit processes', () => {
  it('keep one chain when another process appended since this one last did', async () => {
    const owner = persona();
    const knex = harness.audit.deps.knex;
    // Two replicas of the audit subgraph: each remembers the chain head it last wrote.
    const processes = [createAuditUnitOfWork(knex), createAuditUnitOfWork(knex)];
    const appendIn = (process: 0 | 1) =>
      processes[process]!.run(null, (audit) =>
        audit.append(AUDIT_CONSUMER, auditRecordOf(buildTaskEvent('TaskCreated', owner.id))),
      );
    expect((await appendIn(0))?.sequence).toBe(1);
    expect((await appendIn(1))?.sequence).toBe(2);
    // The first process still believes the head is entry 1: its append loses the race for place 2, re-reads.
    const third = await appendIn(0);
    expect(third).toMatchObject({ sequence: 3 });
    const rows = await knex('audit_entries').where({ ownerId: owner.id }).orderBy('sequence');
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3]);
    expect(third!.prevHash).toBe(rows[1].hash);
    const result = await harness.request<{ verifyAuditChain: boolean }>(
      owner.identity,
      '{ verifyAuditChain }',
    );
    expect(result.data?.verifyAuditChain).toBe(true);
  });
});

describe('reading', () => {
  let owner: Persona;
  let taskId: string;
  beforeAll(async () => {
    owner = persona();
    taskId = randomUUID();
    const start = Date.parse('2026-01-01T00:00:00.000Z');
    const events = Array.from({ length: 25 }, (_, index) =>
      createEnvelope(index % 5 === 0 ? 'TaskCompleted' : 'TaskCreated', {
        aggregateId: index % 2 === 0 ? taskId : randomUUID(),
        ownerId: owner.id,
        payload: { task: buildTaskSnapshot() },
        // Pairs of entries share an instant: paging must break ties by id.
        occurredAt: new Date(start + Math.floor(index / 2) * 60_000),
      }),
    );
    await harness.publish(...events);
    await waitForEntries(owner, 25);
  });

  it('pages newest first with stable cursors, ties broken by id', async () => {
    const all = await auditLog(owner, { first: 100 });
    expect(all.totalCount).toBe(25);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await auditLog(owner, { first: 4, after });
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((edge) => edge.node.id));
    const times = all.edges.map((edge) => edge.node.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by entity, action and time', async () => {
    const forTask = await auditLog(owner, { filter: { entityId: taskId }, first: 100 });
    expect(forTask.totalCount).toBe(13);
    expect(forTask.edges.every((edge) => edge.node.entityId === taskId)).toBe(true);
    const completions = await auditLog(owner, { filter: { action: 'TASK_COMPLETED' } });
    expect(completions.totalCount).toBe(5);
    const window = await auditLog(owner, {
      filter: { since: '2026-01-01T00:02:00.000Z', until: '2026-01-01T00:04:00.000Z' },
    });
    expect(window.edges.map((edge) => edge.node.at)).toEqual([
      '2026-01-01T00:03:00.000Z',
      '2026-01-01T00:03:00.000Z',
      '2026-01-01T00:02:00.000Z',
      '2026-01-01T00:02:00.000Z',
    ]);
  });

  it('serves Task.history through _entities', async () => {
    const result = await harness.request<{ _entities: { history: Page }[] }>(owner.identity, HISTORY, {
      representations: [{ __typename: 'Task', id: taskId }],
      first: 3,
    });
    const history = result.data!._entities[0]!.history;
    expect(history.totalCount).toBe(13);
    expect(history.edges).toHaveLength(3);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ filter: { action: 'TASK_EXPLODED' } }, 'action'],
    [{ filter: { entityType: 'User' } }, 'entityType'],
    // A NUL or lone surrogate must not reach Postgres (a text column refuses NUL: a masked error).
    [{ filter: { entityId: 'a\u0000b' } }, 'entityId'],
    [{ filter: { entityId: 'a\ud800b' } }, 'entityId'],
    [{ filter: { action: 'TASK_CREATED\u0000' } }, 'action'],
    [{ filter: { action: 'TASK_CREATED\udc00' } }, 'action'],
    [{ filter: { entityType: 'Task\u0000' } }, 'entityType'],
    [{ filter: { entityType: 'Task\ud800' } }, 'entityType'],
  ])('refuses %j as BAD_USER_INPUT naming %s', async (variables, field) => {
    const result = await harness.request(owner.identity, AUDIT_LOG, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it.each([
    ['a NUL', 'x\u0000y'],
    ['a lone surrogate', 'x\ud800y'],
  ])('gives Task.history of an id with %s an empty page, not an error', async (_what, id) => {
    const result = await harness.request<{ _entities: { history: Page }[] }>(owner.identity, HISTORY, {
      representations: [{ __typename: 'Task', id }],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0]!.history).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('shows other users nothing, and anonymous callers are UNAUTHENTICATED', async () => {
    const stranger = persona();
    expect((await auditLog(stranger)).totalCount).toBe(0);
    const history = await harness.request<{ _entities: { history: Page }[] }>(stranger.identity, HISTORY, {
      representations: [{ __typename: 'Task', id: taskId }],
    });
    expect(history.data!._entities[0]!.history).toMatchObject({ totalCount: 0, edges: [] });
    const result = await harness.request(anonymous, AUDIT_LOG);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets a read-only key read', async () => {
    const readOnly = {
      ...owner,
      identity: { ...owner.identity, kind: 'apiKey' as const, scopes: ['READ' as const] },
    };
    expect((await auditLog(readOnly, { first: 1 })).totalCount).toBe(25);
  });
});

describe('tag events', () => {
  it('come from the tags stream', async () => {
    const owner = persona();
    await harness.publish(buildTagEvent('TagCreated', owner.id, { tag: { name: 'errands' } }));
    await waitForEntries(owner, 1);
    const page = await auditLog(owner);
    expect(page.edges[0]!.node).toMatchObject({ action: 'TAG_CREATED', entityType: 'Tag' });
  });
});
