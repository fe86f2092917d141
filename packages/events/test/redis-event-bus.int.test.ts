import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AnyEventEnvelope, createEnvelope, eventStreamKey, RedisEventBus } from '../src/index.js';
import { buildTaskEvent, startTcpProxy, waitFor } from '../src/testing/index.js';
import { openTestRedis, testLog } from './support.js';

/** What only the Redis bus can meet: a server that goes away, foreign entries, vanished keys. */
describe('RedisEventBus against a real Redis', () => {
  const fast = { blockMs: 50, claimIntervalMs: 30, retryBaseMs: 5, retryMaxMs: 50 };
  let handle: ReturnType<typeof openTestRedis>;
  let bus: RedisEventBus;

  beforeEach(() => {
    handle = openTestRedis();
    bus = new RedisEventBus({ redis: handle.redis, prefix: handle.prefix, log: testLog });
  });

  afterEach(async () => {
    await bus.close();
    await handle.cleanup();
  });

  it('keeps consuming after Redis went away and came back', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    const viaProxy = new Redis(proxy.url(), { maxRetriesPerRequest: 1, retryStrategy: () => 30 });
    viaProxy.on('error', () => undefined);
    const consumingBus = new RedisEventBus({ redis: viaProxy, prefix: handle.prefix, log: testLog });
    try {
      const handled: string[] = [];
      const consumer = consumingBus.consume({
        sources: 'tasks',
        group: 'audit',
        consumer: 'audit-1',
        ...fast,
        handler: (envelope) => {
          handled.push(envelope.id);
        },
      });
      const before = buildTaskEvent('TaskCreated', randomUUID());
      await bus.publish(before);
      // Acknowledged, not just handled: an ack lost to the outage would (rightly) redeliver it.
      await waitFor(() => consumer.stats.processed === 1, { message: 'event before the outage' });

      await proxy.goDown();
      const during = [
        buildTaskEvent('TaskCompleted', randomUUID()),
        buildTaskEvent('TaskDeleted', randomUUID()),
      ];
      for (const event of during) await bus.publish(event);
      await waitFor(() => consumer.stats.transportErrors >= 1, {
        message: 'the consumer noticed the outage',
      });
      await proxy.comeBack();

      // At least once: a delivery whose reply was lost with the connection comes again.
      await waitFor(() => new Set(handled).size === 3, { message: 'events published during the outage' });
      expect([...new Set(handled)]).toEqual([before.id, ...during.map((event) => event.id)]);
      await consumer.stop();
    } finally {
      await consumingBus.close();
      viaProxy.disconnect();
      await proxy.close();
    }
  });

  it('stops at once while Redis is away and its reader is waiting to reconnect', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    // A long reconnect delay: the connections sit in ioredis's "reconnecting" state while stopping.
    const viaProxy = new Redis(proxy.url(), { maxRetriesPerRequest: 1, retryStrategy: () => 60_000 });
    viaProxy.on('error', () => undefined);
    const consumingBus = new RedisEventBus({ redis: viaProxy, prefix: handle.prefix, log: testLog });
    try {
      const consumer = consumingBus.consume({
        sources: 'tasks',
        group: 'audit',
        consumer: 'audit-1',
        ...fast,
        handler: () => undefined,
      });
      await consumer.ready;
      await proxy.goDown();
      await waitFor(() => viaProxy.status === 'reconnecting', { message: 'the connection to wait' });
      // Without the interruption the blocked read never settles and stop() hangs for ever.
      const outcome = await Promise.race([
        consumer.stop().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(resolve, 5_000, 'still running')),
      ]);
      expect(outcome).toBe('stopped');
    } finally {
      await consumingBus.close();
      viaProxy.disconnect();
      await proxy.close();
    }
  });

  it('dead-letters entries that are not envelopes and skips envelopes of unknown types', async () => {
    const stream = eventStreamKey(handle.prefix, 'tasks');
    await handle.redis.call('XADD', stream, '*', 'event', 'not json');
    const future = {
      ...createEnvelope('TaskCreated', { aggregateId: 'x', ownerId: 'u', payload: {} as never }),
      type: 'TaskArchived',
    };
    await handle.redis.call('XADD', stream, '*', 'event', JSON.stringify(future));
    const valid = buildTaskEvent('TaskCreated', randomUUID());
    await bus.publish(valid);
    const handled: AnyEventEnvelope[] = [];
    const consumer = bus.consume({
      sources: 'tasks',
      group: 'audit',
      consumer: 'audit-1',
      ...fast,
      handler: (envelope) => {
        handled.push(envelope);
      },
    });

    await waitFor(
      () => handled.length === 1 && consumer.stats.deadLettered === 1 && consumer.stats.skipped === 1,
    );
    const [deadLetter] = await bus.readDeadLetters();
    expect(deadLetter).toMatchObject({ envelope: null, raw: 'not json', group: 'audit', stream });
    expect(deadLetter!.error).toMatch(/^invalid envelope: not JSON/);
    expect(handled[0]!.id).toBe(valid.id);
    await consumer.stop();
    expect(await bus.inspectGroup('tasks', 'audit')).toMatchObject({ pending: 0 });
  });

  it('recreates its consumer group when the stream vanished', async () => {
    const handled: string[] = [];
    const consumer = bus.consume({
      sources: 'tasks',
      group: 'audit',
      consumer: 'audit-1',
      ...fast,
      handler: (envelope) => {
        handled.push(envelope.id);
      },
    });
    await consumer.ready;
    await handle.redis.del(eventStreamKey(handle.prefix, 'tasks'));
    const event = buildTaskEvent('TaskCreated', randomUUID());
    await bus.publish(event);

    await waitFor(() => handled.length === 1, { message: 'event after the group was recreated' });
    expect(handled).toEqual([event.id]);
    await consumer.stop();
  });

  it('dead-letters, without running the handler, an event whose consumers kept dying on it', async () => {
    const stream = eventStreamKey(handle.prefix, 'tasks');
    const poison = buildTaskEvent('TaskCompleted', randomUUID());
    const { streamEntryId } = await bus.publish(poison);
    // Three consumers took it and died before acknowledging (delivery count 3).
    await handle.redis.call('XGROUP', 'CREATE', stream, 'worker', '0');
    await handle.redis.call('XREADGROUP', 'GROUP', 'worker', 'ghost-1', 'COUNT', '1', 'STREAMS', stream, '>');
    await handle.redis.call('XCLAIM', stream, 'worker', 'ghost-2', '0', streamEntryId!);
    await handle.redis.call('XCLAIM', stream, 'worker', 'ghost-3', '0', streamEntryId!);

    let calls = 0;
    const consumer = bus.consume({
      sources: 'tasks',
      group: 'worker',
      consumer: 'worker-1',
      ...fast,
      maxAttempts: 3,
      claimIdleMs: 1,
      handler: () => {
        calls += 1;
      },
    });
    await waitFor(() => consumer.stats.deadLettered === 1, { message: 'dead letter' });
    expect(calls).toBe(0);
    const [deadLetter] = await bus.readDeadLetters();
    expect(deadLetter).toMatchObject({ envelope: poison, attempts: 3, messageId: streamEntryId });
    await consumer.stop();
  });
});
