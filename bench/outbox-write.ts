/**
 * `npm run bench:outbox-write` (issue 10): the two ways a subgraph can write "a row plus its outbox
 * event", on real Postgres, with the code the services run.
 *
 * - transaction: BEGIN; INSERT … RETURNING *; the outbox insert (`appendEvents`); COMMIT — four
 *   round trips (how tags and task creation wrote before);
 * - one statement: a data-modifying CTE inserting the row and, only if it was inserted, its events
 *   (`TagRepository.insert`, what tasks, tags and notifications now all do) — one round trip.
 *
 * Anchor in the same run: `select 1`, one round trip and nothing else (the floor). Rounds alternate
 * the styles so a noisy neighbour on the shared machine hits both alike; the figure of each is the
 * median over rounds of the mean time of one write. BENCH_WRITES (2000 per style), BENCH_ROUNDS (10).
 */
import { randomUUID } from 'node:crypto';
import { createKnex, migrateLatest } from '@taskflow/common';
import { createTestDatabase } from '@taskflow/common/testing';
import { appendEvents, createEnvelope } from '@taskflow/events';
import { migrations } from '../subgraphs/tags/migrations/index.js';
import type { Tag } from '../subgraphs/tags/src/domain/tags/tag.js';
import { TagRepository } from '../subgraphs/tags/src/domain/tags/tag-repository.js';

const WRITES = Number(process.env.BENCH_WRITES ?? 2_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 10));
const perRound = Math.max(1, Math.floor(WRITES / ROUNDS));

const database = await createTestDatabase('bench_outbox');
const knex = createKnex({ url: database.url, schema: 'tags', pool: { max: 2 } });
const out = (line: string) => process.stdout.write(`${line}\n`);

const tagOf = (ownerId: string): Tag => {
  const now = new Date();
  return {
    id: randomUUID(),
    ownerId,
    name: `tag ${randomUUID()}`,
    color: null,
    createdAt: now,
    updatedAt: now,
  };
};
const eventOf = (tag: Tag) =>
  createEnvelope('TagCreated', {
    aggregateId: tag.id,
    ownerId: tag.ownerId,
    correlationId: 'bench',
    payload: {
      tag: { ...tag, createdAt: tag.createdAt.toISOString(), updatedAt: tag.updatedAt.toISOString() },
    },
  });

const styles: Record<string, (ownerId: string) => Promise<unknown>> = {
  'select 1 (anchor)': () => knex.raw('select 1'),
  transaction: (ownerId) =>
    knex.transaction(async (trx) => {
      const tag = tagOf(ownerId);
      await trx('tags').insert(tag).returning('*');
      await appendEvents(trx, [eventOf(tag)]);
    }),
  'one statement': (ownerId) => {
    const tag = tagOf(ownerId);
    return new TagRepository(knex, ownerId).insert(tag, [eventOf(tag)]);
  },
};

try {
  await migrateLatest(knex, 'tags', migrations);
  const ownerId = randomUUID();
  // Warm up the connection, plans and caches.
  for (const run of Object.values(styles)) for (let i = 0; i < 50; i++) await run(ownerId);
  const samples = new Map<string, number[]>(Object.keys(styles).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(styles)) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await run(ownerId);
      samples.get(name)!.push((performance.now() - started) / perRound);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const anchor = median(samples.get('select 1 (anchor)')!);
  out(
    `row + outbox event, ${perRound * ROUNDS} writes per style in ${ROUNDS} alternating rounds, one at a time`,
  );
  out('style              ms/write (median of rounds)   × anchor');
  for (const [name, values] of samples) {
    out(
      `${name.padEnd(18)} ${median(values).toFixed(3).padStart(8)}   ${(median(values) / anchor).toFixed(2).padStart(24)}`,
    );
  }
  const ratio = median(samples.get('transaction')!) / median(samples.get('one statement')!);
  out(`transaction / one statement: ${ratio.toFixed(2)}×`);
} finally {
  await knex.destroy();
  await database.drop();
}
