import { backoffDelay, type Knex, type Logger, sleep } from '@taskflow/common';
import type { Redis } from 'ioredis';
import type { Client, Notification } from 'pg';
import type { EventPublisher } from '../bus/event-bus.js';
import { GuardKeyMissingError, type PublishLimits } from '../bus/publish-script.js';
import { RedisEventPublisher } from '../bus/redis-event-publisher.js';
import type { EventSource } from '../event-types.js';
import { errorMessage, OutageTracker } from '../internal/outage-tracker.js';
import { WakeSignal } from '../internal/wake-signal.js';
import { assertSchemaName, outboxChannel, relayEpochKey } from '../keys.js';
import { OutboxRepository, toEnvelope } from '../outbox/outbox-repository.js';

export interface RelayOptions {
  knex: Knex;
  /** The subgraph's schema, where its `outbox` table lives. */
  schema: string;
  /** The subgraph: the stream for event types this build does not know. */
  source: EventSource;
  log: Logger;
  /** Publishes to Redis with `prefix`; give `publisher` instead to relay into another bus. */
  redis?: Redis;
  prefix?: string;
  publisher?: EventPublisher;
  /** Fallback poll when no NOTIFY arrives (default 1000 ms): covers lost notifications. */
  pollIntervalMs?: number;
  /** Rows per read and per Redis pipeline (default 100). */
  batchSize?: number;
  /** Sent rows are kept this long for replay (default 7 days), then pruned. */
  retentionMs?: number;
  /** How often the active relay prunes (default 10 min). */
  pruneIntervalMs?: number;
  /** How often a standby relay tries to become the active one (default 5000 ms). */
  lockRetryMs?: number;
  /** Backoff while Redis (or Postgres) fails (defaults 200 ms … 5000 ms, full jitter). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  limits?: Partial<PublishLimits>;
}

export interface RelayStats {
  /** Whether this replica holds the schema's relay lock. */
  isLeader: boolean;
  /** When this replica last became the active relay (it LISTENs from then on); null while standing by. */
  leaderSince: Date | null;
  /** Events published (first publish only). */
  sent: number;
  /** Rows found already published (a re-run after a crash) and only marked sent. */
  duplicates: number;
  /** Failed publish attempts (each followed by a backoff). */
  failures: number;
  pruned: number;
  /** Retained events published again because Redis had lost its data. */
  replayed: number;
  lastSentAt: Date | null;
  /** Start of the current outage, null while Redis and Postgres answer. */
  outageSince: Date | null;
}

/** Two-key advisory locks live apart from one-key ones (appendEvents' per-owner locks, migrations). */
const LEADER_LOCK_CLASS = 0x7466;

/**
 * Moves outbox rows to the bus: one active relay per schema, however many replicas run one.
 *
 * Leadership is a session-level advisory lock held on a dedicated connection; standbys retry the lock
 * every `lockRetryMs`, and a leader whose connection dies loses the lock with it (Postgres releases it
 * when the session ends), so a standby takes over. The same connection LISTENs for the outbox
 * trigger's NOTIFY, and a poll every `pollIntervalMs` covers notifications lost with a reconnect.
 *
 * Rows are read in id order and published in batches (one pipeline, one Lua script per event), and
 * marked sent only after Redis answered. A crash in between re-runs the script later, which finds
 * its dedupe marker and does nothing. While Redis is away the relay backs off and retries; mutations
 * never wait for it, they only add rows.
 *
 * Redis restarted empty (no persistence) loses what the relay had sent and consumers had not yet
 * processed. Every publish is guarded by the schema's epoch key (`relayEpochKey`), checked in the
 * same script, and the key is also checked when the outbox is idle: when it is gone, the relay
 * publishes every retained sent row again, in id order, to the source streams only (consumers are
 * idempotent by event id, so what they had processed is skipped), then writes the key back and goes
 * on. The replay is guarded by a key of its own that becomes the epoch key (RENAME) only if it
 * survived the whole replay, so losing Redis again mid-replay starts the replay over.
 */
export class OutboxRelay {
  private readonly options: Required<
    Pick<
      RelayOptions,
      | 'pollIntervalMs'
      | 'batchSize'
      | 'retentionMs'
      | 'pruneIntervalMs'
      | 'lockRetryMs'
      | 'retryBaseMs'
      | 'retryMaxMs'
    >
  >;
  private readonly repository: OutboxRepository;
  private readonly publisher: EventPublisher;
  /** Set when publishing to Redis: the key whose absence means Redis lost its data. */
  private readonly epochKey: string | null;
  private readonly log: Logger;
  private readonly outage: OutageTracker;
  private readonly wake = new WakeSignal();
  private readonly abort = new AbortController();
  private readonly counters: Omit<RelayStats, 'isLeader' | 'leaderSince' | 'outageSince'> = {
    sent: 0,
    duplicates: 0,
    failures: 0,
    pruned: 0,
    replayed: 0,
    lastSentAt: null,
  };
  private isStopped = false;
  private isLeader = false;
  private leaderSince: Date | null = null;
  private loop: Promise<void> = Promise.resolve();
  /** Serialises publishing between the loop and `flush`, so rows are never published out of order. */
  private publishing: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: RelayOptions) {
    assertSchemaName(config.schema);
    this.options = {
      pollIntervalMs: config.pollIntervalMs ?? 1_000,
      batchSize: config.batchSize ?? 100,
      retentionMs: config.retentionMs ?? 7 * 24 * 60 * 60 * 1_000,
      pruneIntervalMs: config.pruneIntervalMs ?? 10 * 60 * 1_000,
      lockRetryMs: config.lockRetryMs ?? 5_000,
      retryBaseMs: config.retryBaseMs ?? 200,
      retryMaxMs: config.retryMaxMs ?? 5_000,
    };
    this.repository = new OutboxRepository(config.knex, config.schema);
    this.publisher = config.publisher ?? this.createRedisPublisher();
    this.epochKey =
      config.publisher || config.prefix === undefined ? null : relayEpochKey(config.prefix, config.schema);
    this.log = config.log.child({ component: 'OutboxRelay', schema: config.schema });
    this.outage = new OutageTracker(
      this.log,
      'event relay',
      this.options.retryBaseMs,
      this.options.retryMaxMs,
    );
  }

  get stats(): RelayStats {
    return {
      ...this.counters,
      isLeader: this.isLeader,
      leaderSince: this.leaderSince,
      outageSince: this.outage.outageSince,
    };
  }

  start(): this {
    this.loop = this.runLeadership();
    return this;
  }

  /** Stops publishing and releases the lock (a standby takes over); unsent rows stay for the next relay. */
  async stop(): Promise<void> {
    this.isStopped = true;
    this.abort.abort();
    this.wake.notify();
    await this.loop;
  }

  /**
   * Publishes every row unsent right now, waiting up to `timeoutMs` to become the active relay; for
   * tests and for a graceful shutdown. Returns how many rows were published; throws when publishing
   * fails (the rows stay for the loop to retry).
   */
  async flush(options: { timeoutMs?: number } = {}): Promise<number> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    while (!this.isLeader) {
      if (this.isStopped || Date.now() > deadline)
        throw new Error('this relay is not the active relay of its schema');
      await sleep(10);
    }
    let total = 0;
    for (;;) {
      const { count, hasMore } = await this.publishExclusively();
      total += count;
      if (!hasMore) return total;
    }
  }

  /** Deletes sent rows older than the retention window now; the active relay also does it periodically. */
  async prune(): Promise<number> {
    const pruned = await this.repository.pruneSent(this.options.retentionMs);
    this.counters.pruned += pruned;
    if (pruned > 0) this.log.debug({ pruned }, 'pruned sent outbox rows');
    return pruned;
  }

  private createRedisPublisher(): EventPublisher {
    const { redis, prefix, limits } = this.config;
    if (!redis || prefix === undefined)
      throw new TypeError('startRelay needs either a publisher or redis and prefix');
    return new RedisEventPublisher({ redis, prefix, limits });
  }

  private async runLeadership(): Promise<void> {
    let connectionFailures = 0;
    while (!this.isStopped) {
      let connection: Client | null = null;
      const session = { isLost: false };
      try {
        connection = (await this.config.knex.client.acquireRawConnection()) as Client;
        this.watchConnection(connection, session);
        connectionFailures = 0;
        if (!(await this.acquireLeadership(connection, session))) continue;
        // LISTEN only once leader: a standby has nothing to do with the notifications.
        await connection.query(`listen "${outboxChannel(this.config.schema)}"`);
        this.isLeader = true;
        this.leaderSince = new Date();
        this.log.info('relay is active for this schema');
        await this.publishWhileLeader(connection, session);
      } catch (error) {
        if (this.isStopped) break;
        connectionFailures += 1;
        if (connectionFailures === 1) {
          this.log.warn({ err: errorMessage(error) }, 'relay lost its database session, reconnecting');
        }
        await sleep(backoffDelay(Math.min(connectionFailures, 10), 200, 5_000) + 10, this.abort.signal);
      } finally {
        if (this.isLeader) this.log.info('relay stepped down');
        this.isLeader = false;
        this.leaderSince = null;
        // Ending the session releases the lock and the LISTEN at once.
        if (connection) await this.config.knex.client.destroyRawConnection(connection).catch(() => undefined);
      }
    }
  }

  private watchConnection(connection: Client, session: { isLost: boolean }): void {
    const channel = outboxChannel(this.config.schema);
    const markLost = () => {
      session.isLost = true;
      this.wake.notify();
    };
    connection.on('error', markLost);
    connection.on('end', markLost);
    connection.on('notification', (notification: Notification) => {
      if (notification.channel === channel) this.wake.notify();
    });
  }

  private async acquireLeadership(connection: Client, session: { isLost: boolean }): Promise<boolean> {
    let hasLoggedStandby = false;
    while (!this.isStopped && !session.isLost) {
      const result = await connection.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, hashtext($2)) as locked',
        [LEADER_LOCK_CLASS, `taskflow:relay:${this.config.schema}`],
      );
      if (result.rows[0]?.locked) return true;
      if (!hasLoggedStandby) this.log.info('another relay is active for this schema; standing by');
      hasLoggedStandby = true;
      await this.wake.wait(this.options.lockRetryMs, this.abort.signal);
    }
    return false;
  }

  private async publishWhileLeader(connection: Client, session: { isLost: boolean }): Promise<void> {
    let nextPruneAt = Date.now();
    while (!this.isStopped && !session.isLost) {
      let hasMore: boolean;
      try {
        ({ hasMore } = await this.publishExclusively());
        this.outage.recordSuccess();
      } catch (error) {
        this.counters.failures += 1;
        // Not woken by NOTIFY while failing: new rows must not turn the backoff into a busy loop.
        await sleep(this.outage.recordFailure(error), this.abort.signal);
        continue;
      }
      if (Date.now() >= nextPruneAt) {
        nextPruneAt = Date.now() + this.options.pruneIntervalMs;
        await this.prune().catch((error) =>
          this.log.warn({ err: errorMessage(error) }, 'pruning the outbox failed'),
        );
      }
      if (hasMore) continue;
      const isNotified = await this.wake.wait(this.options.pollIntervalMs, this.abort.signal);
      // A quiet interval: check that the session holding the lock is alive (a dead one throws, and the
      // relay reconnects and competes for the lock again).
      if (!isNotified && !this.isStopped && !session.isLost) await connection.query('select 1');
    }
  }

  private publishExclusively(): Promise<{ count: number; hasMore: boolean }> {
    const run = this.publishing.then(() => this.publishBatch());
    this.publishing = run.catch(() => undefined);
    return run;
  }

  private async publishBatch(): Promise<{ count: number; hasMore: boolean }> {
    const rows = await this.repository.readUnsent(this.options.batchSize);
    if (rows.length === 0) {
      // Idle: publishes would notice a loss, but nothing publishes, and consumers wait for lost events.
      if (this.epochKey && this.config.redis && (await this.config.redis.exists(this.epochKey)) === 0)
        await this.replayRetained();
      return { count: 0, hasMore: false };
    }
    const { results, error } = await this.publisher.publishBatch(rows.map(toEnvelope), {
      fallbackSource: this.config.source,
      guardKey: this.epochKey ?? undefined,
    });
    if (results.length > 0) {
      // Only what Redis confirmed. If this update fails, the next run re-publishes (a no-op) and retries.
      await this.repository.markSent(rows.slice(0, results.length).map((row) => row.id));
      const published = results.filter((result) => result.isNew).length;
      this.counters.sent += published;
      this.counters.duplicates += results.length - published;
      this.counters.lastSentAt = new Date();
    }
    if (error instanceof GuardKeyMissingError) {
      await this.replayRetained();
      return { count: results.length, hasMore: true };
    }
    if (error) {
      const failed = rows[results.length];
      if (failed) await this.repository.recordFailedAttempt(failed.id).catch(() => undefined);
      throw error;
    }
    return { count: results.length, hasMore: rows.length === this.options.batchSize };
  }

  /** See the class comment: publishes every retained sent row again, then writes the epoch key. */
  private async replayRetained(): Promise<void> {
    const { redis } = this.config;
    if (!this.epochKey || !redis) return;
    const replayKey = `${this.epochKey}:replay`;
    for (;;) {
      await redis.set(replayKey, new Date().toISOString());
      let afterId = '0';
      let replayed = 0;
      try {
        for (;;) {
          const rows = await this.repository.readSentAfter(afterId, this.options.batchSize);
          if (rows.length === 0) break;
          const { results, error } = await this.publisher.publishBatch(rows.map(toEnvelope), {
            fallbackSource: this.config.source,
            guardKey: replayKey,
            isReplay: true,
          });
          if (error) throw error;
          replayed += results.length;
          afterId = rows.at(-1)!.id;
        }
        await redis.rename(replayKey, this.epochKey);
      } catch (error) {
        const isLostAgain =
          error instanceof GuardKeyMissingError ||
          (error instanceof Error && /no such key/i.test(error.message));
        if (!isLostAgain) throw error;
        this.log.warn('Redis lost its data again during the replay: starting it over');
        continue;
      }
      this.counters.replayed += replayed;
      // The key is also missing on the first start against a Redis: nothing to say when nothing was sent.
      if (replayed > 0)
        this.log.warn(
          { replayed },
          'Redis had lost its data (no relay epoch key): retained events published again',
        );
      return;
    }
  }
}

/** Starts a relay for one subgraph's outbox; see `OutboxRelay`. */
export function startRelay(options: RelayOptions): OutboxRelay {
  return new OutboxRelay(options).start();
}
