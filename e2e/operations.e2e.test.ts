import { createLogger } from '@taskflow/common';
import {
  createTestDatabase,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAccounts } from '../subgraphs/accounts/src/app.js';
import { loadAccountsEnv } from '../subgraphs/accounts/src/env.js';
import { eventually } from './support/eventually.js';
import { TcpProxy, throughProxy } from './support/tcp-proxy.js';

const log = createLogger('e2e', 'silent');
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('ops');
});
afterAll(() => database?.drop());

const envFor = (databaseUrl: string) =>
  loadAccountsEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniqueRedisPrefix(),
    PORT: '0',
    HOST: '127.0.0.1',
  });

const ready = async (url: string) => (await fetch(new URL('/health/ready', url))).status;

describe('start-up and readiness', () => {
  it('two replicas starting at once on an empty database both come up; migrations run once', async () => {
    const fresh = await createTestDatabase('ops_migrate');
    try {
      const [a, b] = await Promise.all([
        startAccounts(envFor(fresh.url), log),
        startAccounts(envFor(fresh.url), log),
      ]);
      expect(await ready(a.url)).toBe(200);
      expect(await ready(b.url)).toBe(200);
      await Promise.all([a.stop(), b.stop()]);
      const knex = knexFactory({ client: 'pg', connection: fresh.url });
      const rows = await knex('accounts.knex_migrations').select('name');
      await knex.destroy();
      expect(rows.map((r) => r.name)).toEqual(['001-initial', '002-email-key']);
    } finally {
      await fresh.drop();
    }
  });

  it('waits for Postgres with backoff, and /health/ready follows its reachability', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(database.url).port || 5432));
    const port = await proxy.start();
    await proxy.cut();
    const starting = startAccounts(envFor(throughProxy(database.url, port)), log);
    await new Promise((resolve) => setTimeout(resolve, 700));
    await proxy.restore();
    const accounts = await starting;
    try {
      expect(await ready(accounts.url)).toBe(200);
      await proxy.cut();
      const response = await fetch(new URL('/health/ready', accounts.url));
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', checks: { postgres: 'failed' } });
      expect((await fetch(new URL('/health/live', accounts.url))).status).toBe(200);
      await proxy.restore();
      await eventually(async () => (await ready(accounts.url)) === 200);
    } finally {
      await accounts.stop();
      await proxy.cut();
    }
  });
});
