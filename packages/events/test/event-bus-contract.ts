import { randomUUID } from 'node:crypto';
import { DomainError } from '@taskflow/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyEventEnvelope,
  type ConsumeOptions,
  compareStreamIds,
  type EventBus,
  type EventType,
  type LiveNotice,
  type PublishLimits,
} from '../src/index.js';
import { buildTagEvent, buildTaskEvent, createDeferred, waitFor } from '../src/testing/index.js';

export interface BusHarness {
  bus: EventBus;
  cleanup: () => Promise<void>;
}

export type CreateBusHarness = (options?: { limits?: Partial<PublishLimits> }) => Promise<BusHarness>;

/** Short timings so the suite runs in seconds; production defaults are in ConsumeOptions. */
const fast = { blockMs: 50, claimIdleMs: 10_000, claimIntervalMs: 50, retryBaseMs: 5, retryMaxMs: 40 };

const uniqueName = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/**
 * One suite for every EventBus implementation (the pattern of graphql-hive/gateway's pubsub tests):
 * whatever passes here can replace the Redis bus.
 */
export function describeEventBusContract(name: string, createHarness: CreateBusHarness): void {
  describe(`EventBus contract: ${name}`, () => {
    let harness: BusHarness;
    let bus: EventBus;

    beforeEach(async () => {
      harness = await createHarness();
      bus = harness.bus;
    });

    afterEach(async () => {
      await bus.close();
      await harness.cleanup();
    });

    /** Starts a consumer that records what it handled. */
    function startRecorder<T extends EventType = EventType>(
      options: Partial<ConsumeOptions<T>> & { group: string },
    ) {
      const handled: AnyEventEnvelope[] = [];
      const consumer = bus.consume<T>({
        sources: ['tasks'],
        consumer: uniqueName('consumer'),
        ...fast,
        handler: (envelope) => {
          handled.push(envelope as AnyEventEnvelope);
        },
        ...options,
      } as ConsumeOptions<T>);
      return { consumer, handled };
    }

    it('delivers events published before the group existed, envelope intact', async () => {
      const owner = randomUUID();
      const first = buildTaskEvent('TaskCreated', owner);
      const second = buildTaskEvent('TaskCompleted', owner);
      await bus.publish(first);
      await bus.publish(second);

      const { consumer, handled } = startRecorder({ group: uniqueName('group') });
      await waitFor(() => handled.length === 2, { message: 'both events', timeoutMs: 20_000 });

      expect(handled).toEqual([first, second]);
      await consumer.stop();
    });

    it('publishes an event id once, however often it is published', async () => {
      const event = buildTaskEvent('TaskCreated', randomUUID());
      const first = await bus.publish(event);
      const again = await bus.publish(event);

      expect(first.isNew).toBe(true);
      expect(again).toEqual({ ...first, isNew: false });

      const { consumer, handled } = startRecorder({ group: uniqueName('group') });
      const marker = buildTaskEvent('TaskCreated', randomUUID());
      await bus.publish(marker);
      await waitFor(() => handled.some((envelope) => envelope.id === marker.id), { message: 'marker event' });
      expect(handled.filter((envelope) => envelope.id === event.id)).toHaveLength(1);
      await consumer.stop();
    });

    it('rejects an invalid envelope', async () => {
      const event = { ...buildTaskEvent('TaskCreated', randomUUID()), id: 'not-a-uuid' };
      await expect(bus.publish(event)).rejects.toThrow(/invalid event envelope/);
    });

    it('delivers each event to exactly one consumer of a group', async () => {
      const group = uniqueName('group');
      const slowly = { batchSize: 1, handlerDelayMs: 2 };
      const handledBy = new Map<string, string[]>();
      const consumers = ['a', 'b'].map((label) =>
        bus.consume({
          sources: 'tasks',
          group,
          consumer: uniqueName(label),
          ...fast,
          batchSize: slowly.batchSize,
          handler: async (envelope) => {
            handledBy.set(envelope.id, [...(handledBy.get(envelope.id) ?? []), label]);
            await new Promise((resolve) => setTimeout(resolve, slowly.handlerDelayMs));
          },
        }),
      );
      await Promise.all(consumers.map((consumer) => consumer.ready));
      const events = Array.from({ length: 30 }, () => buildTaskEvent('TaskCreated', randomUUID()));
      for (const event of events) await bus.publish(event);

      await waitFor(() => handledBy.size === events.length, { message: 'all events handled' });
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      expect([...handledBy.values()].every((labels) => labels.length === 1)).toBe(true);
      expect(consumers[0]!.stats.processed + consumers[1]!.stats.processed).toBe(events.length);
    });

    it('delivers every event to every group', async () => {
      const first = startRecorder({ group: uniqueName('audit') });
      const second = startRecorder({ group: uniqueName('notifications') });
      const events = Array.from({ length: 5 }, () => buildTaskEvent('TaskCreated', randomUUID()));
      for (const event of events) await bus.publish(event);

      await waitFor(() => first.handled.length === 5 && second.handled.length === 5, {
        message: 'both groups',
      });
      expect(first.handled.map((envelope) => envelope.id)).toEqual(events.map((event) => event.id));
      expect(second.handled.map((envelope) => envelope.id)).toEqual(events.map((event) => event.id));
      await Promise.all([first.consumer.stop(), second.consumer.stop()]);
    });

    it('acknowledges handled events: nothing stays pending and nothing comes again', async () => {
      const group = uniqueName('group');
      const first = startRecorder({ group });
      const events = Array.from({ length: 3 }, () => buildTaskEvent('TaskCreated', randomUUID()));
      for (const event of events) await bus.publish(event);
      await waitFor(() => first.handled.length === 3, { message: 'first three' });
      await first.consumer.stop();
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0, lag: 0 });

      const later = buildTaskEvent('TaskCompleted', randomUUID());
      await bus.publish(later);
      const second = startRecorder({ group });
      await waitFor(() => second.handled.length === 1, { message: 'the later event' });
      expect(second.handled.map((envelope) => envelope.id)).toEqual([later.id]);
      await second.consumer.stop();
    });

    it('redelivers an event whose handler failed, until it succeeds', async () => {
      const flaky = buildTaskEvent('TaskCompleted', randomUUID());
      const steady = buildTaskEvent('TaskCreated', randomUUID());
      const attempts = new Map<string, number>();
      const succeeded: string[] = [];
      const group = uniqueName('group');
      const consumer = bus.consume({
        sources: 'tasks',
        group,
        consumer: uniqueName('consumer'),
        ...fast,
        maxAttempts: 5,
        handler: (envelope) => {
          const attempt = (attempts.get(envelope.id) ?? 0) + 1;
          attempts.set(envelope.id, attempt);
          if (envelope.id === flaky.id && attempt < 3) throw new Error(`transient failure ${attempt}`);
          succeeded.push(envelope.id);
        },
      });
      await bus.publish(flaky);
      await bus.publish(steady);

      await waitFor(() => consumer.stats.processed === 2, { message: 'both processed' });
      expect(attempts.get(flaky.id)).toBe(3);
      expect(attempts.get(steady.id)).toBe(1);
      expect(consumer.stats).toMatchObject({ processed: 2, failed: 2, deadLettered: 0 });
      await consumer.stop();
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0 });
      expect(await bus.readDeadLetters()).toEqual([]);
    });

    it('moves an event to the dead-letter stream after maxAttempts failures', async () => {
      const poison = buildTaskEvent('TaskDeleted', randomUUID(), { correlationId: 'corr-poison' });
      const healthy = buildTaskEvent('TaskCreated', randomUUID());
      let poisonCalls = 0;
      const handled: string[] = [];
      const group = uniqueName('group');
      const consumerName = uniqueName('consumer');
      const consumer = bus.consume({
        sources: 'tasks',
        group,
        consumer: consumerName,
        ...fast,
        maxAttempts: 3,
        handler: (envelope) => {
          if (envelope.id === poison.id) {
            poisonCalls += 1;
            throw new Error('cannot handle this one');
          }
          handled.push(envelope.id);
        },
      });
      await bus.publish(poison);
      await bus.publish(healthy);

      await waitFor(() => consumer.stats.deadLettered === 1 && handled.length === 1, {
        message: 'dead letter',
      });
      expect(poisonCalls).toBe(3);
      const [deadLetter, ...others] = await bus.readDeadLetters();
      expect(others).toEqual([]);
      expect(deadLetter).toMatchObject({
        envelope: poison,
        group,
        consumer: consumerName,
        attempts: 3,
        error: 'cannot handle this one',
      });
      await consumer.stop();
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0 });
    });

    it('claims the events of a consumer that stopped acknowledging', async () => {
      const group = uniqueName('group');
      const stuck = createDeferred();
      const seenByDead: string[] = [];
      const dead = bus.consume({
        sources: 'tasks',
        group,
        consumer: uniqueName('dead'),
        ...fast,
        handler: async (envelope) => {
          seenByDead.push(envelope.id);
          await stuck.promise; // never acknowledges while the test runs: a hung or crashed process
        },
      });
      const event = buildTaskEvent('TaskCreated', randomUUID());
      await bus.publish(event);
      await waitFor(() => seenByDead.length === 1, { message: 'the dead consumer took the event' });

      const rescuer = startRecorder({ group, claimIdleMs: 150, claimIntervalMs: 30 });
      await waitFor(() => rescuer.handled.length === 1, { message: 'the rescuer claimed the event' });
      expect(rescuer.handled[0]!.id).toBe(event.id);
      expect(rescuer.consumer.stats.claimed).toBeGreaterThanOrEqual(1);

      stuck.reject(new Error('the dead consumer comes back too late'));
      await Promise.all([dead.stop(), rescuer.consumer.stop()]);
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0 });
      expect(seenByDead).toEqual([event.id]);
    });

    it('gives a restarted consumer its own pending events back at once', async () => {
      const group = uniqueName('group');
      const consumerName = uniqueName('consumer');
      const event = buildTaskEvent('TaskCreated', randomUUID());
      let calls = 0;
      const first = bus.consume({
        sources: 'tasks',
        group,
        consumer: consumerName,
        ...fast,
        // A retry far in the future: only the restart can bring the event back quickly.
        retryBaseMs: 60_000,
        retryMaxMs: 60_000,
        handler: () => {
          calls += 1;
          throw new Error('crash before commit');
        },
      });
      await bus.publish(event);
      await waitFor(() => first.stats.failed === 1, { message: 'first failure' });
      await first.stop();
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 1 });

      const restarted = startRecorder({ group, consumer: consumerName });
      await waitFor(() => restarted.handled.length === 1, { message: 'redelivery after restart' });
      expect(calls).toBe(1);
      await restarted.consumer.stop();
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0 });
    });

    it('reads several sources with one consumer', async () => {
      const owner = randomUUID();
      const { consumer, handled } = startRecorder({ group: uniqueName('group'), sources: ['tasks', 'tags'] });
      const task = buildTaskEvent('TaskCreated', owner);
      const tag = buildTagEvent('TagCreated', owner);
      await bus.publish(task);
      await bus.publish(tag);

      await waitFor(() => handled.length === 2, { message: 'events of both sources' });
      expect(handled.map((envelope) => envelope.id).sort()).toEqual([task.id, tag.id].sort());
      await consumer.stop();
    });

    it('passes only the requested types to the handler and acknowledges the rest', async () => {
      const group = uniqueName('group');
      const owner = randomUUID();
      const { consumer, handled } = startRecorder({ group, types: ['TaskCompleted'] });
      const created = buildTaskEvent('TaskCreated', owner);
      const completed = buildTaskEvent('TaskCompleted', owner);
      await bus.publish(created);
      await bus.publish(completed);

      await waitFor(() => handled.length === 1 && consumer.stats.skipped === 1, {
        message: 'filtered delivery',
      });
      expect(handled[0]!.id).toBe(completed.id);
      await consumer.stop();
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0 });
    });

    it('lets the running handler finish and acknowledges it on stop', async () => {
      const group = uniqueName('group');
      const started = createDeferred();
      let isFinished = false;
      const consumer = bus.consume({
        sources: 'tasks',
        group,
        consumer: uniqueName('consumer'),
        ...fast,
        handler: async () => {
          started.resolve();
          await new Promise((resolve) => setTimeout(resolve, 100));
          isFinished = true;
        },
      });
      await bus.publish(buildTaskEvent('TaskCreated', randomUUID()));
      await started.promise;
      await consumer.stop();

      expect(isFinished).toBe(true);
      expect(await bus.inspectGroup('tasks', group)).toMatchObject({ pending: 0 });
    });

    it("sends live notices on the owner's channel, with the change-log eventId for task changes", async () => {
      const owner = randomUUID();
      const notices: LiveNotice[] = [];
      const unsubscribe = await bus.subscribeNotices(owner, (notice) => notices.push(notice));
      const otherNotices: LiveNotice[] = [];
      const unsubscribeOther = await bus.subscribeNotices(randomUUID(), (notice) =>
        otherNotices.push(notice),
      );

      const task = buildTaskEvent('TaskCreated', owner, { correlationId: 'corr-1' });
      const tag = buildTagEvent('TagCreated', owner);
      const taskResult = await bus.publish(task);
      await bus.publish(tag);

      await waitFor(() => notices.length === 2, { message: 'two notices' });
      expect(notices[0]).toEqual({
        eventId: taskResult.eventId,
        envelopeId: task.id,
        type: 'TaskCreated',
        kind: 'CREATED',
        aggregateType: 'Task',
        aggregateId: task.aggregateId,
        ownerId: owner,
        correlationId: 'corr-1',
        occurredAt: task.occurredAt,
      });
      expect(notices[1]).toMatchObject({ envelopeId: tag.id, eventId: null, kind: null, type: 'TagCreated' });
      expect(otherNotices).toEqual([]);
      await unsubscribe();
      await unsubscribeOther();
    });

    it('replays task changes after an eventId, in order, per owner', async () => {
      const owner = randomUUID();
      const results = [];
      for (const type of ['TaskCreated', 'TaskCompleted', 'TaskReopened', 'TaskDeleted'] as const) {
        results.push(await bus.publish(buildTaskEvent(type, owner)));
      }
      await bus.publish(buildTaskEvent('TaskCreated', randomUUID()));
      await bus.publish(buildTagEvent('TagCreated', owner));
      const eventIds = results.map((result) => result.eventId!);
      for (let index = 1; index < eventIds.length; index++) {
        expect(compareStreamIds(eventIds[index - 1]!, eventIds[index]!)).toBe(-1);
      }

      const replay = await bus.readChangesSince(owner, eventIds[0]!);
      expect(replay).toMatchObject({ hasGap: false, hasMore: false });
      expect(replay.entries.map((entry) => [entry.eventId, entry.kind])).toEqual([
        [eventIds[1], 'COMPLETED'],
        [eventIds[2], 'REOPENED'],
        [eventIds[3], 'DELETED'],
      ]);
      const upToDate = { entries: [], hasGap: false, hasMore: false };
      expect(await bus.readChangesSince(owner, eventIds[3]!)).toEqual(upToDate);
      expect(await bus.readChangesSince(randomUUID(), '0-0')).toEqual(upToDate);
    });

    it('reports a gap for a since ahead of the log, or from a log that is gone', async () => {
      const owner = randomUUID();
      const { eventId } = await bus.publish(buildTaskEvent('TaskCreated', owner));
      const [ms] = eventId!.split('-');
      expect((await bus.readChangesSince(owner, `${BigInt(ms!) + 1000n}-0`)).hasGap).toBe(true);
      expect((await bus.readChangesSince(randomUUID(), eventId!)).hasGap).toBe(true);
    });

    it('rejects a malformed since as BAD_USER_INPUT', async () => {
      for (const since of ['', 'abc', '12', '1-2-3', '99999999999999999999999-0', '(1-0']) {
        const error = await bus.readChangesSince(randomUUID(), since).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(DomainError);
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
      }
    });
  });

  describe(`EventBus contract: ${name}, capped change log`, () => {
    it('reports a gap when changes after since were trimmed', async () => {
      const { bus, cleanup } = await createHarness({ limits: { changeLogMaxLen: 10 } });
      try {
        const owner = randomUUID();
        // Redis trims `MAXLEN ~` by whole radix-tree nodes (100 entries by default): publish enough.
        const events = Array.from({ length: 260 }, () => buildTaskEvent('TaskCreated', owner));
        const { results, error } = await bus.publishBatch(events);
        expect(error).toBeUndefined();
        const firstId = results[0]!.eventId!;
        const lastIds = results.slice(-2).map((result) => result.eventId!);

        expect((await bus.readChangesSince(owner, firstId)).hasGap).toBe(true);
        expect(await bus.readChangesSince(owner, lastIds[0]!)).toMatchObject({
          hasGap: false,
          entries: [{ eventId: lastIds[1] }],
        });
        const limited = await bus.readChangesSince(owner, results.at(-4)!.eventId!, { limit: 2 });
        expect(limited.entries).toHaveLength(2);
        expect(limited).toMatchObject({ hasGap: false, hasMore: true });
      } finally {
        await bus.close();
        await cleanup();
      }
    });
  });
}
