import { createLogger, createRedis, type Logger } from '@taskflow/common';
import { testRedisUrl, uniqueRedisPrefix } from '@taskflow/common/testing';
import type { Redis } from 'ioredis';
import { deleteRedisKeys } from '../src/testing/index.js';

/** Quiet unless LOG_LEVEL asks for more (LOG_LEVEL=debug npx vitest … to see what the bus does). */
export const testLog: Logger = createLogger('events-test', process.env.LOG_LEVEL ?? 'silent');

/** A Redis client and a prefix of its own for one test file or test; `cleanup` deletes the keys. */
export function openTestRedis(): { redis: Redis; prefix: string; cleanup: () => Promise<void> } {
  const redis = createRedis(testRedisUrl(), testLog, 'events-test');
  const prefix = uniqueRedisPrefix();
  return {
    redis,
    prefix,
    cleanup: async () => {
      await deleteRedisKeys(redis, prefix);
      await redis.quit();
    },
  };
}
