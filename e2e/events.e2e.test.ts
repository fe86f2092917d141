import { testRedisUrl } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Persona, signUp } from './support/client.js';
import { eventually } from './support/eventually.js';
import { type Stack, startStack } from './support/stack.js';
import { createTag, createTask, GET_TASK, type TaskShape } from './support/tasks.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { SubscriptionProbe, waitForSubscribers } from './support/ws.js';

let stack: Stack;
let redis: Redis;
let proxy: TcpProxy;
let user: Persona;

beforeAll(async () => {
  const target = new URL(testRedisUrl());
  proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  const port = await proxy.start();
  // The tasks subgraph (its relay and consumers) reaches Redis only through the proxy, so the test
  // can take Redis away from it while the gateway keeps its own connection.
  stack = await startStack({}, { only: { tasks: { REDIS_URL: `redis://127.0.0.1:${port}` } } });
  redis = new Redis(testRedisUrl());
  user = await signUp(stack.client, 'Eventful');
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
  await proxy?.cut();
});

const streamEvents = async (source: string) =>
  ((await redis.xrange(`${stack.redisPrefix}events:${source}`, '-', '+')) as [string, string[]][]).map(
    ([, fields]) =>
      JSON.parse(fields[1]!) as {
        type: string;
        aggregateId: string;
        correlationId: string;
        payload: Record<string, unknown>;
      },
  );

describe('the outbox reaches the streams', () => {
  it('a mutation becomes one typed event on the tasks stream, with the request correlation id', async () => {
    const { createTask: task } = await stack.client.data<{ createTask: TaskShape }>(
      `mutation { createTask(input: { title: "traced" }) { id } }`,
      {},
      { token: user.token, headers: { 'x-correlation-id': 'trace-me-123' } },
    );
    const event = await eventually(async () =>
      (await streamEvents('tasks')).find((e) => e.aggregateId === task.id),
    );
    expect(event).toMatchObject({ type: 'TaskCreated', correlationId: 'trace-me-123' });
    expect(event.payload).toMatchObject({ task: { id: task.id, title: 'traced', status: 'OPEN' } });
  });

  it('an update carries the changed fields before and after; a no-op writes nothing', async () => {
    const task = await createTask(stack.client, user.token, { title: 'before', priority: 'LOW' });
    const update = `mutation ($id: ID!) { updateTask(id: $id, input: { title: "after", priority: LOW }) { id } }`;
    await stack.client.data(update, { id: task.id }, { token: user.token });
    await stack.client.data(update, { id: task.id }, { token: user.token });
    await stack.client.data(
      `mutation ($id: ID!) { reopenTask(id: $id) { id } }`,
      { id: task.id },
      { token: user.token },
    );
    const updated = await eventually(async () =>
      (await streamEvents('tasks')).find((e) => e.aggregateId === task.id && e.type === 'TaskUpdated'),
    );
    expect(updated.payload.changes).toEqual({ title: { from: 'before', to: 'after' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const all = (await streamEvents('tasks')).filter((e) => e.aggregateId === task.id).map((e) => e.type);
    expect(all).toEqual(['TaskCreated', 'TaskUpdated']);
  });

  it('a deleted tag leaves its tasks (TagDeleted, consumed by the tasks subgraph)', async () => {
    const tag = await createTag(stack.client, user.token, 'ephemeral');
    const task = await createTask(stack.client, user.token, { title: 'tagged', tagIds: [tag.id] });
    await stack.client.data(
      `mutation ($id: ID!) { deleteTag(id: $id) }`,
      { id: tag.id },
      { token: user.token },
    );
    await eventually(async () => {
      const { task: current } = await stack.client.data<{ task: TaskShape }>(
        GET_TASK,
        { id: task.id },
        { token: user.token },
      );
      return current.tagIds.length === 0;
    });
  });
});

describe('Redis away: nothing lost, nothing doubled', () => {
  it('mutations keep succeeding; once Redis is back every event arrives, in order, once', async () => {
    const probe = new SubscriptionProbe<{ taskChanged: { eventId: string; taskId: string; kind: string } }>(
      stack.gatewayUrl,
      `Bearer ${user.token}`,
      'subscription { taskChanged { eventId taskId kind } }',
    );
    await waitForSubscribers(redis, `${stack.redisPrefix}user:${user.id}`);
    await proxy.cut();
    const created: string[] = [];
    for (let i = 0; i < 10; i++)
      created.push((await createTask(stack.client, user.token, { title: `offline ${i}` })).id);
    await stack.client.data(
      `mutation ($id: ID!) { completeTask(id: $id) { id } }`,
      { id: created[0] },
      { token: user.token },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probe.received).toHaveLength(0);

    await proxy.restore();
    const events = (await probe.waitFor(11, 20_000)).map((r) => r.data!.taskChanged);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probe.received).toHaveLength(11);
    expect(events.map((e) => e.taskId)).toEqual([...created, created[0]]);
    expect(events.at(-1)!.kind).toBe('COMPLETED');
    const stream = (await streamEvents('tasks')).filter((e) => created.includes(e.aggregateId));
    expect(stream).toHaveLength(11);
    await probe.dispose();
  });
});
