import type { Logger } from '@taskflow/common';
import { assertValidEnvelope, type RawEnvelope } from '../envelope.js';
import { changeKindOf, type EventSource, type EventType } from '../event-types.js';
import { deadLetterStreamKey, eventStreamKey, userChangesKey } from '../keys.js';
import { type ChangesSince, changesFrom } from '../live/change-log.js';
import { buildNotice, type LiveNotice } from '../live/live-notice.js';
import { assertEventId } from '../live/stream-id.js';
import { toDeadLetter } from './dead-letter.js';
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
} from './event-bus.js';
import { InMemoryStreamStore, InMemoryStreamTransport } from './in-memory-stream-store.js';
import { LocalNoticeHub } from './local-notices.js';
import { defaultPublishLimits, type PublishLimits } from './publish-script.js';
import { resolveSource } from './redis-event-publisher.js';
import { startBusConsumer } from './stream-consumer.js';

export interface InMemoryEventBusOptions {
  log: Logger;
  /** Key prefix, so names match the Redis bus's (default `taskflow:`). */
  prefix?: string;
  limits?: Partial<PublishLimits>;
  deadLetterMaxLen?: number;
  /** How many published event ids are remembered for de-duplication (default 100,000). */
  dedupeCapacity?: number;
}

/**
 * The bus inside one process, for the embedded mode (no Redis): the same streams, groups, change log
 * and notices as `RedisEventBus`, in memory, and the same consumer code. Nothing survives a restart,
 * which is why the outbox (in the embedded database) stays the record of what must be delivered.
 */
export class InMemoryEventBus implements EventBus {
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly limits: PublishLimits;
  private readonly deadLetterMaxLen: number;
  private readonly dedupeCapacity: number;
  private readonly store = new InMemoryStreamStore();
  /** Event id → ids of its first publish; a Map keeps insertion order, so the oldest is evicted first. */
  private readonly published = new Map<string, { streamEntryId: string; eventId: string | null }>();
  private readonly notices: LocalNoticeHub;
  private readonly consumers = new Set<EventConsumer>();

  constructor(options: InMemoryEventBusOptions) {
    this.prefix = options.prefix ?? 'taskflow:';
    this.log = options.log.child({ component: 'InMemoryEventBus' });
    this.limits = { ...defaultPublishLimits, ...options.limits };
    this.deadLetterMaxLen = options.deadLetterMaxLen ?? 100_000;
    this.dedupeCapacity = options.dedupeCapacity ?? 100_000;
    this.notices = new LocalNoticeHub(this.log);
  }

  async publish(envelope: RawEnvelope, options: PublishOptions = {}): Promise<PublishResult> {
    assertValidEnvelope(envelope);
    const source = resolveSource(envelope, options);
    const previous = this.published.get(envelope.id);
    if (previous) return { isNew: false, ...previous };
    const streamEntryId = this.store.add(
      eventStreamKey(this.prefix, source),
      { event: JSON.stringify(envelope) },
      this.limits.streamMaxLen,
    );
    const notice = buildNotice(envelope);
    const eventId =
      changeKindOf(envelope.type) === null
        ? null
        : this.store.add(
            userChangesKey(this.prefix, envelope.ownerId),
            { notice: JSON.stringify(notice) },
            this.limits.changeLogMaxLen,
          );
    this.remember(envelope.id, { streamEntryId, eventId });
    this.notices.dispatch(envelope.ownerId, { ...notice, eventId });
    return { isNew: true, streamEntryId, eventId };
  }

  async publishBatch(
    envelopes: readonly RawEnvelope[],
    options?: PublishOptions,
  ): Promise<BatchPublishOutcome> {
    const results: PublishResult[] = [];
    for (const envelope of envelopes) {
      try {
        results.push(await this.publish(envelope, options));
      } catch (error) {
        return { results, error };
      }
    }
    return { results };
  }

  consume<T extends EventType = EventType>(options: ConsumeOptions<T>): EventConsumer {
    return startBusConsumer(options, {
      streamKeyOf: (source) => eventStreamKey(this.prefix, source as EventSource),
      log: this.log,
      running: this.consumers,
      transportFor: () =>
        new InMemoryStreamTransport(this.store, deadLetterStreamKey(this.prefix), this.deadLetterMaxLen),
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
    const { entries, trim } = this.store.rangeAfter(userChangesKey(this.prefix, userId), since, limit + 1);
    const read = entries.map((entry) => ({ id: entry.id, notice: entry.fields.notice }));
    return changesFrom(since, limit, read, trim);
  }

  async readDeadLetters(options: { count?: number } = {}): Promise<DeadLetter[]> {
    return this.store
      .tail(deadLetterStreamKey(this.prefix), options.count ?? 100)
      .map((entry) => toDeadLetter(entry.id, entry.fields));
  }

  async inspectGroup(source: EventSource, group: string): Promise<GroupInfo | null> {
    return this.store.inspectGroup(eventStreamKey(this.prefix, source), group);
  }

  async close(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    this.notices.clear();
  }

  private remember(id: string, ids: { streamEntryId: string; eventId: string | null }): void {
    this.published.set(id, ids);
    if (this.published.size > this.dedupeCapacity) {
      const oldest = this.published.keys().next().value;
      if (oldest !== undefined) this.published.delete(oldest);
    }
  }
}
