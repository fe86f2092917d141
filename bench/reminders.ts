/**
 * `npm run bench:reminders` (issue 6): 10,000 reminders of 1,000 users, due within the same minute,
 * fired by the notifications subgraph running as its own process(es), as in production. Prints the
 * lag after `remindAt` at three points: the notification's creation (the scheduler's claim), its
 * `NotificationCreated` entry on the stream (the relay), and the live notice on the owner's channel
 * (what a gateway replica receives), and checks that exactly 10,000 fired, none twice.
 *
 * BENCH_REMINDERS (10000), BENCH_USERS (1000), BENCH_SPREAD_SECONDS (60: due times spread over the
 * minute; 0 puts them all on one instant), BENCH_LEAD_SECONDS (15: from the end of seeding to the
 * first due time), BENCH_SCHEDULERS (1: notifications processes, each running the scheduler).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, testRedisUrl, uniqueRedisPrefix } from '@taskflow/common/testing';
import { Redis } from 'ioredis';
import knexFactory, { type Knex } from 'knex';
import { BENCH_INTERNAL_SECRET, startSystem } from './support/services.js';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const USERS = Number(process.env.BENCH_USERS ?? 1_000);
const SPREAD_SECONDS = Number(process.env.BENCH_SPREAD_SECONDS ?? 60);
const LEAD_SECONDS = Number(process.env.BENCH_LEAD_SECONDS ?? 15);
const SCHEDULERS = Math.max(1, Number(process.env.BENCH_SCHEDULERS ?? 1));

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (message: string) => process.stdout.write(`${message}\n`);

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function summarize(name: string, lags: number[]) {
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    name,
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Seeds users' tasks (the local copies) and reminders straight into the tables: only setup. */
async function seed(knex: Knex, firstDueAt: Date) {
  await knex.raw(
    `insert into notifications.task_copies (task_id, owner_id, title, status, created_at, version)
     select gen_random_uuid(), u.owner, 'Bench task ' || g, 'OPEN', now(), now()
       from (select gen_random_uuid() as owner, n from generate_series(1, :users) n) u,
            generate_series(1, :perUser) g`,
    { users: USERS, perUser: Math.ceil(REMINDERS / USERS) },
  );
  await knex.raw(
    `insert into notifications.reminders (owner_id, task_id, remind_at)
     select owner_id, task_id, :first::timestamptz + (random() * :spreadMs) * interval '1 millisecond'
       from notifications.task_copies
      limit :count`,
    { first: firstDueAt, spreadMs: SPREAD_SECONDS * 1_000, count: REMINDERS },
  );
  await knex.raw('analyze notifications.reminders');
}

const prefix = uniqueRedisPrefix();
const system = await startSystem(['accounts', 'tasks', 'tags', 'audit', 'notifications'], {
  REDIS_PREFIX: prefix,
  LOG_LEVEL: 'warn',
});
const extra: ChildProcess[] = [];
const knex = knexFactory({ client: 'pg', connection: system.database.url, pool: { min: 0, max: 2 } });
const redis = new Redis(testRedisUrl());
const subscriber = new Redis(testRedisUrl());
try {
  // More scheduler replicas against the same database and Redis, when asked for.
  for (let i = 1; i < SCHEDULERS; i++) {
    const port = await freePort();
    extra.push(
      spawn(process.execPath, ['--import', 'tsx', 'subgraphs/notifications/src/index.ts'], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: system.database.url,
          REDIS_URL: testRedisUrl(),
          REDIS_PREFIX: prefix,
          INTERNAL_JWT_SECRET: BENCH_INTERNAL_SECRET,
          LOG_LEVEL: 'warn',
          PORT: String(port),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    );
  }

  // What a gateway replica would receive: every user's channel.
  const noticeAt = new Map<string, number[]>();
  await subscriber.psubscribe(`${prefix}user:*`);
  subscriber.on('pmessage', (_pattern, _channel, message: string) => {
    const notice = JSON.parse(message) as { type: string; aggregateId: string };
    if (notice.type !== 'NotificationCreated') return;
    noticeAt.set(notice.aggregateId, [...(noticeAt.get(notice.aggregateId) ?? []), Date.now()]);
  });

  const firstDueAt = new Date(Date.now() + LEAD_SECONDS * 1_000);
  log(
    `seeding ${REMINDERS.toLocaleString('en')} reminders of ${USERS.toLocaleString('en')} users, due from ${firstDueAt.toISOString()} over ${SPREAD_SECONDS} s; ${SCHEDULERS} scheduler process(es)`,
  );
  await seed(knex, firstDueAt);
  if (Date.now() > firstDueAt.getTime() - 2_000)
    throw new Error('seeding took too long: raise BENCH_LEAD_SECONDS');

  const deadline = firstDueAt.getTime() + SPREAD_SECONDS * 1_000 + 60_000;
  let fired = 0;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    fired = Number((await knex('notifications.notifications').count({ count: '*' }))[0]!.count);
    if (fired >= REMINDERS && noticeAt.size >= REMINDERS) break;
  }
  // A moment more, so a duplicate (there must be none) would show.
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const rows = (
    await knex.raw(
      `select n.id, n.reminder_id as "reminderId", r.remind_at as "remindAt", n.created_at as "createdAt"
       from notifications.notifications n join notifications.reminders r on r.id = n.reminder_id`,
    )
  ).rows as { id: string; reminderId: string; remindAt: Date; createdAt: Date }[];
  const [counts] = (
    await knex.raw(
      `select (select count(*) from notifications.notifications)::int as notifications,
            (select count(distinct reminder_id) from notifications.notifications)::int as reminders,
            (select count(*) from notifications.reminders where fired_at is not null)::int as fired,
            (select count(*) from notifications.outbox where type = 'NotificationCreated')::int as events`,
    )
  ).rows as { notifications: number; reminders: number; fired: number; events: number }[];
  const stream = (await redis.xrange(`${prefix}events:notifications`, '-', '+')) as [string, string[]][];
  const streamAt = new Map<string, number[]>();
  for (const [entryId, fields] of stream) {
    const event = JSON.parse(fields[fields.indexOf('event') + 1]!) as { aggregateId: string };
    streamAt.set(event.aggregateId, [
      ...(streamAt.get(event.aggregateId) ?? []),
      Number(entryId.split('-')[0]),
    ]);
  }

  const remindAtOf = new Map(rows.map((row) => [row.id, row.remindAt.getTime()]));
  const lagsOf = (times: Map<string, number[]>) =>
    [...times].flatMap(([id, at]) => (remindAtOf.has(id) ? [at[0]! - remindAtOf.get(id)!] : []));
  const figures = [
    summarize(
      'notification created (scheduler)',
      rows.map((row) => row.createdAt.getTime() - row.remindAt.getTime()),
    ),
    summarize('NotificationCreated on the stream (relay)', lagsOf(streamAt)),
    summarize('live notice on the owner channel', lagsOf(noticeAt)),
  ];
  const duplicates = {
    notifications: counts!.notifications - counts!.reminders,
    streamEntries: stream.length - streamAt.size,
    notices: [...noticeAt.values()].reduce((sum, times) => sum + times.length - 1, 0),
  };

  log('');
  log('lag after remindAt (ms)');
  const header = ['at', 'count', 'p50', 'p95', 'p99', 'max'];
  const lines = figures.map((f) => [f.name, f.count, f.p50, f.p95, f.p99, f.max].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  log(format(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) log(format(line));
  log('');
  log(
    `fired: ${counts!.fired} reminders, ${counts!.notifications} notifications, ${counts!.events} outbox events, ` +
      `${streamAt.size} on the stream, ${noticeAt.size} live notices (expected ${REMINDERS} each)`,
  );
  log(
    `duplicates: ${duplicates.notifications} notifications, ${duplicates.streamEntries} stream entries, ${duplicates.notices} notices`,
  );
  const p99 = figures[0]!.p99;
  const isExact =
    counts!.notifications === REMINDERS &&
    counts!.reminders === REMINDERS &&
    counts!.fired === REMINDERS &&
    Object.values(duplicates).every((n) => n === 0);
  log(
    `${isExact ? 'OK' : 'FAILED'}: exactly ${REMINDERS} fired, none twice; p99 firing lag ${p99} ms (target ≤ 5000)`,
  );
  process.exitCode = isExact && p99 <= 5_000 ? 0 : 1;
} finally {
  await Promise.all(
    extra.map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  subscriber.disconnect();
  redis.disconnect();
  await knex.destroy();
  await system.stop();
}
