import { randomUUID } from 'node:crypto';
import { createKnex, type Knex } from '@taskflow/common';
import { createTestDatabase } from '@taskflow/common/testing';
import knexFactory from 'knex';
import ClientPgLite from 'knex-pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createDurableLocalBus } from '../src/index.js';
import { buildTaskEvent, waitFor } from '../src/testing/index.js';
import { type CreateBusHarness, describeEventBusContract } from './event-bus-contract.js';
import { testLog } from './support.js';

// Real Postgres: a fresh database for this file (knex as the services make it, snake-case mappers
// included) and PGlite in memory (one connection, as in the embedded mode). A schema per bus, so
// every test starts empty.
const database = await createTestDatabase('events_durable_bus');
const postgres = createKnex({ url: database.url, schema: 'public', pool: { max: 4 } });
const pglite = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: {} });
let schemas = 0;

afterAll(async () => {
  await pglite.destroy();
  await postgres.destroy();
  await database.drop();
});

const harnessOn =
  (knex: Knex): CreateBusHarness =>
  async (options) => {
    schemas += 1;
    const schema = `bus_${schemas}`;
    const bus = await createDurableLocalBus({ knex, log: testLog, schema, limits: options?.limits });
    return { bus, cleanup: async () => void (await knex.raw(`drop schema ${schema} cascade`)) };
  };

describeEventBusContract('DurableLocalEventBus on Postgres', harnessOn(postgres));
describeEventBusContract('DurableLocalEventBus on PGlite', harnessOn(pglite));

describe('DurableLocalEventBus, ids of one millisecond', () => {
  it('delivers once each of many entries sharing a millisecond, in batches (seq 9 before 10)', async () => {
    const bus = await harnessOn(pglite)();
    try {
      const events = Array.from({ length: 40 }, () => buildTaskEvent('TaskCreated', randomUUID()));
      // One transaction: one clock reading, so the ids are <ms>-0 … <ms>-39.
      expect((await bus.bus.publishBatch(events)).error).toBeUndefined();
      const handled: string[] = [];
      const consumer = bus.bus.consume({
        sources: 'tasks',
        group: 'audit',
        consumer: 'audit-1',
        batchSize: 16,
        blockMs: 50,
        handler: (envelope) => {
          handled.push(envelope.id);
        },
      });
      await waitFor(() => handled.length >= events.length, { message: 'every event' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await consumer.stop();
      expect(handled).toEqual(events.map((event) => event.id));
    } finally {
      await bus.bus.close();
      await bus.cleanup();
    }
  });
});
