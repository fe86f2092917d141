/**
 * `npm run test:faults` (issue 15): TaskFlow's services as processes, on a Redis and a Postgres of
 * the suite's own, under a steady load of task changes; each scenario breaks something for real
 * (SIGKILL, an immediate Postgres stop), heals it, and checks that nothing was lost or doubled.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Counts, Invariants } from './support/checks.js';
import { PostgresCluster, RedisServer, sleep, until } from './support/infra.js';
import { Load, Subscriber, signUp, type User } from './support/load.js';
import { SERVICES, type ServiceName, TaskFlowSystem } from './support/system.js';

interface Row {
  scenario: string;
  committed: number;
  lost: number;
  doubled: number;
  'of which subscribers': string;
  recoverMs: number;
  errors: string;
}

const LOAD_BEFORE_MS = 2_000;
const LOAD_AFTER_MS = 3_000;

describe('faults under load', () => {
  const rows: Row[] = [];
  let postgres: PostgresCluster;
  let redis: RedisServer;
  let system: TaskFlowSystem;
  let invariants: Invariants;
  let users: User[];

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([PostgresCluster.create(), RedisServer.create()]);
    system = await TaskFlowSystem.create(postgres.url, redis.url);
    await system.startAll();
    users = await Promise.all(['ada', 'grace', 'edsger'].map((name) => signUp(system.gatewayUrl, name)));
    invariants = new Invariants(postgres.url);
  }, 180_000);

  afterAll(async () => {
    const table = rows.map((row) => ({ ...row, recoverMs: Math.round(row.recoverMs) }));
    if (table.length > 0) {
      console.log('\nFault suite (changes committed = outbox rows of the scenario):');
      console.table(table);
    }
    await invariants?.close();
    await system?.stopAll();
    await Promise.all([redis?.destroy(), postgres?.destroy()]);
    system?.removeLogs();
  }, 60_000);

  async function subscribersLive(subscribers: Subscriber[]) {
    const probe = new Redis(redis.url);
    try {
      await until('every subscriber to listen', async () => {
        for (const subscriber of subscribers) {
          const [, count] = (await probe.pubsub('NUMSUB', `taskflow-faults:user:${subscriber.user.id}`)) as [
            string,
            number,
          ];
          if (Number(count) < 1) return false;
        }
        return true;
      });
    } finally {
      probe.disconnect();
    }
  }

  /** Checks again until nothing is missing (consumers catch up) or the time is up. */
  async function converge(
    afterEventId: number,
    subscribers: Subscriber[],
    subscribersResume: boolean,
  ): Promise<Counts> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const counts = await invariants.check(afterEventId, users, system.gatewayUrl, subscribers);
      const wrong = subscribersResume
        ? counts.lost + counts.doubled
        : counts.lost + counts.doubled - counts.subscriberLost - counts.subscriberDoubled;
      if (wrong === 0 || Date.now() > deadline) return counts;
      await sleep(500);
    }
  }

  /**
   * One scenario: subscribers and load start, `inject` breaks and heals something (returning when
   * it was healed), the load goes on, then the invariants must hold.
   */
  async function scenario(
    name: string,
    inject: () => Promise<number>,
    { subscribersResume = true }: { subscribersResume?: boolean } = {},
  ) {
    // The previous scenario's stragglers (reminders coming due) settle first.
    await sleep(1_500);
    const afterEventId = await invariants.lastTaskEventId();
    const subscribers = users.map((user) => new Subscriber(system.gatewayUrl, user));
    let load: Load | undefined;
    try {
      await subscribersLive(subscribers);
      load = new Load(system.gatewayUrl, users);
      await sleep(LOAD_BEFORE_MS);
      const healedAt = await inject();
      await sleep(LOAD_AFTER_MS);
      const stats = await load.stop();
      // Reminders set during the load come due a second after.
      await sleep(1_500);
      const counts = await converge(afterEventId, subscribers, subscribersResume);
      const firstOk = stats.okAt.find((at) => at >= healedAt);
      rows.push({
        scenario: name,
        committed: counts.committed,
        lost: counts.lost,
        doubled: counts.doubled,
        'of which subscribers': `${counts.subscriberLost} lost, ${counts.subscriberDoubled} doubled`,
        recoverMs: firstOk === undefined ? Number.NaN : firstOk - healedAt,
        errors: [...stats.errors].map(([code, n]) => `${code}×${n}`).join(' '),
      });
      const diagnostics = () =>
        [...counts.details, ...stats.leaks.slice(0, 3)]
          .concat(
            counts.lost + counts.doubled > 0 ? SERVICES.map((s) => `--- ${s}\n${system.logTail(s, 8)}`) : [],
          )
          .join('\n');
      expect(system.exited(), 'no service died').toEqual([]);
      expect(stats.leaks, diagnostics()).toEqual([]);
      // What the services keep (audit, next occurrences, reminders) holds in every scenario, Redis
      // restarted empty included: the relays notice the loss and publish the outbox's retention again.
      expect(
        { lost: counts.lost - counts.subscriberLost, doubled: counts.doubled - counts.subscriberDoubled },
        diagnostics(),
      ).toEqual({ lost: 0, doubled: 0 });
      if (subscribersResume) {
        expect({ lost: counts.subscriberLost, doubled: counts.subscriberDoubled }, diagnostics()).toEqual({
          lost: 0,
          doubled: 0,
        });
      }
      // Not asserted after a Redis fault (`subscribersResume: false`), only printed: issue 15 defect 5,
      // the gateway's (helper "gw"): subscriptions open while its Redis connection was down silently
      // lose the outage's events. When the fix is on main, drop the flag and it must hold there too.
      expect(counts.committed).toBeGreaterThan(0);
      expect(firstOk, 'a change succeeded after the fault was healed').toBeDefined();
    } finally {
      await load?.stop();
      for (const subscriber of subscribers) subscriber.close();
    }
  }

  async function restart(name: ServiceName) {
    await system.kill(name, 'SIGKILL');
    system.start(name);
    await system.waitReady(name);
  }

  it('1. Redis SIGKILLed and restarted with its data (AOF)', async () => {
    await scenario(
      '1 redis kill, AOF',
      async () => {
        await redis.kill();
        await sleep(1_000);
        await redis.start({ aof: true });
        return Date.now();
      },
      { subscribersResume: false },
    );
  }, 120_000);

  it('3. Postgres stopped (immediate) and started mid-load: not ready meanwhile, ready ≤ 5 s after', async () => {
    let readyMs = Number.NaN;
    await scenario('3 postgres restart', async () => {
      postgres.stop();
      await until('tasks to report not ready', async () => !(await system.isReady('tasks')), 10_000);
      await sleep(1_500);
      await postgres.start();
      const backAt = Date.now();
      await until('every service ready again', async () => {
        const states = await Promise.all(SERVICES.map((name) => system.isReady(name)));
        return states.every(Boolean);
      });
      readyMs = Date.now() - backAt;
      return backAt;
    });
    console.log(`Postgres back → every service ready in ${readyMs} ms`);
    expect(readyMs).toBeLessThanOrEqual(5_000);
  }, 120_000);

  it('4. recurrence worker, audit consumer and reminder scheduler SIGKILLed mid-batch and restarted', async () => {
    await scenario('4 worker/audit/scheduler kill', async () => {
      let healedAt = 0;
      // audit runs the audit consumer, notifications the reminder scheduler.
      for (const name of ['worker', 'audit', 'notifications'] as const) {
        await restart(name);
        healedAt = Date.now();
        await sleep(500);
      }
      return healedAt;
    });
  }, 120_000);

  it('5. a subgraph SIGKILLed and restarted while the gateway serves queries and subscriptions', async () => {
    await scenario('5 tasks subgraph kill', async () => {
      await system.kill('tasks', 'SIGKILL');
      await sleep(1_500);
      system.start('tasks');
      await system.waitReady('tasks');
      return Date.now();
    });
  }, 120_000);

  it('2. Redis SIGKILLed and restarted empty (no persistence)', async () => {
    await scenario(
      '2 redis kill, empty',
      async () => {
        await redis.kill();
        redis.wipe();
        await sleep(1_000);
        await redis.start({ aof: false });
        return Date.now();
      },
      { subscribersResume: false },
    );
  }, 120_000);
});
