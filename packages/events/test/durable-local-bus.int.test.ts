import { createKnex, type Knex } from '@taskflow/common';
import { createTestDatabase } from '@taskflow/common/testing';
import knexFactory from 'knex';
import ClientPgLite from 'knex-pglite';
import { afterAll } from 'vitest';
import { createDurableLocalBus } from '../src/index.js';
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
