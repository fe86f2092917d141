import { testRedisUrl } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';
import { createTag, createTask } from './support/tasks.js';
import { SubscriptionProbe, waitForSubscribers } from './support/ws.js';

interface Change {
  taskChanged: {
    eventId: string;
    kind: string;
    taskId: string;
    at: string;
    task: { id: string; title: string; status: string; tags: { name: string }[] } | null;
  };
}

const CHANGES = `subscription ($since: ID) {
  taskChanged(since: $since) { eventId kind taskId at task { id title status tags { name } } }
}`;

let stack: Stack;
let redis: Redis;
let alice: Persona;
let bob: Persona;
const probes: { dispose: () => unknown }[] = [];

beforeAll(async () => {
  stack = await startStack({ WS_AUTH_RECHECK_MS: '60000' });
  redis = new Redis(testRedisUrl());
  [alice, bob] = await Promise.all([signUp(stack.client, 'Alice'), signUp(stack.client, 'Bob')]);
});
afterAll(async () => {
  await Promise.all(probes.map((probe) => probe.dispose()));
  redis?.disconnect();
  await stack?.stop();
});

const channelOf = (user: Persona) => `${stack.redisPrefix}user:${user.id}`;
const subscribe = async <T = Change>(
  user: Persona,
  query = CHANGES,
  variables: Record<string, unknown> = {},
  url = stack.gatewayUrl,
) => {
  const before = Number(((await redis.call('PUBSUB', 'NUMSUB', channelOf(user))) as [string, number])[1]);
  const probe = new SubscriptionProbe<T>(url, `Bearer ${user.token}`, query, variables);
  probes.push(probe);
  // A replica subscribes to a user's channel once, however many local subscriptions it has.
  if (before === 0) await waitForSubscribers(redis, channelOf(user));
  else await new Promise((resolve) => setTimeout(resolve, 150));
  return probe;
};
const mutate = (user: Persona, mutation: string, id: string) =>
  stack.client.data(`mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id }, { token: user.token });

describe('taskChanged', () => {
  it("delivers each change of the owner's tasks, with the task resolved across subgraphs", async () => {
    const probe = await subscribe(alice);
    const tag = await createTag(stack.client, alice.token, 'live');
    const task = await createTask(stack.client, alice.token, { title: 'Watch me', tagIds: [tag.id] });
    // The task is fetched when its event is delivered, as it is then: each change waits for the
    // previous one's event, or that event could already show the next change.
    await probe.waitFor(1);
    await stack.client.data(
      `mutation ($id: ID!) { updateTask(id: $id, input: { title: "Watched" }) { id } }`,
      { id: task.id },
      { token: alice.token },
    );
    await probe.waitFor(2);
    for (const [index, mutation] of ['completeTask', 'reopenTask', 'deleteTask', 'restoreTask'].entries()) {
      await mutate(alice, mutation, task.id);
      await probe.waitFor(3 + index);
    }
    const events = (await probe.waitFor(6)).map((r) => r.data!.taskChanged);
    expect(events.map((e) => e.kind)).toEqual([
      'CREATED',
      'UPDATED',
      'COMPLETED',
      'REOPENED',
      'DELETED',
      'RESTORED',
    ]);
    expect(events.every((e) => e.taskId === task.id)).toBe(true);
    expect(events[0]!.task).toEqual({
      id: task.id,
      title: 'Watch me',
      status: 'OPEN',
      tags: [{ name: 'live' }],
    });
    expect(events[1]!.task?.title).toBe('Watched');
    expect(events[2]!.task?.status).toBe('COMPLETED');
    expect(events[4]!.task).toBeNull();
    expect(events[5]!.task?.title).toBe('Watched');
    const ids = events.map((e) => e.eventId);
    expect([...ids].sort(compareIds)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('honours aliases, fragments and variables in the selection', async () => {
    const probe = await subscribe<{
      c: { id: string; k: string; t: { x: string; id: string; done?: string } };
    }>(
      alice,
      `subscription ($withStatus: Boolean!) {
        c: taskChanged { id: eventId k: kind t: task { x: title ...Ids done: status @include(if: $withStatus) } }
      }
      fragment Ids on Task { id }`,
      { withStatus: false },
    );
    const task = await createTask(stack.client, alice.token, { title: 'Aliased' });
    const [first] = await probe.waitFor(1);
    expect(first!.data).toEqual({
      c: { id: expect.any(String), k: 'CREATED', t: { x: 'Aliased', id: task.id } },
    });
  });

  it('two subscriptions of the same user each receive every change', async () => {
    const [one, two] = [await subscribe(alice), await subscribe(alice)];
    const task = await createTask(stack.client, alice.token, { title: 'Twice' });
    for (const probe of [one, two]) {
      const [event] = await probe.waitFor(1);
      expect(event!.data!.taskChanged.task?.id).toBe(task.id);
    }
  });

  it("never delivers another user's changes, even with a forged `since`", async () => {
    const aliceProbe = await subscribe(alice);
    await createTask(stack.client, alice.token, { title: 'Private' });
    const [aliceEvent] = await aliceProbe.waitFor(1);
    const forged = await subscribe(bob, CHANGES, { since: '0-0' });
    // Her eventId is ahead of anything Bob's log issued: Bob is told to refetch, nothing of hers leaks.
    const fromHers = new SubscriptionProbe<Change>(stack.gatewayUrl, `Bearer ${bob.token}`, CHANGES, {
      since: aliceEvent!.data!.taskChanged.eventId,
    });
    probes.push(fromHers);
    await fromHers.waitFor(1);
    expect(
      fromHers.received[0]?.errors?.[0]?.extensions?.code ??
        (fromHers.error as { extensions?: { code?: string } }[])?.[0]?.extensions?.code,
    ).toBe('REPLAY_UNAVAILABLE');
    const plain = await subscribe(bob);
    await createTask(stack.client, alice.token, { title: 'Still private' });
    const own = await createTask(stack.client, bob.token, { title: "Bob's" });
    for (const probe of [forged, plain]) {
      const events = await probe.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(events.map((e) => e.data!.taskChanged.taskId)).toEqual([own.id]);
    }
  });

  it('200 rapid changes arrive in order, none missing, none doubled', async () => {
    const probe = await subscribe(bob);
    const created: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const tasks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createTask(stack.client, bob.token, { title: `rapid ${batch}-${i}` }),
        ),
      );
      created.push(...tasks.map((t) => t.id));
    }
    const events = (await probe.waitFor(200, 30_000)).map((r) => r.data!.taskChanged);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(probe.received).toHaveLength(200);
    expect(new Set(events.map((e) => e.taskId))).toEqual(new Set(created));
    const ids = events.map((e) => e.eventId);
    expect([...ids].sort(compareIds)).toEqual(ids);
    expect(new Set(ids).size).toBe(200);
  });

  it('resumes with `since`: replays exactly what was missed, then goes live', async () => {
    const first = await subscribe(alice);
    const seen = await createTask(stack.client, alice.token, { title: 'seen' });
    const [event] = await first.waitFor(1);
    expect(event!.data!.taskChanged.taskId).toBe(seen.id);
    await first.dispose();
    const missed = [];
    for (const title of ['missed 1', 'missed 2', 'missed 3'])
      missed.push(await createTask(stack.client, alice.token, { title }));
    const resumed = await subscribe(alice, CHANGES, { since: event!.data!.taskChanged.eventId });
    const live = await createTask(stack.client, alice.token, { title: 'live again' });
    const events = (await resumed.waitFor(4)).map((r) => r.data!.taskChanged);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.received).toHaveLength(4);
    expect(events.map((e) => e.task?.title)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live again']);
    expect(events.map((e) => e.taskId)).toEqual([...missed.map((t) => t.id), live.id]);
  });

  it('refuses a malformed `since` with BAD_USER_INPUT', async () => {
    const probe = new SubscriptionProbe<Change>(stack.gatewayUrl, `Bearer ${alice.token}`, CHANGES, {
      since: 'yesterday',
    });
    probes.push(probe);
    await probe.waitFor(1);
    expect(
      probe.received[0]?.errors?.[0]?.extensions?.code ??
        (probe.error as { extensions?: { code?: string } }[])?.[0]?.extensions?.code,
    ).toBe('BAD_USER_INPUT');
  });

  it('refuses queries and mutations over WebSocket', async () => {
    const query = new SubscriptionProbe(stack.gatewayUrl, `Bearer ${alice.token}`, '{ me { id } }');
    probes.push(query);
    await query.waitFor(1).catch(() => undefined);
    expect(JSON.stringify(query.error ?? query.received)).toMatch(/Only subscriptions/);
  });
});

describe('replicas', () => {
  it('a change made through one replica reaches subscribers on another', async () => {
    const replica = await stack.startGatewayReplica();
    const onReplica = await subscribe(alice, CHANGES, {}, replica.url);
    const onFirst = await subscribe(alice);
    const task = await createTask(stack.client, alice.token, { title: 'Across replicas' });
    for (const probe of [onReplica, onFirst]) {
      const [event] = await probe.waitFor(1);
      expect(event!.data!.taskChanged.task?.title).toBe('Across replicas');
      expect(event!.data!.taskChanged.taskId).toBe(task.id);
    }
  });

  it('a replica unsubscribes from a user channel when its last local listener leaves', async () => {
    const carol = await signUp(stack.client, 'Carol');
    const probe = await subscribe(carol);
    expect(Number(((await redis.call('PUBSUB', 'NUMSUB', channelOf(carol))) as [string, number])[1])).toBe(1);
    await probe.dispose();
    const deadline = Date.now() + 5_000;
    while (Number(((await redis.call('PUBSUB', 'NUMSUB', channelOf(carol))) as [string, number])[1]) !== 0) {
      if (Date.now() > deadline) throw new Error('still subscribed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});

describe('connection authentication', () => {
  it('refuses connections without a token or with a bad one (4403)', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token', `Bearer ${alice.token}x`]) {
      const probe = new SubscriptionProbe(stack.gatewayUrl, authorization, CHANGES);
      probes.push(probe);
      expect((await probe.waitForClose())?.code).toBe(4403);
    }
  });

  it('works with an API key like with a token', async () => {
    const { createApiKey } = await stack.client.data<{ createApiKey: { key: string } }>(
      `mutation { createApiKey(name: "live", scopes: [READ]) { key } }`,
      {},
      { token: alice.token },
    );
    const probe = new SubscriptionProbe<Change>(stack.gatewayUrl, `Bearer ${createApiKey.key}`, CHANGES);
    probes.push(probe);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const task = await createTask(stack.client, alice.token, { title: 'via key' });
    const events = await probe.waitFor(1);
    expect(events.at(-1)!.data!.taskChanged.taskId).toBe(task.id);
  });

  it('closes the socket when its token is revoked (signOut)', async () => {
    const dave = await signUp(stack.client, 'Dave');
    const probe = await subscribe(dave);
    await stack.client.data(`mutation { signOut }`, {}, { token: dave.token });
    expect((await probe.waitForClose(5_000))?.code).toBe(4403);
  });
});

function compareIds(a: string, b: string) {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am! === bm! ? Number(as! - bs!) : am! < bm! ? -1 : 1;
}
