import type { Knex, Logger } from '@taskflow/common';
import { assertValidEnvelope, type RawEnvelope } from '../../envelope.js';
import { changeKindOf, type EventSource, type EventType } from '../../event-types.js';
import { deadLetterStreamKey, eventStreamKey, userChangesKey } from '../../keys.js';
import { type ChangesSince, changesFrom } from '../../live/change-log.js';
import { buildNotice, type LiveNotice } from '../../live/live-notice.js';
import { assertEventId } from '../../live/stream-id.js';
import { toDeadLetter } from '../dead-letter.js';
import type {
  BatchPublishOutcome,
  ConsumeOptions,
  DeadLetter,
  EventBus,
  EventConsumer,
  GroupInfo,
  PublishOptions,
  PublishResult,
  Unsubscribe,
} from '../event-bus.js';
import { LocalNoticeHub } from '../local-notices.js';
import { defaultPublishLimits, type PublishLimits } from '../publish-script.js';
import { resolveSource } from '../redis-event-publisher.js';
import { startBusConsumer } from '../stream-consumer.js';
import { defaultDurableBusSchema, migrateDurableBus } from './durable-bus-migration.js';
import { SqlStreamStore } from './sql-stream-store.js';
import { SqlStreamTransport } from './sql-stream-transport.js';

export interface DurableLocalBusOptions {
  /**
   * The database the bus keeps its tables in (PGlite through knex-pglite, or a node-pg pool). Not
   * destroyed by `close`. Never call the bus from inside a transaction of your own on a
   * single-connection database: its queries would wait for your transaction, which waits for them.
   */
  knex: Knex;
  log: Logger;
  /** The bus's schema (default `bus`). */
  schema?: string;
  /** Stream names, as the Redis bus's keys (default `taskflow:`). */
  prefix?: string;
  limits?: Partial<PublishLimits>;
  /** Cap of the dead-letter stream (default 100,000). */
  deadLetterMaxLen?: number;
  /** How often expired dedupe markers and change logs are dropped, at most (default 60 s). */
  pruneIntervalMs?: number;
}

interface Published {
  envelope: RawEnvelope;
  result: PublishResult;
}

/**
 * The event bus of the embedded mode, durable without Redis: streams, consumer groups, pending
 * entries, dead letters, the change log and the dedupe markers are rows in SQL (`SqlStreamStore`),
 * so an event published before a crash is delivered after the restart, and one whose handler did not
 * finish is delivered again. The consumer logic is `StreamConsumer`, the same as the Redis and
 * in-memory buses'; live notices are an in-process hub, emitted once the entry is committed.
 */
export class DurableLocalEventBus implements EventBus {
  private readonly store: SqlStreamStore;
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly limits: PublishLimits;
  private readonly deadLetterMaxLen: number;
  private readonly pruneIntervalMs: number;
  private readonly notices: LocalNoticeHub;
  private readonly consumers = new Set<EventConsumer>();
  private nextPruneAt = 0;
  private pruning: Promise<void> | null = null;

  constructor(options: DurableLocalBusOptions) {
    this.store = new SqlStreamStore(options.knex, options.schema ?? defaultDurableBusSchema);
    this.prefix = options.prefix ?? 'taskflow:';
    this.log = options.log.child({ component: 'DurableLocalEventBus' });
    this.limits = { ...defaultPublishLimits, ...options.limits };
    this.deadLetterMaxLen = options.deadLetterMaxLen ?? 100_000;
    this.pruneIntervalMs = options.pruneIntervalMs ?? 60_000;
    this.notices = new LocalNoticeHub(this.log);
  }

  async publish(envelope: RawEnvelope, options: PublishOptions = {}): Promise<PublishResult> {
    assertValidEnvelope(envelope);
    const [published] = await this.commit([envelope], options);
    return published!.result;
  }

  /**
   * The valid prefix of the batch in one transaction (one commit for all: the relay's batches are
   * cheap), stopping at the first invalid envelope. A failed transaction publishes none of them.
   */
  async publishBatch(
    envelopes: readonly RawEnvelope[],
    options: PublishOptions = {},
  ): Promise<BatchPublishOutcome> {
    const valid: RawEnvelope[] = [];
    let error: unknown;
    for (const envelope of envelopes) {
      try {
        assertValidEnvelope(envelope);
      } catch (invalid) {
        error = invalid;
        break;
      }
      valid.push(envelope);
    }
    if (valid.length === 0) return error === undefined ? { results: [] } : { results: [], error };
    try {
      const published = await this.commit(valid, options);
      const results = published.map((entry) => entry.result);
      return error === undefined ? { results } : { results, error };
    } catch (failure) {
      return { results: [], error: failure };
    }
  }

  consume<T extends EventType = EventType>(options: ConsumeOptions<T>): EventConsumer {
    return startBusConsumer(options, {
      streamKeyOf: (source) => eventStreamKey(this.prefix, source as EventSource),
      log: this.log,
      running: this.consumers,
      transportFor: () =>
        new SqlStreamTransport(this.store, deadLetterStreamKey(this.prefix), this.deadLetterMaxLen),
    });
  }

  async subscribeNotices(userId: string, listener: (notice: LiveNotice) => void): Promise<Unsubscribe> {
    return this.notices.subscribe(userId, listener);
  }

  async readChangesSince(
    userId: string,
    since: string,
    options: { limit?: number } = {},
  ): Promise<ChangesSince> {
    assertEventId(since);
    const limit = options.limit ?? 1_000;
    const { entries, trim } = await this.store.rangeAfter(
      userChangesKey(this.prefix, userId),
      since,
      limit + 1,
      Date.now(),
    );
    const read = entries.map((entry) => ({ id: entry.id, notice: entry.fields.notice }));
    return changesFrom(since, limit, read, trim);
  }

  async readDeadLetters(options: { count?: number } = {}): Promise<DeadLetter[]> {
    const entries = await this.store.tail(deadLetterStreamKey(this.prefix), options.count ?? 100);
    return entries.map((entry) => toDeadLetter(entry.id, entry.fields));
  }

  inspectGroup(source: EventSource, group: string): Promise<GroupInfo | null> {
    return this.store.inspectGroup(eventStreamKey(this.prefix, source), group);
  }

  /** Stops the consumers and drops the listeners; the knex handle stays open (its owner closes it). */
  async close(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await this.pruning;
    this.notices.clear();
  }

  /** Drops expired dedupe markers and change logs now (it also happens on its own while publishing). */
  async prune(): Promise<{ markers: number; streams: number }> {
    return this.store.prune(Date.now());
  }

  /**
   * Writes the envelopes' entries and markers in one transaction; then, committed, wakes the
   * consumers and sends the live notices. What this process crashes before committing was never
   * published (the relay publishes it again from the outbox); what it committed is delivered.
   */
  private async commit(envelopes: readonly RawEnvelope[], options: PublishOptions): Promise<Published[]> {
    const now = Date.now();
    const published = await this.store.knex.transaction(async (trx) => {
      const done: Published[] = [];
      for (const envelope of envelopes)
        done.push({ envelope, result: await this.write(trx, envelope, options, now) });
      return done;
    });
    if (published.some((entry) => entry.result.isNew)) this.store.notifyAdded();
    for (const { envelope, result } of published) {
      if (!result.isNew) continue;
      this.notices.dispatch(envelope.ownerId, { ...buildNotice(envelope), eventId: result.eventId });
    }
    this.pruneWhenDue(now);
    return published;
  }

  private async write(
    trx: Knex.Transaction,
    envelope: RawEnvelope,
    options: PublishOptions,
    now: number,
  ): Promise<PublishResult> {
    const previous = await this.store.takeMarker(
      trx,
      envelope.id,
      now + this.limits.dedupeTtlSeconds * 1_000,
      now,
    );
    if (previous) return { isNew: false, ...previous };
    const streamEntryId = await this.store.add(
      trx,
      eventStreamKey(this.prefix, resolveSource(envelope, options)),
      { event: JSON.stringify(envelope) },
      { maxLen: this.limits.streamMaxLen, now },
    );
    const eventId =
      changeKindOf(envelope.type) === null
        ? null
        : await this.store.add(
            trx,
            userChangesKey(this.prefix, envelope.ownerId),
            { notice: JSON.stringify(buildNotice(envelope)) },
            { maxLen: this.limits.changeLogMaxLen, ttlMs: this.limits.changeLogTtlSeconds * 1_000, now },
          );
    await this.store.recordMarker(trx, envelope.id, { streamEntryId, eventId });
    return { isNew: true, streamEntryId, eventId };
  }

  /** Prunes in the background after a publish, at most once per interval and one at a time. */
  private pruneWhenDue(now: number): void {
    if (now < this.nextPruneAt || this.pruning) return;
    this.nextPruneAt = now + this.pruneIntervalMs;
    this.pruning = this.store
      .prune(now)
      .then(() => undefined)
      .catch((error: unknown) => this.log.warn({ err: error }, 'pruning the durable bus failed'))
      .finally(() => {
        this.pruning = null;
      });
  }
}

/**
 * Migrates the bus's schema (idempotent) and returns the bus. The host of the embedded mode builds
 * one per process on its PGlite knex: the relay publishes to it, consumers consume from it, the
 * gateway subscribes to its notices and reads its change log.
 */
export async function createDurableLocalBus(options: DurableLocalBusOptions): Promise<DurableLocalEventBus> {
  await migrateDurableBus(options.knex, { schema: options.schema });
  return new DurableLocalEventBus(options);
}
