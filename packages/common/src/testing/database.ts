import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';

export const testDatabaseUrl = () =>
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = () => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

export interface TestDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** A fresh, empty database for one test file; `drop` removes it (and ends its connections). */
export async function createTestDatabase(label = 'taskflow'): Promise<TestDatabase> {
  const name = `${label}_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: testDatabaseUrl(), pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create database ??', [name]);
  } finally {
    await admin.destroy();
  }
  return {
    url: withDatabase(testDatabaseUrl(), name),
    name,
    drop: async () => {
      const dropper = knexFactory({ client: 'pg', connection: testDatabaseUrl(), pool: { min: 0, max: 1 } });
      try {
        await dropper.raw('drop database if exists ?? with (force)', [name]);
      } finally {
        await dropper.destroy();
      }
    },
  };
}

/** A Redis key prefix no other test run shares. */
export const uniqueRedisPrefix = () => `taskflow-test:${randomBytes(6).toString('hex')}:`;
