import type { Logger } from '@taskflow/common';
import type { AnyEventEnvelope, EnvelopeOf, RawEnvelope } from '../envelope.js';
import type { EventSource, EventType } from '../event-types.js';
import type { ChangesSince } from '../live/change-log.js';
import type { LiveNotice } from '../live/live-notice.js';
import type { PublishResult } from './publish-script.js';

export type { PublishResult };

export interface PublishOptions {
  /** The stream for an event type this build does not know (its declared source is used otherwise). */
  fallbackSource?: EventSource;
  /**
   * Redis only: publish only while this key exists, else fail with `GuardKeyMissingError` and write
   * nothing (the relay's check that Redis kept its data). Other buses ignore it.
   */
  guardKey?: string;
  /** Redis only: a re-publish after Redis lost its data: the source stream only, no live notice. */
  isReplay?: boolean;
}

export interface BatchPublishOutcome {
  /** Results of the envelopes published, in order: a prefix of the batch. */
  results: PublishResult[];
  /** Why the rest of the batch was not published; absent when all were. */
  error?: unknown;
}

/**
 * The publishing side: in production only the outbox relay calls it (services write to the outbox
 * in their own transaction); in embedded mode without Redis, services may call the in-memory bus's
 * `publish` after commit. Publishing is idempotent by envelope id.
 */
export interface EventPublisher {
  publish(envelope: RawEnvelope, options?: PublishOptions): Promise<PublishResult>;
  /** Publishes in order and stops at the first failure, so a per-owner order is never inverted. */
  publishBatch(envelopes: readonly RawEnvelope[], options?: PublishOptions): Promise<BatchPublishOutcome>;
}

/** Where a delivery came from; `log` is a child logger carrying the event's ids and correlation id. */
export interface Delivery {
  stream: string;
  messageId: string;
  group: string;
  consumer: string;
  log: Logger;
}

export type EventHandler<T extends EventType = EventType> = (
  envelope: EnvelopeOf<T>,
  delivery: Delivery,
) => Promise<void> | void;

export interface ConsumeOptions<T extends EventType = EventType> {
  /** The stream(s) to read: one consumer group per stream, all with the same name. */
  sources: EventSource | readonly EventSource[];
  /** Each group gets every event; within a group each event goes to one consumer. */
  group: string;
  /** Stable per process (e.g. hostname): a restarted consumer picks its own pending events up first. */
  consumer: string;
  /**
   * Runs once per delivery and must commit its own transaction before resolving: the event is
   * acknowledged only after it resolves, and redelivered (to this or another consumer) if it throws.
   * Make it idempotent by event id (`markProcessed`): delivery is at least once.
   */
  handler: EventHandler<T>;
  /** Only these types reach the handler; others are acknowledged and skipped. Default: all known types. */
  types?: readonly T[];
  /** Entries per read (default 16). */
  batchSize?: number;
  /** How long one read waits for new entries (default 5000 ms); also bounds how fast `stop` returns. */
  blockMs?: number;
  /** Deliveries before an event is moved to the dead-letter stream (default 5). */
  maxAttempts?: number;
  /**
   * An event pending this long with another consumer counts as abandoned and is claimed (default
   * 60 s). Must exceed the slowest handler run, or a slow event is handled twice (harmless, but waste).
   */
  claimIdleMs?: number;
  /** How often to look for abandoned events (default claimIdleMs / 2, at most 30 s). */
  claimIntervalMs?: number;
  /** Backoff between retries of a failed event and while Redis is away (defaults 200 ms … 30 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface ConsumerStats {
  /** Events the handler finished (and that were acknowledged). */
  processed: number;
  /** Handler failures (each retried or dead-lettered). */
  failed: number;
  deadLettered: number;
  /** Events taken over from other consumers (or from this consumer's previous life). */
  claimed: number;
  /** Events acknowledged without running the handler (type filtered out or unknown). */
  skipped: number;
  /** Failed calls to the bus itself (Redis away), each followed by a backoff. */
  transportErrors: number;
}

/** Counters of consumers added up (none: all zero), for a process that runs several. */
export function sumConsumerStats(all: readonly Readonly<ConsumerStats>[]): ConsumerStats {
  const total: ConsumerStats = {
    processed: 0,
    failed: 0,
    deadLettered: 0,
    claimed: 0,
    skipped: 0,
    transportErrors: 0,
  };
  for (const stats of all)
    for (const key of Object.keys(total) as (keyof ConsumerStats)[]) total[key] += stats[key];
  return total;
}

export interface EventConsumer {
  /** Resolves once the consumer groups exist (immediately after start unless the bus is unreachable). */
  readonly ready: Promise<void>;
  readonly stats: Readonly<ConsumerStats>;
  /** Stops reading, lets the running handler finish and acknowledges it. */
  stop(): Promise<void>;
}

export interface DeadLetter {
  /** The dead-letter stream's entry id. */
  id: string;
  /** The envelope, when the entry could be parsed. */
  envelope: RawEnvelope | null;
  /** The entry's event field as it was on the source stream. */
  raw: string | null;
  stream: string;
  messageId: string;
  group: string;
  consumer: string;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface GroupInfo {
  /** Delivered but not yet acknowledged. */
  pending: number;
  /** Entries not yet delivered to the group (null when Redis cannot tell). */
  lag: number | null;
  consumers: number;
}

export type Unsubscribe = () => Promise<void>;

export interface NoticeSubscriptionOptions {
  /**
   * Runs when notices may have been missed (the bus's connection was lost and is back), once the
   * listener receives notices again: read the change log from the last eventId seen to catch up.
   * Buses inside one process never miss notices and never call it.
   */
  onResume?: () => void;
}

/**
 * The event bus: durable streams with consumer groups, the per-user change log and live notices.
 * `RedisEventBus` serves production; `InMemoryEventBus` serves an embedded single-process mode and
 * passes the same contract tests (test/event-bus-contract.ts).
 */
export interface EventBus extends EventPublisher {
  consume<T extends EventType = EventType>(options: ConsumeOptions<T>): EventConsumer;
  /** Live notices of one user's events; the listener runs for each, in publish order. */
  subscribeNotices(
    userId: string,
    listener: (notice: LiveNotice) => void,
    options?: NoticeSubscriptionOptions,
  ): Promise<Unsubscribe>;
  /**
   * The user's task changes after `since` (an eventId), at most `limit` (default 1,000) per read;
   * BAD_USER_INPUT for a malformed `since`.
   */
  readChangesSince(userId: string, since: string, options?: { limit?: number }): Promise<ChangesSince>;
  /** The newest dead letters, oldest first. */
  readDeadLetters(options?: { count?: number }): Promise<DeadLetter[]>;
  /** A consumer group's backlog, or null if the group does not exist. */
  inspectGroup(source: EventSource, group: string): Promise<GroupInfo | null>;
  /** Stops every consumer and subscription this bus started (connections passed in stay open). */
  close(): Promise<void>;
}

export type { AnyEventEnvelope };
