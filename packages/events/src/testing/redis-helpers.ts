import type { Redis } from 'ioredis';
import type { RawEnvelope } from '../envelope.js';
import { toFieldMap } from '../internal/redis-connection.js';

/** Every envelope in a stream, oldest first, with its entry id. */
export async function readStreamEnvelopes(
  redis: Redis,
  key: string,
): Promise<(RawEnvelope & { entryId: string })[]> {
  const entries = (await redis.call('XRANGE', key, '-', '+')) as [string, string[]][];
  return entries.map(([entryId, fields]) => ({
    ...(JSON.parse(toFieldMap(fields).event ?? '{}') as RawEnvelope),
    entryId,
  }));
}

/** Deletes every key under `prefix` (a test's unique prefix) so test runs leave Redis clean. */
export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = (await redis.call('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '500')) as [
      string,
      string[],
    ];
    cursor = next;
    if (keys.length > 0) deleted += Number(await redis.call('UNLINK', ...keys));
  } while (cursor !== '0');
  return deleted;
}
