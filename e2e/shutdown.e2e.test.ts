import {
  createTestDatabase,
  runUntilSigterm,
  type TestDatabase,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('shutdown');
});
afterAll(() => database?.drop());

describe('graceful shutdown of every process', () => {
  it.each([
    ['accounts', 'subgraphs/accounts/src/index.ts'],
    ['tasks', 'subgraphs/tasks/src/index.ts'],
    ['tags', 'subgraphs/tags/src/index.ts'],
    ['audit', 'subgraphs/audit/src/index.ts'],
    ['notifications', 'subgraphs/notifications/src/index.ts'],
    ['recurrence-worker', 'subgraphs/tasks/src/worker.ts'],
    ['gateway', 'gateway/src/index.ts'],
  ])('%s stops its background work and exits 0 on SIGTERM', async (service, entry) => {
    const stopped = await runUntilSigterm(entry, {
      DATABASE_URL: database.url,
      REDIS_PREFIX: uniqueRedisPrefix(),
    });
    expect(stopped.exitCode).toBe(0);
    // Consumers and relays are interrupted, not waited out (EVENTS_CONSUMER_BLOCK_MS is 5 s by default).
    expect(stopped.stopMs).toBeLessThan(3_000);
    expect(stopped.lines.every((line) => line.service === service)).toBe(true);
    const messages = stopped.lines.map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    expect(messages).not.toContain('error while shutting down');
  });
});
