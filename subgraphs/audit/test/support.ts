import { createLogger, createRedis, type Identity } from '@taskflow/common';
import {
  createTestDatabase,
  type GraphQLResult,
  requestAsGateway,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import { type RawEnvelope, RedisEventBus } from '@taskflow/events';
import { deleteRedisKeys } from '@taskflow/events/testing';
import type { Redis } from 'ioredis';
import { type RunningAudit, startAudit } from '../src/app.js';
import { loadAuditEnv } from '../src/env.js';

export const INTERNAL_SECRET = 'audit-test-internal-secret-0123456789abcdef';
export const log = createLogger('audit-test', process.env.LOG_LEVEL ?? 'silent');

export { anonymous } from '@taskflow/common';
export { type Persona, persona } from '@taskflow/common/testing';

export interface AuditHarness {
  database: TestDatabase;
  audit: RunningAudit;
  redis: Redis;
  prefix: string;
  bus: RedisEventBus;
  /** Publishes as the tasks/tags relays do (idempotent by envelope id). */
  publish: (...events: RawEnvelope[]) => Promise<void>;
  /** Adds the envelope to its stream again, as a redelivery or a relay re-run after its marker expired. */
  redeliver: (event: RawEnvelope, source: 'tasks' | 'tags') => Promise<void>;
  request: <T>(
    identity: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<GraphQLResult<T>>;
  stop: () => Promise<void>;
}

/** The audit subgraph on a fresh database and Redis prefix, with what tests need around it. */
export async function startAuditHarness(env: Record<string, string> = {}): Promise<AuditHarness> {
  const database = await createTestDatabase('audit');
  const prefix = uniqueRedisPrefix();
  const audit = await startAudit(
    loadAuditEnv({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      INTERNAL_JWT_SECRET: INTERNAL_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      EVENTS_CONSUMER_BLOCK_MS: '200',
      ...env,
    }),
    log,
  );
  const redis = createRedis(testRedisUrl(), log, 'audit-test');
  const bus = new RedisEventBus({ redis, prefix, log });
  return {
    database,
    audit,
    redis,
    prefix,
    bus,
    publish: async (...events) => {
      for (const event of events) await bus.publish(event);
    },
    redeliver: async (event, source) => {
      await redis.xadd(`${prefix}events:${source}`, '*', 'event', JSON.stringify(event));
    },
    request: (identity, query, variables = {}) =>
      requestAsGateway(audit.url, INTERNAL_SECRET, identity, query, variables),
    stop: async () => {
      await audit.stop();
      await bus.close();
      await deleteRedisKeys(redis, prefix);
      await redis.quit();
      await database.drop();
    },
  };
}
