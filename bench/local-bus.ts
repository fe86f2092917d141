/**
 * `npm run bench:local-bus` (issue 11): events/s through the durable local bus (the embedded mode's
 * bus, in SQL), on PGlite in memory and on real Postgres, same run. For each: publishing one at a time
 * (one transaction each), publishing in batches of 100 (the relay's way), then one consumer handling
 * the backlog (read, handler, ack), then publishing and consuming at once (end to end). BENCH_EVENTS
 * (2000) events per phase.
 */
import { randomUUID } from 'node:crypto';
import { createKnex, createLogger, type Knex } from '@taskflow/common';
import { createTestDatabase } from '@taskflow/common/testing';
import { createDurableLocalBus } from '@taskflow/events';
import { buildTaskEvent, waitFor } from '@taskflow/events/testing';
import knexFactory from 'knex';
import ClientPgLite from 'knex-pglite';

const EVENTS = Math.max(100, Number(process.env.BENCH_EVENTS ?? 2_000));
const log = createLogger('bench-local-bus', 'silent');
const out = (line: string) => process.stdout.write(`${line}\n`);
const rate = (count: number, ms: number) => `${Math.round((count * 1_000) / ms)}`.padStart(7);

async function measure(label: string, knex: Knex): Promise<void> {
  const bus = await createDurableLocalBus({ knex, log, schema: 'bench_bus' });
  const owner = randomUUID();
  const events = () => Array.from({ length: EVENTS }, () => buildTaskEvent('TaskCreated', owner));
  try {
    let started = performance.now();
    for (const event of events()) await bus.publish(event);
    const single = performance.now() - started;

    const batch = events();
    started = performance.now();
    for (let index = 0; index < batch.length; index += 100) {
      const { error } = await bus.publishBatch(batch.slice(index, index + 100));
      if (error) throw error;
    }
    const batched = performance.now() - started;

    const backlog = 2 * EVENTS;
    const seen = new Set<string>();
    started = performance.now();
    const consumer = bus.consume({
      sources: 'tasks',
      group: 'bench',
      consumer: 'bench-1',
      blockMs: 50,
      handler: (envelope) => {
        seen.add(envelope.id);
      },
    });
    await waitFor(() => seen.size >= backlog, { timeoutMs: 600_000, intervalMs: 5 });
    const consumed = performance.now() - started;

    started = performance.now();
    for (const event of events()) await bus.publish(event);
    await waitFor(() => seen.size >= backlog + EVENTS, { timeoutMs: 600_000, intervalMs: 5 });
    const endToEnd = performance.now() - started;
    await consumer.stop();

    out(
      `${label.padEnd(22)} ${rate(EVENTS, single)} ${rate(EVENTS, batched).padStart(10)} ${rate(backlog, consumed).padStart(10)} ${rate(EVENTS, endToEnd).padStart(12)}   ${consumer.stats.processed - seen.size}`,
    );
  } finally {
    await bus.close();
  }
}

out(`durable local bus, ${EVENTS} events per phase, events/s`);
out('database               publish  batch×100    consume  pub+consume   handled twice');
const pglite = knexFactory({ client: ClientPgLite, dialect: 'postgres', connection: {} });
try {
  await measure('PGlite (in memory)', pglite);
} finally {
  await pglite.destroy();
}
const database = await createTestDatabase('bench_local_bus');
const postgres = createKnex({ url: database.url, schema: 'public', pool: { max: 4 } });
try {
  await measure('Postgres 127.0.0.1', postgres);
} finally {
  await postgres.destroy();
  await database.drop();
}
