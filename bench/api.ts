/**
 * `npm run bench:api` (issue 3): one user with 10,000 tasks and 20 tags; autocannon (50 connections,
 * 20 s after a 5 s warm-up) on the task list through the gateway, and the same selection without
 * tags straight to the tasks subgraph; then full-text search over another user's 100,000 tasks, by
 * one client (latency) and by BENCH_SEARCH_CONNECTIONS (10) at once.
 * Every service runs as its own process, as in production.
 */
import { createKnex, signIdentity } from '@taskflow/common';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { subgraphs } from '../schema/subgraphs.js';
import { DEFAULT_ORDER, encodeTaskCursor } from '../subgraphs/tasks/src/domain/tasks/task-query.js';
import { TaskRepository } from '../subgraphs/tasks/src/domain/tasks/task-repository.js';
import { type Figures, figuresOf, printTable } from './support/report.js';
import { BENCH_INTERNAL_SECRET, graphql, signUp, startSystem } from './support/services.js';
import { WORDS } from './support/words.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const SEARCH_CONNECTIONS = Number(process.env.BENCH_SEARCH_CONNECTIONS ?? 10);

const LIST_WITH_TAGS = `query { tasks(first: 50, orderBy: [{field: PRIORITY, direction: DESC}]) { edges { node { id title priority dueAt tags { name } } } } }`;
const LIST_WITHOUT_TAGS = `query { tasks(first: 50, orderBy: [{field: PRIORITY, direction: DESC}]) { edges { node { id title priority dueAt } } } }`;
const SEARCH = `query ($q: String!) { tasks(filter: {search: $q}, first: 20) { totalCount edges { node { id title } } } }`;

const log = (message: string) => process.stdout.write(`${message}\n`);

function load(
  url: string,
  body: string | (() => string),
  headers: Record<string, string>,
  connections: number,
  duration: number,
) {
  return autocannon({
    url,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(typeof body === 'string'
      ? { body }
      : { requests: [{ setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }) }] }),
  });
}

async function measure(
  name: string,
  url: string,
  body: string | (() => string),
  headers: Record<string, string>,
  connections = CONNECTIONS,
) {
  await load(url, body, headers, connections, WARMUP);
  const result = await load(url, body, headers, connections, DURATION);
  return figuresOf(name, result);
}

/** Seeds tasks straight into the tasks subgraph's table: what matters here is reading them. */
async function seedTasks(databaseUrl: string, ownerId: string, count: number, tagIds: string[]) {
  const knex = knexFactory({ client: 'pg', connection: databaseUrl });
  try {
    await knex.raw(
      `insert into tasks.tasks (owner_id, title, description, priority, status, due_at, tag_ids, created_at, updated_at)
       select :owner::uuid,
              initcap(w[1 + (g * 7 % n)]) || ' ' || w[1 + (g * 13 % n)] || ' ' || w[1 + (g * 31 % n)],
              'Remember the ' || w[1 + (g * 17 % n)] || ' and the ' || w[1 + (g * 23 % n)] || ' before the ' || w[1 + (g * 29 % n)],
              g % 4,
              case when g % 10 = 0 then 'COMPLETED' else 'OPEN' end,
              case when g % 5 = 0 then null else now() + ((g % 120) - 30) * interval '1 day' end,
              case when cardinality(:tags::uuid[]) = 0 then '{}'::uuid[]
                   else array[(:tags::uuid[])[1 + g % cardinality(:tags::uuid[])], (:tags::uuid[])[1 + (g * 7) % cardinality(:tags::uuid[])]] end,
              now() - g * interval '1 minute',
              now() - g * interval '1 minute'
       from generate_series(1, :count) g, (select :words::text[] as w, cardinality(:words::text[]) as n) words`,
      { owner: ownerId, tags: tagIds, count, words: WORDS },
    );
    // Duplicate tag ids in one row (same tag picked twice) do not matter for reading. Vacuumed as
    // autovacuum would soon after a bulk insert: measure the steady state, not fresh hint bits.
    await knex.raw('vacuum analyze tasks.tasks');
  } finally {
    await knex.destroy();
  }
}

/** EXPLAIN ANALYZE of the SQL the tasks subgraph really runs (built by its repository). */
async function explain(databaseUrl: string, ownerId: string, search: string) {
  const knex = createKnex({ url: databaseUrl, schema: 'tasks' });
  const repository = new TaskRepository(knex, ownerId);
  const now = new Date();
  const byPriority = [{ field: 'PRIORITY', direction: 'DESC' }] as const;
  try {
    const firstPage = repository.pageQuery({}, [...byPriority], 51, null, now);
    const [row] = (await firstPage.clone()) as Record<string, unknown>[];
    const cursor = encodeTaskCursor([...byPriority], row as never);
    const queries = {
      'list by priority, first page': firstPage,
      'list by priority, after a cursor': repository.pageQuery({}, [...byPriority], 51, cursor, now),
      'list by due date DESC': repository.pageQuery(
        {},
        [{ field: 'DUE_AT', direction: 'DESC' }],
        51,
        null,
        now,
      ),
      [`search "${search}"`]: repository.pageQuery({ search }, DEFAULT_ORDER, 21, null, now),
      [`search "${search}", totalCount`]: repository.countQuery({ search }, now),
    };
    const plans: string[] = [];
    for (const [name, query] of Object.entries(queries)) {
      const { rows } = await knex.raw(`explain (analyze, costs off) ${query.toString()}`);
      const lines = (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
      plans.push(`  ${name}:\n${lines.map((l) => `    ${l}`).join('\n')}`);
    }
    return plans.join('\n');
  } finally {
    await knex.destroy();
  }
}

const system = await startSystem(subgraphs.map((subgraph) => subgraph.name));
try {
  const user = await signUp(system.gatewayUrl, 'Bench');
  const auth = { authorization: `Bearer ${user.token}` };
  const tagIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const data = await graphql<{ createTag: { id: string } }>(
      system.gatewayUrl,
      'mutation ($name: String!) { createTag(input: {name: $name}) { id } }',
      { name: `tag-${i}` },
      auth,
    );
    tagIds.push(data.createTag.id);
  }
  log('seeding 10,000 tasks for the list and 100,000 for search...');
  await seedTasks(system.database.url, user.id, 10_000, tagIds);
  const searcher = await signUp(system.gatewayUrl, 'Searcher');
  await seedTasks(system.database.url, searcher.id, 100_000, []);

  const direct = {
    'x-taskflow-identity': await signIdentity(
      { kind: 'session', userId: user.id, scopes: ['READ', 'WRITE'] },
      BENCH_INTERNAL_SECRET,
      3_600,
    ),
  };
  const sample = await graphql<{ tasks: { edges: { node: { tags: unknown[] } }[] } }>(
    system.gatewayUrl,
    LIST_WITH_TAGS,
    {},
    auth,
  );
  if (sample.tasks.edges.length !== 50 || sample.tasks.edges.some((e) => e.node.tags.length === 0))
    throw new Error('unexpected page');

  log(`measuring: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s each`);
  const rows: Figures[] = [];
  rows.push(
    await measure(
      'gateway: 50 tasks + tags',
      system.gatewayUrl,
      JSON.stringify({ query: LIST_WITH_TAGS }),
      auth,
    ),
  );
  rows.push(
    await measure(
      'tasks subgraph direct: 50 tasks',
      system.urls.tasks!,
      JSON.stringify({ query: LIST_WITHOUT_TAGS }),
      direct,
    ),
  );
  let next = 0;
  const searchBody = () => JSON.stringify({ query: SEARCH, variables: { q: WORDS[next++ % WORDS.length] } });
  const searcherAuth = { authorization: `Bearer ${searcher.token}` };
  // One person searching (latency), then SEARCH_CONNECTIONS searching at once (load on 2 shared cores).
  for (const connections of [1, SEARCH_CONNECTIONS]) {
    rows.push(
      await measure(
        `gateway: search over 100k (${connections} conn.)`,
        system.gatewayUrl,
        searchBody,
        searcherAuth,
        connections,
      ),
    );
  }
  log('');
  printTable(rows);
  const [gateway, tasks, search, searchUnderLoad] = rows as [Figures, Figures, Figures, Figures];
  log('');
  log(`gateway/direct p50 ratio: ${(gateway.p50 / tasks.p50).toFixed(2)}  (target ≤ 2)`);
  log(`gateway/direct throughput ratio: ${(gateway.requestsPerSecond / tasks.requestsPerSecond).toFixed(2)}`);
  log(`search, one client: p50 ${search.p50} ms, p99 ${search.p99} ms  (target p99 ≤ 50 ms)`);
  log(
    `search, ${SEARCH_CONNECTIONS} clients at once: p50 ${searchUnderLoad.p50} ms, p99 ${searchUnderLoad.p99} ms`,
  );
  log('');
  log('query plans (EXPLAIN ANALYZE):');
  log(await explain(system.database.url, searcher.id, 'garden'));
} finally {
  await system.stop();
}
