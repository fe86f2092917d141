import { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { backoffDelay } from './retry.js';

export { Redis };

/**
 * An ioredis client that reconnects forever with exponential backoff and jitter. Commands made
 * while Redis is away fail fast (no offline queue growing without bound); callers that must not
 * lose anything keep their own durable record (the outbox) and retry.
 */
export function createRedis(url: string, log: Logger, name = 'redis'): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectionName: name,
    retryStrategy: (times) => backoffDelay(Math.min(times, 10), 100, 5_000) + 50,
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) log.warn({ err: error.message, connection: name }, 'redis error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    if (lastError) log.info({ connection: name }, 'redis connection restored');
    lastError = '';
  });
  return redis;
}
