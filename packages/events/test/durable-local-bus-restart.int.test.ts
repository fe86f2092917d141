import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from '@taskflow/common';
import knexFactory from 'knex';
import ClientPgLite from 'knex-pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnyEventEnvelope, compareStreamIds, createDurableLocalBus } from '../src/index.js';
import { buildTaskEvent, createDeferred, waitFor } from '../src/testing/index.js';
import { testLog } from './support.js';

const fast = { blockMs: 50, claimIdleMs: 10_000, claimIntervalMs: 50, retryBaseMs: 5, retryMaxMs: 40 };
const openPglite = (dataDir: string) =>
  knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: { filename: dataDir } });

/** The embedded mode's promise: what was published before the process stopped is handled after it, once. */
describe('DurableLocalEventBus across a restart (PGlite on disk)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'taskflow-bus-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('hands every event published before the stop to the consumer after it, exactly once', async () => {
    const handledIds: string[] = [];
    const consumerOptions = {
      sources: 'tasks' as const,
      group: 'audit',
      consumer: 'embedded',
      ...fast,
      handler: (envelope: AnyEventEnvelope) => {
        // The consumer's idempotency by event id, as markProcessed does in a handler's transaction.
        if (!handledIds.includes(envelope.id)) handledIds.push(envelope.id);
      },
    };

    // First life: some events handled, then a stop between publish and handling, and one handler
    // killed mid-run (it never acknowledges).
    let knex: Knex = openPglite(dataDir);
    let bus = await createDurableLocalBus({ knex, log: testLog });
    const owner = randomUUID();
    const early = [buildTaskEvent('TaskCreated', owner), buildTaskEvent('TaskCompleted', owner)];
    const first = bus.consume(consumerOptions);
    for (const event of early) await bus.publish(event);
    await waitFor(() => first.stats.processed === 2, { message: 'early events handled' });
    await first.stop();

    const midHandler = buildTaskEvent('TaskReopened', owner);
    const hang = createDeferred();
    const started = createDeferred();
    const dying = bus.consume({
      ...consumerOptions,
      handler: async () => {
        started.resolve();
        await hang.promise;
      },
    });
    await bus.publish(midHandler);
    await started.promise;
    const late = Array.from({ length: 5 }, () => buildTaskEvent('TaskCreated', owner));
    const { error } = await bus.publishBatch(late);
    expect(error).toBeUndefined();
    const lastChange = (await bus.readChangesSince(owner, '0-0')).entries.at(-1)!.eventId;
    // The process dies: the hung handler's event stays pending, the late ones undelivered.
    hang.reject(new Error('process killed'));
    await dying.stop();
    await bus.close();
    await knex.destroy();

    // Second life on the same data directory.
    knex = openPglite(dataDir);
    bus = await createDurableLocalBus({ knex, log: testLog });
    try {
      expect(await bus.inspectGroup('tasks', 'audit')).toMatchObject({ pending: 1, lag: 5 });
      const second = bus.consume(consumerOptions);
      const expected = [...early, midHandler, ...late].map((event) => event.id);
      await waitFor(() => handledIds.length === expected.length, {
        message: 'every event after the restart',
        timeoutMs: 15_000,
      });
      await second.stop();
      expect([...handledIds].sort()).toEqual([...expected].sort());
      expect(await bus.inspectGroup('tasks', 'audit')).toMatchObject({ pending: 0, lag: 0 });
      // The change log survived, and publishing an event again after the restart adds nothing.
      const replay = await bus.readChangesSince(owner, '0-0');
      expect(replay.entries.map((entry) => entry.envelopeId)).toEqual(expected);
      expect(replay.entries.at(-1)!.eventId).toBe(lastChange);
      expect((await bus.publish(late[0]!)).isNew).toBe(false);
      // New ids still increase after the restart.
      const next = await bus.publish(buildTaskEvent('TaskDeleted', owner));
      expect(compareStreamIds(next.eventId!, lastChange)).toBe(1);
    } finally {
      await bus.close();
      await knex.destroy();
    }
  });
});
