import type { Logger } from '@taskflow/common';
import type { Redis } from 'ioredis';
import type { RawEnvelope } from '../envelope.js';
import type { EventSource, EventType } from '../event-types.js';
import { duplicateConnection, toFieldMap } from '../internal/redis-connection.js';
import { deadLetterStreamKey, eventStreamKey, userChannel } from '../keys.js';
import { type ChangesSince, readChangesSince } from '../live/change-log.js';
import { type LiveNotice, parseLiveNotice } from '../live/live-notice.js';
import { toDeadLetter } from './dead-letter.js';
import type {
  BatchPublishOutcome,
  ConsumeOptions,
  DeadLetter,
  EventBus,
  EventConsumer,
  GroupInfo,
  NoticeSubscriptionOptions,
  PublishOptions,
  PublishResult,
  Unsubscribe,
} from './event-bus.js';
import type { PublishLimits } from './publish-script.js';
import { RedisEventPublisher } from './redis-event-publisher.js';
import { RedisStreamTransport } from './redis-stream-transport.js';
import { startBusConsumer } from './stream-consumer.js';

export interface RedisEventBusOptions {
  /** For commands (publish, ack, claim, reads). Not closed by the bus; it opens its own extra connections. */
  redis: Redis;
  /** Key prefix (REDIS_PREFIX), e.g. `taskflow:`. */
  prefix: string;
  log: Logger;
  limits?: Partial<PublishLimits>;
  /** Approximate cap of the dead-letter stream (default 100,000). */
  deadLetterMaxLen?: number;
}

interface NoticeListener {
  onNotice: (notice: LiveNotice) => void;
  onResume?: () => void;
}

interface NoticeSubscription {
  listeners: Set<NoticeListener>;
  subscribed: Promise<unknown>;
}

/** The production bus: Redis streams with consumer groups, a capped change log per user, pub/sub. */
export class RedisEventBus implements EventBus {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly publisher: RedisEventPublisher;
  private readonly deadLetterMaxLen: number;
  private readonly consumers = new Set<EventConsumer>();
  private subscriber: Redis | null = null;
  private readonly subscriptions = new Map<string, NoticeSubscription>();

  constructor(options: RedisEventBusOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.log = options.log.child({ component: 'RedisEventBus' });
    this.publisher = new RedisEventPublisher({
      redis: options.redis,
      prefix: options.prefix,
      limits: options.limits,
    });
    this.deadLetterMaxLen = options.deadLetterMaxLen ?? 100_000;
  }

  publish(envelope: RawEnvelope, options?: PublishOptions): Promise<PublishResult> {
    return this.publisher.publish(envelope, options);
  }

  publishBatch(envelopes: readonly RawEnvelope[], options?: PublishOptions): Promise<BatchPublishOutcome> {
    return this.publisher.publishBatch(envelopes, options);
  }

  consume<T extends EventType = EventType>(options: ConsumeOptions<T>): EventConsumer {
    return startBusConsumer(options, {
      streamKeyOf: (source) => eventStreamKey(this.prefix, source as EventSource),
      log: this.log,
      running: this.consumers,
      transportFor: (settings, log) =>
        new RedisStreamTransport(
          this.redis,
          deadLetterStreamKey(this.prefix),
          this.deadLetterMaxLen,
          log,
          // CLIENT SETNAME refuses spaces; the name only labels the connection in CLIENT LIST.
          `events:${settings.group}:${settings.consumer}`.replace(/[^\w:.-]/g, '_'),
        ),
    });
  }

  async subscribeNotices(
    userId: string,
    onNotice: (notice: LiveNotice) => void,
    options: NoticeSubscriptionOptions = {},
  ): Promise<Unsubscribe> {
    const listener: NoticeListener = { onNotice, onResume: options.onResume };
    const channel = userChannel(this.prefix, userId);
    const subscriber = this.ensureSubscriber();
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      const subscribed = subscriber.subscribe(channel).catch((error: unknown) => {
        // Forget a failed subscription, so the next caller tries again instead of awaiting this failure.
        this.subscriptions.delete(channel);
        throw error;
      });
      subscription = { listeners: new Set(), subscribed };
      this.subscriptions.set(channel, subscription);
    }
    subscription.listeners.add(listener);
    try {
      await subscription.subscribed;
    } catch (error) {
      subscription.listeners.delete(listener);
      throw error;
    }
    return async () => {
      const current = this.subscriptions.get(channel);
      if (!current?.listeners.delete(listener) || current.listeners.size > 0) return;
      this.subscriptions.delete(channel);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    };
  }

  readChangesSince(userId: string, since: string, options?: { limit?: number }): Promise<ChangesSince> {
    return readChangesSince(this.redis, this.prefix, userId, since, options);
  }

  async readDeadLetters(options: { count?: number } = {}): Promise<DeadLetter[]> {
    const reply = (await this.redis.call(
      'XREVRANGE',
      deadLetterStreamKey(this.prefix),
      '+',
      '-',
      'COUNT',
      String(options.count ?? 100),
    )) as [string, string[]][];
    return reply.reverse().map(([id, fields]) => toDeadLetter(id, toFieldMap(fields)));
  }

  async inspectGroup(source: EventSource, group: string): Promise<GroupInfo | null> {
    let groups: unknown[][];
    try {
      groups = (await this.redis.call('XINFO', 'GROUPS', eventStreamKey(this.prefix, source))) as unknown[][];
    } catch (error) {
      if (error instanceof Error && /no such key/i.test(error.message)) return null;
      throw error;
    }
    for (const row of groups) {
      const info = toFieldMap(row);
      if (info.name !== group) continue;
      const lag = info.lag === undefined || info.lag === '' ? null : Number(info.lag);
      return {
        pending: Number(info.pending ?? 0),
        lag: Number.isNaN(lag) ? null : lag,
        consumers: Number(info.consumers ?? 0),
      };
    }
    return null;
  }

  async close(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    this.subscriptions.clear();
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    // A subscribed connection can run nothing else; ioredis re-subscribes it after a reconnect.
    const subscriber = duplicateConnection(this.redis, this.log, 'events:notices');
    subscriber.on('message', (channel: string, message: string) => this.dispatchNotice(channel, message));
    // Pub/sub keeps nothing for a connection that is away: after a reconnect, listeners catch up
    // from the change log (onResume), once their channels are subscribed again.
    let lost = false;
    subscriber.on('close', () => {
      lost = true;
    });
    subscriber.on('ready', () => {
      if (!lost) return;
      lost = false;
      void this.resumeSubscriptions(subscriber);
    });
    this.subscriber = subscriber;
    return subscriber;
  }

  private async resumeSubscriptions(subscriber: Redis): Promise<void> {
    const channels = [...this.subscriptions.keys()];
    if (channels.length === 0) return;
    try {
      // ioredis re-subscribes on its own; this reply proves it is done before anyone reads the log.
      await subscriber.subscribe(...channels);
    } catch (error) {
      // Lost again; the next 'ready' tries again.
      this.log.warn({ err: (error as Error).message }, 'could not re-subscribe live notices');
      return;
    }
    this.log.info({ channels: channels.length }, 'live notices resumed after a reconnect');
    for (const channel of channels) {
      for (const listener of this.subscriptions.get(channel)?.listeners ?? []) {
        try {
          listener.onResume?.();
        } catch (error) {
          this.log.error({ channel, err: error }, 'live notice resume failed');
        }
      }
    }
  }

  private dispatchNotice(channel: string, message: string): void {
    const subscription = this.subscriptions.get(channel);
    if (!subscription) return;
    let notice: LiveNotice;
    try {
      notice = parseLiveNotice(message);
    } catch (error) {
      this.log.warn({ channel, err: (error as Error).message }, 'ignoring a malformed live notice');
      return;
    }
    for (const listener of subscription.listeners) {
      try {
        listener.onNotice(notice);
      } catch (error) {
        this.log.error({ channel, err: error }, 'live notice listener failed');
      }
    }
  }
}
