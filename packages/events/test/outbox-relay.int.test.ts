import { randomUUID } from 'node:crypto';
import { createKnex, createRedis, type Knex, migrateLatest } from '@taskflow/common';
import { createTestDatabase, type TestDatabase } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvents,
  eventStreamKey,
  type OutboxRelay,
  OutboxRepository,
  outboxMigration,
  type RawEnvelope,
  RedisEventPublisher,
  type RelayOptions,
  startRelay,
  userChangesKey,
} from '../src/index.js';
import {
  buildTagEvent,
  buildTaskEvent,
  deleteRedisKeys,
  readStreamEnvelopes,
  startTcpProxy,
  type TcpProxy,
  waitFor,
} from '../src/testing/index.js';
import { openTestRedis, testLog } from './support.js';

let database: TestDatabase;
let redisHandle: ReturnType<typeof openTestRedis>;
const openKnexes: Knex[] = [];
const relays: OutboxRelay[] = [];
const extraRedis: Redis[] = [];
let schemaCount = 0;

beforeAll(async () => {
  database = await createTestDatabase('events_relay');
  redisHandle = openTestRedis();
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  for (const redis of extraRedis.splice(0)) redis.disconnect();
  await Promise.all(openKnexes.splice(0).map((knex) => knex.destroy()));
});

afterAll(async () => {
  await redisHandle?.cleanup();
  await database?.drop();
});

/** Each test gets its own schema (own outbox, own relay lock) and its own Redis prefix. */
async function createFixture() {
  schemaCount += 1;
  const schema = `tasks_${schemaCount}`;
  const knex = createKnex({ url: database.url, schema });
  openKnexes.push(knex);
  await migrateLatest(knex, schema, [outboxMigration]);
  const prefix = `${redisHandle.prefix}${schema}:`;
  const { redis } = redisHandle;
  const relay = (overrides: Partial<RelayOptions> = {}) => {
    const started = startRelay({
      knex,
      redis,
      prefix,
      schema,
      source: 'tasks',
      log: testLog,
      pollIntervalMs: 100,
      lockRetryMs: 50,
      retryBaseMs: 20,
      retryMaxMs: 200,
      ...overrides,
    });
    relays.push(started);
    return started;
  };
  const append = (events: RawEnvelope[]) => knex.transaction((trx) => appendEvents(trx, events));
  const tasksStream = () => readStreamEnvelopes(redis, eventStreamKey(prefix, 'tasks'));
  const changeLog = async (ownerId: string) => {
    const entries = (await redis.call('XRANGE', userChangesKey(prefix, ownerId), '-', '+')) as [
      string,
      string[],
    ][];
    return entries.map(([, fields]) => JSON.parse(fields[1]!) as { envelopeId: string });
  };
  const outbox = new OutboxRepository(knex, schema);
  return { schema, knex, prefix, redis, relay, append, tasksStream, changeLog, outbox };
}

const idsOf = (events: { id: string }[]) => events.map((event) => event.id);

describe('outbox and relay', () => {
  it('never sends a rolled-back event; sends committed ones, in order per owner, to the stream and change log', async () => {
    const { relay, knex, append, tasksStream, changeLog, outbox } = await createFixture();
    const alice = randomUUID();
    const bob = randomUUID();
    const rolledBack = buildTaskEvent('TaskCreated', alice);
    await expect(
      knex.transaction(async (trx) => {
        await appendEvents(trx, [rolledBack]);
        throw new Error('the mutation failed after writing its event');
      }),
    ).rejects.toThrow('the mutation failed');

    const committed = [
      [buildTaskEvent('TaskCreated', alice), buildTaskEvent('TaskCreated', bob)],
      [buildTaskEvent('TaskCompleted', alice)],
      [buildTaskEvent('TaskDeleted', bob), buildTaskEvent('TaskReopened', alice)],
    ];
    for (const events of committed) await append(events);
    const sent = committed.flat();
    relay();

    const stream = await waitFor(async () => {
      const entries = await tasksStream();
      return entries.length === sent.length && entries;
    });
    expect(idsOf(stream)).toEqual(idsOf(sent));
    expect(idsOf(stream)).not.toContain(rolledBack.id);
    expect((await changeLog(alice)).map((notice) => notice.envelopeId)).toEqual(
      idsOf(sent.filter((event) => event.ownerId === alice)),
    );
    expect((await changeLog(bob)).map((notice) => notice.envelopeId)).toEqual(
      idsOf(sent.filter((event) => event.ownerId === bob)),
    );
    await waitFor(async () => (await outbox.countUnsent()) === 0, { message: 'rows marked sent' });
  });

  it("keeps an owner's events in commit order when transactions overlap", async () => {
    const { relay, knex, tasksStream } = await createFixture();
    const alice = randomUUID();
    const bob = randomUUID();
    const slow = buildTaskEvent('TaskCreated', alice);
    const fast = buildTaskEvent('TaskCompleted', alice);
    const otherOwner = buildTaskEvent('TaskCreated', bob);
    const commits: string[] = [];

    let releaseSlow!: () => void;
    const slowMayCommit = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    let slowHasAppended!: () => void;
    const slowAppended = new Promise<void>((resolve) => {
      slowHasAppended = resolve;
    });
    const slowTransaction = knex.transaction(async (trx) => {
      await appendEvents(trx, [slow]);
      slowHasAppended();
      await slowMayCommit;
    });
    await slowAppended;
    // Alice's second transaction waits for her first; Bob's does not.
    const fastTransaction = knex
      .transaction((trx) => appendEvents(trx, [fast]))
      .then(() => commits.push('alice-second'));
    await knex.transaction((trx) => appendEvents(trx, [otherOwner]));
    commits.push('bob');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(commits).toEqual(['bob']);
    releaseSlow();
    await slowTransaction;
    commits.push('alice-first');
    await fastTransaction;
    relay();

    const stream = await waitFor(async () => {
      const entries = await tasksStream();
      return entries.length === 3 && entries;
    });
    const aliceOrder = stream.filter((entry) => entry.ownerId === alice).map((entry) => entry.id);
    expect(aliceOrder).toEqual([slow.id, fast.id]);
  });

  it('keeps the rows while Redis is down, never blocks a mutation, and delivers each event once when it works', async () => {
    const { relay, append, tasksStream, outbox } = await createFixture();
    const unreachable = createRedis('redis://127.0.0.1:1', testLog, 'unreachable');
    extraRedis.push(unreachable);
    const broken = relay({ redis: unreachable });
    const alice = randomUUID();
    const events = Array.from({ length: 6 }, (_, index) =>
      buildTaskEvent(index % 2 ? 'TaskCompleted' : 'TaskCreated', alice),
    );

    const startedAt = Date.now();
    for (const event of events) await append([event]);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await waitFor(() => broken.stats.failures >= 2, { message: 'failed publish attempts' });
    expect(broken.stats.outageSince).not.toBeNull();
    expect(await outbox.countUnsent()).toBe(events.length);
    await broken.stop();

    relay();
    const stream = await waitFor(async () => {
      const entries = await tasksStream();
      return entries.length >= events.length && entries;
    });
    expect(idsOf(stream)).toEqual(idsOf(events));
    await waitFor(async () => (await outbox.countUnsent()) === 0, { message: 'rows marked sent' });
  });

  it('recovers by itself when Redis goes away and comes back', async () => {
    const { relay, append, tasksStream } = await createFixture();
    const proxy: TcpProxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    try {
      const viaProxy = new Redis(proxy.url(), { maxRetriesPerRequest: 1, retryStrategy: () => 30 });
      viaProxy.on('error', () => undefined);
      extraRedis.push(viaProxy);
      const relayViaProxy = relay({ redis: viaProxy });
      const alice = randomUUID();
      const before = buildTaskEvent('TaskCreated', alice);
      await append([before]);
      await waitFor(async () => (await tasksStream()).length === 1, { message: 'first event' });

      await proxy.goDown();
      const during = [buildTaskEvent('TaskCompleted', alice), buildTaskEvent('TaskReopened', alice)];
      for (const event of during) await append([event]);
      await waitFor(() => relayViaProxy.stats.failures >= 1, { message: 'a failed attempt' });
      await proxy.comeBack();

      const stream = await waitFor(async () => {
        const entries = await tasksStream();
        return entries.length === 3 && entries;
      });
      expect(idsOf(stream)).toEqual(idsOf([before, ...during]));
      await waitFor(() => relayViaProxy.stats.outageSince === null, { message: 'outage over' });
    } finally {
      await proxy.close();
    }
  });

  it('publishes once when the relay crashed between Redis accepting and marking the row sent', async () => {
    const { relay, append, tasksStream, prefix, redis, outbox } = await createFixture();
    const alice = randomUUID();
    const crashed = buildTaskEvent('TaskCreated', alice);
    const next = buildTaskEvent('TaskCompleted', alice);
    await append([crashed, next]);
    // What the crashed relay got done: the publish script ran, the row was never marked.
    const [row] = await outbox.readUnsent(1);
    expect(row?.eventId).toBe(crashed.id);
    await new RedisEventPublisher({ redis, prefix }).publish(crashed);
    expect(await outbox.countUnsent()).toBe(2);

    const restarted = relay();
    await restarted.flush();
    expect(idsOf(await tasksStream())).toEqual([crashed.id, next.id]);
    expect(restarted.stats).toMatchObject({ sent: 1, duplicates: 1 });
    expect(await outbox.countUnsent()).toBe(0);
  });

  it('runs one active relay per schema; each event is sent once, and a standby takes over', async () => {
    const { relay, append, tasksStream, knex, schema } = await createFixture();
    const first = relay();
    const second = relay();
    await waitFor(() => first.stats.isLeader !== second.stats.isLeader, { message: 'one leader' });

    const owners = [randomUUID(), randomUUID(), randomUUID()];
    const events = Array.from({ length: 30 }, (_, index) =>
      buildTaskEvent('TaskCreated', owners[index % 3]!),
    );
    await Promise.all(
      Array.from({ length: 10 }, (_, batch) => append(events.filter((_, index) => index % 10 === batch))),
    );
    await waitFor(async () => (await tasksStream()).length >= events.length, { message: 'all events' });

    const [leader, standby] = first.stats.isLeader ? [first, second] : [second, first];
    await leader.stop();
    const later = buildTaskEvent('TaskCompleted', owners[0]!);
    await append([later]);
    await waitFor(() => standby.stats.isLeader, { message: 'standby took over' });
    const stream = await waitFor(async () => {
      const entries = await tasksStream();
      return entries.length >= events.length + 1 && entries;
    });
    expect(stream).toHaveLength(events.length + 1);
    expect(new Set(idsOf(stream)).size).toBe(events.length + 1);
    expect(stream.at(-1)!.id).toBe(later.id);
    // The transactions ran concurrently: per owner, the stream must follow outbox id (= commit) order.
    const rows = await knex.raw(
      'select event_id as "eventId", owner_id as "ownerId" from ??.outbox order by outbox.id',
      [schema],
    );
    for (const owner of owners) {
      const ownerRows = (rows.rows as { eventId: string; ownerId: string }[]).filter(
        (row) => row.ownerId === owner,
      );
      expect(idsOf(stream.filter((entry) => entry.ownerId === owner))).toEqual(
        ownerRows.map((row) => row.eventId),
      );
    }
  });

  it('notices on its own that Redis lost its data and publishes the retained events again, stream only, before new ones', async () => {
    const { relay, append, tasksStream, changeLog, redis, prefix } = await createFixture();
    const owner = randomUUID();
    const events = [buildTaskEvent('TaskCreated', owner), buildTaskEvent('TaskCompleted', owner)];
    await append(events);
    const active = relay();
    await active.flush();
    expect(idsOf(await tasksStream())).toEqual(idsOf(events));
    expect(active.stats.replayed).toBe(0);

    await deleteRedisKeys(redis, prefix);
    // Idle: the relay's own check finds the epoch key gone and replays, with no new event to publish.
    await waitFor(async () => (await tasksStream()).length === 2, { message: 'replayed while idle' });
    expect(idsOf(await tasksStream())).toEqual(idsOf(events));
    expect(active.stats.replayed).toBe(2);
    // Subscribers saw these when they were new: the replay goes to the consumers' stream only.
    expect(await changeLog(owner)).toEqual([]);

    // Lost again, and a new event is the first thing published: the guarded publish notices.
    await active.stop();
    await deleteRedisKeys(redis, prefix);
    const later = buildTaskEvent('TaskReopened', owner);
    await append([later]);
    const next = relay({ pollIntervalMs: 60_000 });
    await next.flush();
    expect(idsOf(await tasksStream())).toEqual([...idsOf(events), later.id]);
    expect(next.stats).toMatchObject({ replayed: 2, sent: 1 });
    expect((await changeLog(owner)).map((entry) => entry.envelopeId)).toEqual([later.id]);

    // Redis kept its data: a new relay replays nothing.
    await next.stop();
    const third = relay();
    await third.flush();
    expect(third.stats.replayed).toBe(0);
    expect(await tasksStream()).toHaveLength(3);
  });

  it('prunes sent rows older than the retention window and never unsent ones', async () => {
    const { relay, append, knex, schema, outbox } = await createFixture();
    const alice = randomUUID();
    const active = relay({ retentionMs: 60_000, pruneIntervalMs: 3_600_000 });
    await append([buildTaskEvent('TaskCreated', alice), buildTaskEvent('TaskCompleted', alice)]);
    await append([buildTaskEvent('TaskReopened', alice)]);
    await active.flush();
    await active.stop();
    await append([buildTaskEvent('TaskDeleted', alice)]);
    await knex.raw(
      "update ??.outbox set sent_at = now() - interval '2 minutes' where id in (select id from ??.outbox order by id limit 2)",
      [schema, schema],
    );

    expect(await outbox.pruneSent(60_000)).toBe(2);
    const remaining = await knex.raw('select count(*)::int as count from ??.outbox', [schema]);
    expect(remaining.rows[0].count).toBe(2);
    expect(await outbox.countUnsent()).toBe(1);

    // The active relay prunes on its own as well.
    relay({ retentionMs: 0, pruneIntervalMs: 20 });
    await waitFor(
      async () => {
        const rows = await knex.raw('select count(*)::int as count from ??.outbox', [schema]);
        return rows.rows[0].count === 0;
      },
      { message: 'outbox pruned by the relay' },
    );
  });

  it('wakes on NOTIFY within 2 s even with a poll interval of a minute, and again after its session was killed', async () => {
    const { relay, append, tasksStream, knex } = await createFixture();
    const listening = relay({ pollIntervalMs: 60_000 });
    await waitFor(() => listening.stats.isLeader, { message: 'leader' });
    await append([buildTaskEvent('TaskCreated', randomUUID())]);
    await waitFor(async () => (await tasksStream()).length === 1, {
      timeoutMs: 2_000,
      message: 'woken by NOTIFY',
    });

    // Kill the relay's session (the one holding its advisory lock): it must reconnect and LISTEN again.
    const firstTerm = listening.stats.leaderSince!;
    const killed = await knex.raw(
      "select pg_terminate_backend(pid) as done from pg_locks where locktype = 'advisory' and classid = 29798 and granted and database = (select oid from pg_database where datname = current_database())",
    );
    expect(killed.rows).toHaveLength(1);
    await waitFor(() => (listening.stats.leaderSince?.getTime() ?? 0) > firstTerm.getTime(), {
      message: 'leader again',
    });
    await append([buildTagEvent('TagCreated', randomUUID()), buildTaskEvent('TaskCompleted', randomUUID())]);
    await waitFor(async () => (await tasksStream()).length === 2, {
      timeoutMs: 2_000,
      message: 'woken again',
    });
  });

  it('refuses to append outside a transaction', async () => {
    const { knex } = await createFixture();
    await expect(
      appendEvents(knex as unknown as Knex.Transaction, [buildTaskEvent('TaskCreated', randomUUID())]),
    ).rejects.toThrow(/needs the transaction/);
  });
});
