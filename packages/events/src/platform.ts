import {
  type BaseEnv,
  createKnex,
  createRedis,
  type Knex,
  type Logger,
  type Platform,
  waitForDatabase,
} from '@taskflow/common';
import type { EventBus } from './bus/event-bus.js';
import { RedisEventBus } from './bus/redis-event-bus.js';
import { type OutboxRelay, type RelayOptions, startRelay } from './relay/outbox-relay.js';

/** The event side of a platform: the bus services consume from, and the relay of their outbox into it. */
export interface PlatformEvents {
  bus: EventBus;
  /** Starts the relay of one schema's outbox into `bus`; its owner stops it. */
  startRelay(options: Omit<RelayOptions, 'redis' | 'prefix' | 'publisher'>): OutboxRelay;
}

export type TaskflowPlatform = Platform<PlatformEvents>;

/**
 * The platform of one service process in production: a node-pg pool per schema on DATABASE_URL,
 * one Redis connection (named after the service), the Redis bus, relays publishing to Redis.
 */
export async function createServicesPlatform(
  env: Pick<BaseEnv, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_PREFIX'>,
  log: Logger,
  name: string,
): Promise<TaskflowPlatform> {
  const databases = new Map<string, Promise<Knex>>();
  const redis = createRedis(env.REDIS_URL, log, name);
  const bus = new RedisEventBus({ redis, prefix: env.REDIS_PREFIX, log });
  return {
    mode: 'services',
    redis,
    database: (schema) => {
      let opened = databases.get(schema);
      if (!opened) {
        const knex = createKnex({ url: env.DATABASE_URL, schema, log });
        opened = waitForDatabase(knex, log).then(
          () => knex,
          async (error: unknown) => {
            databases.delete(schema);
            await knex.destroy();
            throw error;
          },
        );
        databases.set(schema, opened);
      }
      return opened;
    },
    events: {
      bus,
      startRelay: (options) => startRelay({ ...options, redis, prefix: env.REDIS_PREFIX }),
    },
    close: async () => {
      await bus.close();
      redis.disconnect();
      const opened = await Promise.allSettled(databases.values());
      await Promise.all(
        opened.map((result) => (result.status === 'fulfilled' ? result.value.destroy() : undefined)),
      );
    },
  };
}
