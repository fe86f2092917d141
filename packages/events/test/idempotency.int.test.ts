import { randomUUID } from 'node:crypto';
import { createKnex, type Knex, type Migration, migrateLatest } from '@taskflow/common';
import { createTestDatabase, type TestDatabase } from '@taskflow/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyEventEnvelope,
  appendEvents,
  idempotencyMigration,
  markProcessed,
  outboxMigration,
  pruneProcessedEvents,
  RedisEventBus,
  startRelay,
} from '../src/index.js';
import { buildTaskEvent, waitFor } from '../src/testing/index.js';
import { openTestRedis, testLog } from './support.js';

const auditEntriesMigration: Migration = {
  name: 'audit_001_entries',
  up: async (knex) => {
    await knex.raw(
      'create table audit_entries (id bigserial primary key, event_id uuid not null, action text not null)',
    );
  },
  down: async (knex) => {
    await knex.raw('drop table audit_entries');
  },
};

let database: TestDatabase;
let knex: Knex;

beforeAll(async () => {
  database = await createTestDatabase('events_idempotency');
  knex = createKnex({ url: database.url, schema: 'audit' });
  await migrateLatest(knex, 'audit', [idempotencyMigration, auditEntriesMigration, outboxMigration]);
});

afterAll(async () => {
  await knex?.destroy();
  await database?.drop();
});

/** An audit-like handler: its effect and its mark commit together. */
const recordAudit = (envelope: AnyEventEnvelope) =>
  knex.transaction(async (trx) => {
    if (!(await markProcessed(trx, 'audit', envelope.id))) return false;
    await trx('audit_entries').insert({ event_id: envelope.id, action: envelope.type });
    return true;
  });

const entriesFor = async (eventId: string) =>
  Number((await knex('audit_entries').where({ event_id: eventId }).count({ count: '*' }))[0]!.count);

describe('idempotent consumers', () => {
  it('changes things once when the same event is delivered twice', async () => {
    const event = buildTaskEvent('TaskCreated', randomUUID());
    expect(await recordAudit(event)).toBe(true);
    expect(await recordAudit(event)).toBe(false);
    expect(await entriesFor(event.id)).toBe(1);
  });

  it('changes things once when two deliveries run at the same time', async () => {
    const event = buildTaskEvent('TaskCompleted', randomUUID());
    const outcomes = await Promise.all([recordAudit(event), recordAudit(event), recordAudit(event)]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await entriesFor(event.id)).toBe(1);
  });

  it('forgets a mark whose transaction rolled back, so the retry does the work', async () => {
    const event = buildTaskEvent('TaskDeleted', randomUUID());
    await expect(
      knex.transaction(async (trx) => {
        await markProcessed(trx, 'audit', event.id);
        throw new Error('the handler failed after marking');
      }),
    ).rejects.toThrow('the handler failed');
    expect(await recordAudit(event)).toBe(true);
    expect(await entriesFor(event.id)).toBe(1);
  });

  it('keeps marks per consumer: another consumer handles the same event too', async () => {
    const event = buildTaskEvent('TaskCreated', randomUUID());
    const marks = await knex.transaction(async (trx) => [
      await markProcessed(trx, 'audit', event.id),
      await markProcessed(trx, 'notifications', event.id),
      await markProcessed(trx, 'notifications', event.id),
    ]);
    expect(marks).toEqual([true, true, false]);
    expect(await pruneProcessedEvents(knex, 60_000)).toBe(0);
  });

  it('end to end: a handler that committed but crashed before the ack is redelivered and changes nothing', async () => {
    const redis = openTestRedis();
    const bus = new RedisEventBus({ redis: redis.redis, prefix: redis.prefix, log: testLog });
    const relay = startRelay({
      knex,
      redis: redis.redis,
      prefix: redis.prefix,
      schema: 'audit',
      source: 'tasks',
      log: testLog,
      pollIntervalMs: 50,
    });
    try {
      const deliveries = new Map<string, number>();
      const consumer = bus.consume({
        sources: 'tasks',
        group: 'audit',
        consumer: 'audit-1',
        blockMs: 50,
        retryBaseMs: 5,
        retryMaxMs: 20,
        handler: async (envelope) => {
          const count = (deliveries.get(envelope.id) ?? 0) + 1;
          deliveries.set(envelope.id, count);
          await recordAudit(envelope);
          if (count === 1) throw new Error('process died between commit and XACK');
        },
      });
      const events = [
        buildTaskEvent('TaskCreated', randomUUID()),
        buildTaskEvent('TaskCompleted', randomUUID()),
      ];
      await knex.transaction((trx) => appendEvents(trx, events));

      await waitFor(() => consumer.stats.processed === 2, { message: 'both events processed' });
      for (const event of events) {
        expect(deliveries.get(event.id)).toBe(2);
        expect(await entriesFor(event.id)).toBe(1);
      }
      await consumer.stop();
    } finally {
      await relay.stop();
      await bus.close();
      await redis.cleanup();
    }
  });
});
