/**
 * `npm run bench:recurrence` (issue 5): 5,000 recurring tasks (seeded in SQL, spread over 50 users
 * and four kinds of rule) completed through the gateway as fast as it answers (32 requests in
 * flight), with the recurrence worker as its own process, as in production. Prints the
 * completion → next-occurrence latency (the completion's `completedAt` to the next row's
 * `created_at`, both stamped on this machine), occurrences created per second, that exactly one
 * next occurrence was made per completion, and how long after the last completion the worker's
 * backlog was drained (target ≤ 5 s).
 */
import { readFileSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import { subgraphs } from '../schema/subgraphs.js';
import { graphql, signUp, startSystem } from './support/services.js';

const TASKS = Number(process.env.BENCH_RECURRENCE_TASKS ?? 5_000);
const USERS = Number(process.env.BENCH_RECURRENCE_USERS ?? 50);
const IN_FLIGHT = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP = Number(process.env.BENCH_WARMUP_TASKS ?? 200);
const TARGET_DRAIN_MS = 5_000;
/** Also measure the worker alone: paused (SIGSTOP) while the completions pile up, then let go. */
const BACKLOG = process.env.BENCH_RECURRENCE_BACKLOG === '1';

const RULES = [
  ['FREQ=DAILY', 'Europe/Berlin', 'DUE_DATE'],
  ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'America/New_York', 'DUE_DATE'],
  ['FREQ=MONTHLY;BYMONTHDAY=-1', 'Asia/Kolkata', 'DUE_DATE'],
  ['FREQ=DAILY;INTERVAL=3', 'UTC', 'COMPLETION_DATE'],
] as const;

const COMPLETE = 'mutation ($id: ID!) { completeTask(id: $id) { id status } }';

const log = (message: string) => process.stdout.write(`${message}\n`);

interface Seeded {
  id: string;
  token: string;
}

/** Recurring tasks, first of their series, due over the coming days, straight into the tasks table. */
async function seed(knex: Knex, owners: { id: string; token: string }[], count: number, label: string) {
  const { rows } = await knex.raw(
    `insert into tasks.tasks (owner_id, title, priority, due_at, recurrence_rule, recurrence_timezone,
                             recurrence_basis, series_id, occurrence_number)
     select (:owners::uuid[])[1 + g % cardinality(:owners::uuid[])],
            :label || ' ' || g, g % 4,
            date_trunc('minute', now()) + interval '1 day' + (g % 1440) * interval '1 minute',
            (:rules::text[])[1 + g % 4], (:zones::text[])[1 + g % 4], (:bases::text[])[1 + g % 4],
            gen_random_uuid(), 1
     from generate_series(1, :count) g
     returning id, owner_id`,
    {
      owners: owners.map((owner) => owner.id),
      count,
      label,
      rules: RULES.map(([rule]) => rule),
      zones: RULES.map(([, zone]) => zone),
      bases: RULES.map(([, , basis]) => basis),
    },
  );
  const tokens = new Map(owners.map((owner) => [owner.id, owner.token]));
  return (rows as { id: string; owner_id: string }[]).map((row) => ({
    id: row.id,
    token: tokens.get(row.owner_id)!,
  }));
}

/** Completes every task through the gateway with `IN_FLIGHT` requests at a time. */
async function completeAll(gatewayUrl: string, tasks: Seeded[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        await graphql(gatewayUrl, COMPLETE, { id: task.id }, { authorization: `Bearer ${task.token}` });
      }
    }),
  );
}

const countNext = async (knex: Knex, ids: string[]) => {
  const [row] = await knex('tasks.tasks')
    .whereIn('previous_occurrence_id', ids)
    .count<{ count: string }[]>({ count: '*' });
  return Number(row?.count ?? 0);
};

async function waitForNext(knex: Knex, ids: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const made = await countNext(knex, ids);
    if (made >= ids.length) return Date.now();
    if (Date.now() > deadline)
      throw new Error(`only ${made} of ${ids.length} next occurrences after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
  } catch {
    return 0;
  }
}

const cpuOf = (processes: Map<string, { pid?: number }>) =>
  new Map([...processes].map(([name, child]) => [name, cpuSeconds(child.pid)]));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

// Every subgraph (audit and notifications consume the same events), plus the worker.
const system = await startSystem(
  subgraphs.map((subgraph) => subgraph.name),
  {},
  { recurrenceWorker: true },
);
const knex = knexFactory({ client: 'pg', connection: system.database.url, pool: { min: 0, max: 2 } });
try {
  const users: { id: string; token: string }[] = [];
  for (let i = 0; i < USERS; i += 10)
    users.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, USERS - i) }, (_, j) => signUp(system.gatewayUrl, `Bench${i + j}`)),
      )),
    );
  log(`seeding ${TASKS.toLocaleString('en')} recurring tasks for ${USERS} users (+ ${WARMUP} to warm up)...`);
  const warmup = await seed(knex, users, WARMUP, 'Warm-up');
  const tasks = await seed(knex, users, TASKS, 'Recurring');
  await knex.raw('analyze tasks.tasks');

  await completeAll(system.gatewayUrl, warmup);
  await waitForNext(
    knex,
    warmup.map((task) => task.id),
    60_000,
  );

  log(`completing them through the gateway, ${IN_FLIGHT} requests in flight...`);
  const ids = tasks.map((task) => task.id);
  const cpuBefore = cpuOf(system.processes);
  const startedAt = Date.now();
  await completeAll(system.gatewayUrl, tasks);
  const completedAt = Date.now();
  const drainedAt = await waitForNext(knex, ids, 120_000);
  const cpuAfter = cpuOf(system.processes);
  // Anything extra would show up now: a duplicate cannot (unique key), a stray creation could.
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // The completion's outbox row says when the relay handed it to Redis: the latency's two halves.
  const { rows } = await knex.raw(
    `select extract(epoch from (n.created_at - p.completed_at)) * 1000 as latency_ms,
            extract(epoch from (o.sent_at - p.completed_at)) * 1000 as relay_ms,
            extract(epoch from n.created_at) * 1000 as created_ms,
            extract(epoch from p.completed_at) * 1000 as completed_ms
     from tasks.tasks p join tasks.tasks n on n.previous_occurrence_id = p.id
     join tasks.outbox o on o.aggregate_id = p.id::text and o.type = 'TaskCompleted'
     where p.id = any(?::uuid[])`,
    [ids],
  );
  const made = rows as { latency_ms: string; relay_ms: string; created_ms: string; completed_ms: string }[];
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const latencies = sorted(made.map((row) => Number(row.latency_ms)));
  const relayLatencies = sorted(made.map((row) => Number(row.relay_ms)));
  const workerLatencies = sorted(made.map((row) => Number(row.latency_ms) - Number(row.relay_ms)));
  const created = made.map((row) => Number(row.created_ms));
  const lastCompletion = Math.max(...made.map((row) => Number(row.completed_ms)));
  const firstCreated = Math.min(...created);
  const lastCreated = Math.max(...created);
  const [{ total }] = (
    await knex.raw(
      `select count(*) as total from tasks.tasks where previous_occurrence_id is not null
         and not (previous_occurrence_id = any(?::uuid[]))`,
      [warmup.map((task) => task.id)],
    )
  ).rows as [{ total: string }];
  const completionSeconds = (completedAt - startedAt) / 1000;
  const drainMs = lastCreated - lastCompletion;

  log('');
  log(
    `completions through the gateway: ${completionSeconds.toFixed(1)} s, ${Math.round(TASKS / completionSeconds)} /s`,
  );
  log(
    `next occurrences created: ${made.length.toLocaleString('en')} for ${TASKS.toLocaleString('en')} completions ` +
      `(all new occurrences: ${Number(total).toLocaleString('en')}) ${made.length === TASKS && Number(total) === TASKS ? 'exactly one each' : 'MISMATCH'}`,
  );
  log(
    `occurrences created per second: ${Math.round(made.length / ((lastCreated - firstCreated) / 1000))} ` +
      `(first to last creation), ${Math.round(made.length / ((lastCreated - startedAt) / 1000))} (over the whole run)`,
  );
  log(
    `completion → next occurrence latency: p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
  );
  log(
    `  of which completion → on the stream (relay): p50 ${percentile(relayLatencies, 50).toFixed(0)} ms, ` +
      `p99 ${percentile(relayLatencies, 99).toFixed(0)} ms; stream → next occurrence (worker): ` +
      `p50 ${percentile(workerLatencies, 50).toFixed(0)} ms, p99 ${percentile(workerLatencies, 99).toFixed(0)} ms`,
  );
  log(
    `backlog drained ${(drainMs / 1000).toFixed(2)} s after the last completion ` +
      `(observed by polling: ${((drainedAt - completedAt) / 1000).toFixed(2)} s after the last response; ` +
      `target ≤ ${TARGET_DRAIN_MS / 1000} s)`,
  );
  const cpu = [...cpuAfter].map(([name, seconds]) => [name, seconds - (cpuBefore.get(name) ?? 0)] as const);
  log(
    `CPU per completion (ms): ${cpu.map(([name, seconds]) => `${name} ${((seconds * 1000) / TASKS).toFixed(2)}`).join(', ')}`,
  );
  if (made.length !== TASKS || Number(total) !== TASKS) process.exitCode = 1;

  if (BACKLOG) {
    const backlog = await seed(knex, users, TASKS, 'Backlog');
    const worker = system.processes.get('worker')!;
    worker.kill('SIGSTOP');
    log('');
    log(`backlog: ${TASKS.toLocaleString('en')} completions with the worker paused...`);
    await completeAll(system.gatewayUrl, backlog);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the relay publishes the last ones
    const resumedAt = Date.now();
    worker.kill('SIGCONT');
    await waitForNext(
      knex,
      backlog.map((task) => task.id),
      300_000,
    );
    const seconds = (Date.now() - resumedAt) / 1000;
    log(
      `the worker alone drained them in ${seconds.toFixed(1)} s: ${Math.round(TASKS / seconds)} occurrences/s`,
    );
  }
} finally {
  await knex.destroy();
  await system.stop();
}
