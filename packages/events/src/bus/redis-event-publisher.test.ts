import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { buildTaskEvent } from '../testing/builders.js';
import { publishScriptSource } from './publish-script.js';
import { RedisEventPublisher } from './redis-event-publisher.js';

const noScript = () => new Error('NOSCRIPT No matching script. Please use EVAL.');

/** Just enough of ioredis: EVALSHA fails until the script was EVALed once, like a restarted Redis. */
function createFakeRedis(options: { failOnCall?: number } = {}) {
  let isCached = false;
  let calls = 0;
  const log: string[] = [];
  const run = (command: string): [Error | null, unknown] => {
    calls += 1;
    if (calls === options.failOnCall)
      return [new Error('READONLY You can not write against a read only replica'), null];
    if (command === 'evalsha' && !isCached) return [noScript(), null];
    isCached = true;
    return [null, [1, `${calls}-0 `]];
  };
  const redis = {
    evalsha: async () => {
      log.push('evalsha');
      const [error, reply] = run('evalsha');
      if (error) throw error;
      return reply;
    },
    eval: async (source: string) => {
      log.push('eval');
      expect(source).toBe(publishScriptSource);
      const [error, reply] = run('eval');
      if (error) throw error;
      return reply;
    },
    pipeline: () => {
      const queued: string[] = [];
      const pipeline = {
        evalsha: () => {
          queued.push('evalsha');
          return pipeline;
        },
        exec: async () => {
          log.push(`pipeline(${queued.length})`);
          return queued.map(run);
        },
      };
      return pipeline;
    },
  };
  return { redis: redis as unknown as Redis, log };
}

describe('RedisEventPublisher', () => {
  it('falls back to EVAL when Redis does not have the script, then uses EVALSHA', async () => {
    const { redis, log } = createFakeRedis();
    const publisher = new RedisEventPublisher({ redis, prefix: 'p:' });
    expect((await publisher.publish(buildTaskEvent('TaskCreated', 'u1'))).isNew).toBe(true);
    await publisher.publish(buildTaskEvent('TaskCreated', 'u1'));
    expect(log).toEqual(['evalsha', 'eval', 'evalsha']);
  });

  it('in a batch, EVALs the first event after NOSCRIPT and pipelines the rest again', async () => {
    const { redis, log } = createFakeRedis();
    const publisher = new RedisEventPublisher({ redis, prefix: 'p:' });
    const events = [1, 2, 3].map(() => buildTaskEvent('TaskCreated', 'u1'));
    const outcome = await publisher.publishBatch(events);
    expect(outcome.error).toBeUndefined();
    expect(outcome.results).toHaveLength(3);
    expect(log).toEqual(['pipeline(3)', 'eval', 'pipeline(2)']);
  });

  it('stops a batch at the first error and reports what went through before it', async () => {
    const { redis } = createFakeRedis({ failOnCall: 3 });
    const publisher = new RedisEventPublisher({ redis, prefix: 'p:' });
    await publisher.publish(buildTaskEvent('TaskCreated', 'u1')); // caches the script (calls 1, 2)
    const outcome = await publisher.publishBatch([1, 2, 3].map(() => buildTaskEvent('TaskCreated', 'u1')));
    expect(outcome.results).toHaveLength(0);
    expect((outcome.error as Error).message).toMatch(/READONLY/);
  });

  it('refuses an event of unknown type without a fallback source', async () => {
    const { redis } = createFakeRedis();
    const publisher = new RedisEventPublisher({ redis, prefix: 'p:' });
    const event = { ...buildTaskEvent('TaskCreated', 'u1'), type: 'TaskArchived' };
    await expect(publisher.publish(event)).rejects.toThrow(/not known/);
    expect((await publisher.publish(event, { fallbackSource: 'tasks' })).isNew).toBe(true);
  });
});
