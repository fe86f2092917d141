import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@taskflow/common/testing';
import knexFactory, { type Knex } from 'knex';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisEventBus } from '../src/index.js';
import { buildTaskEvent, startTcpProxy, type TcpProxy, waitFor } from '../src/testing/index.js';
import { openTestRedis, testLog } from './support.js';

/**
 * Issue 15, defect 2: a Postgres outage of a few seconds spent every attempt of the events handled
 * meanwhile and dead-lettered them (a completed daily task never got its next occurrence). A handler
 * that fails because Postgres is away has not really tried the event.
 */
describe('a consumer whose handler needs a Postgres that is away', () => {
  const fast = { blockMs: 50, claimIntervalMs: 30, retryBaseMs: 5, retryMaxMs: 40, maxAttempts: 3 };
  let database: TestDatabase;
  let proxy: TcpProxy;
  let knex: Knex;
  let handle: ReturnType<typeof openTestRedis>;
  let bus: RedisEventBus;

  beforeAll(async () => {
    database = await createTestDatabase('consumer_outage');
    const url = new URL(database.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    knex = knexFactory({
      client: 'pg',
      connection: url.toString(),
      pool: { min: 0, max: 2 },
      acquireConnectionTimeout: 300,
      // The outage is the point: its connection errors are expected.
      log: { warn: () => undefined, error: () => undefined, debug: () => undefined },
    });
    await knex.raw('create table handled (event_id text primary key)');
  });

  afterAll(async () => {
    await knex.destroy();
    await proxy.close();
    await database.drop();
  });

  beforeEach(() => {
    handle = openTestRedis();
    bus = new RedisEventBus({ redis: handle.redis, prefix: handle.prefix, log: testLog });
  });

  afterEach(async () => {
    await bus.close();
    await handle.cleanup();
  });

  it('keeps the event through the outage, spends no attempt on it and handles it once Postgres is back', async () => {
    let failures = 0;
    const consumer = bus.consume({
      sources: 'tasks',
      group: 'audit',
      consumer: 'audit-1',
      ...fast,
      handler: async (envelope) => {
        try {
          await knex('handled').insert({ event_id: envelope.id });
        } catch (error) {
          failures += 1;
          throw error;
        }
      },
    });
    await consumer.ready;
    await proxy.goDown();
    const events = [
      buildTaskEvent('TaskCompleted', randomUUID()),
      buildTaskEvent('TaskCreated', randomUUID()),
    ];
    for (const event of events) await bus.publish(event);
    // Far more failed runs than maxAttempts: before the fix the first event was dead-lettered by now.
    await waitFor(() => failures >= fast.maxAttempts * 3, { message: 'the handler failing meanwhile' });
    expect(consumer.stats.deadLettered).toBe(0);
    await proxy.comeBack();

    await waitFor(() => consumer.stats.processed === 2, { message: 'both events handled after the outage' });
    const rows = await knex('handled').select('event_id').orderBy('event_id');
    expect(rows.map((row) => row.event_id).sort()).toEqual(events.map((event) => event.id).sort());
    expect(consumer.stats).toMatchObject({ deadLettered: 0, failed: 0 });
    expect(await bus.readDeadLetters()).toEqual([]);
    // Delivered once each: the outage is not a redelivery.
    expect(await bus.inspectGroup('tasks', 'audit')).toMatchObject({ pending: 0 });
    await consumer.stop();
  });

  it('still dead-letters an event its handler fails on while Postgres is up', async () => {
    const consumer = bus.consume({
      sources: 'tasks',
      group: 'audit',
      consumer: 'audit-1',
      ...fast,
      handler: async () => {
        await knex.raw('select * from no_such_table');
      },
    });
    const event = buildTaskEvent('TaskCreated', randomUUID());
    await bus.publish(event);
    await waitFor(() => consumer.stats.deadLettered === 1, { message: 'the event dead-lettered' });
    expect(consumer.stats.failed).toBe(fast.maxAttempts);
    const [deadLetter] = await bus.readDeadLetters();
    expect(deadLetter!.envelope?.id).toBe(event.id);
    await consumer.stop();
  });
});
