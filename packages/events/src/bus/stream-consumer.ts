import { backoffDelay, type Logger, sleep } from '@taskflow/common';
import { type AnyEventEnvelope, parseEnvelopeJson, type RawEnvelope } from '../envelope.js';
import type { EventType } from '../event-types.js';
import { errorMessage, OutageTracker } from '../internal/outage-tracker.js';
import { isNoGroupError } from '../internal/redis-connection.js';
import {
  type ConsumeOptions,
  type ConsumerStats,
  type Delivery,
  type EventConsumer,
  type EventHandler,
  sumConsumerStats,
} from './event-bus.js';
import { isInfrastructureError } from './infrastructure-error.js';
import type { StreamMessage, StreamTransport } from './stream-transport.js';

export interface StreamConsumerSettings {
  streams: readonly string[];
  group: string;
  consumer: string;
  handler: EventHandler;
  types: ReadonlySet<string> | null;
  batchSize: number;
  blockMs: number;
  maxAttempts: number;
  claimIdleMs: number;
  claimIntervalMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Fills in the defaults documented on `ConsumeOptions`. */
export function resolveConsumerSettings<T extends EventType>(
  options: ConsumeOptions<T>,
  streamKeyOf: (source: string) => string,
): StreamConsumerSettings {
  const sources = typeof options.sources === 'string' ? [options.sources] : [...options.sources];
  if (sources.length === 0) throw new TypeError('consume needs at least one source');
  if (!options.group || !options.consumer) throw new TypeError('consume needs a group and a consumer name');
  const claimIdleMs = options.claimIdleMs ?? 60_000;
  return {
    streams: [...new Set(sources)].map(streamKeyOf),
    group: options.group,
    consumer: options.consumer,
    handler: options.handler as EventHandler,
    types: options.types ? new Set<string>(options.types) : null,
    batchSize: positive(options.batchSize ?? 16, 'batchSize'),
    blockMs: positive(options.blockMs ?? 5_000, 'blockMs'),
    maxAttempts: positive(options.maxAttempts ?? 5, 'maxAttempts'),
    claimIdleMs: positive(claimIdleMs, 'claimIdleMs'),
    claimIntervalMs: positive(
      options.claimIntervalMs ?? Math.min(Math.ceil(claimIdleMs / 2), 30_000),
      'claimIntervalMs',
    ),
    retryBaseMs: positive(options.retryBaseMs ?? 200, 'retryBaseMs'),
    retryMaxMs: positive(options.retryMaxMs ?? 30_000, 'retryMaxMs'),
  };
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number`);
  return value;
}

interface ScheduledRetry {
  stream: string;
  id: string;
  dueAt: number;
  backoffMs: number;
}

const retryKey = (stream: string, id: string) => `${stream} ${id}`;

/**
 * One consumer of a consumer group, handling one event at a time (so a consumer sees a stream in
 * order; run more consumers for throughput). Each loop turn:
 *  1. retries its own failed events that are due (XCLAIM with a min-idle equal to the backoff, so an
 *     event another consumer took over meanwhile is not handled twice at once),
 *  2. now and then claims events abandoned by dead consumers (XAUTOCLAIM),
 *  3. reads new events (XREADGROUP, blocking until one arrives or the next retry is due).
 * An event is acknowledged only after the handler resolved; a failed one stays pending and is retried
 * with backoff; after `maxAttempts` deliveries it goes to the dead-letter stream. Transport errors
 * (Redis away) are retried with backoff for ever, logged once per outage. So is a handler that fails
 * because what it needs is away (`isInfrastructureError`: Postgres restarting, a pool timing out):
 * the event was never really tried, so the consumer keeps it and tries it again in place, without a
 * redelivery, and the outage spends none of its attempts.
 */
export class StreamConsumer implements EventConsumer {
  readonly ready: Promise<void>;
  readonly stats: ConsumerStats = sumConsumerStats([]);

  private isRunning = true;
  private readonly abort = new AbortController();
  private readonly retries = new Map<string, ScheduledRetry>();
  private readonly claimCursors = new Map<string, string>();
  private nextClaimAt = 0;
  private readonly outage: OutageTracker;
  private readonly handlerOutage: OutageTracker;
  private readonly loop: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly transport: StreamTransport,
    private readonly settings: StreamConsumerSettings,
    private readonly log: Logger,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.outage = new OutageTracker(log, 'event consumer', settings.retryBaseMs, settings.retryMaxMs);
    this.handlerOutage = new OutageTracker(
      log,
      'event handler (a service it needs is away)',
      settings.retryBaseMs,
      settings.retryMaxMs,
    );
    this.loop = this.run();
  }

  /**
   * Stops after the event being handled (acknowledged if it succeeded). Events read in the same batch
   * but not yet handled stay pending: a restart under the same name resumes them at once, any other
   * consumer of the group claims them after claimIdleMs.
   */
  async stop(): Promise<void> {
    if (this.isRunning) {
      this.isRunning = false;
      this.abort.abort();
      this.transport.interrupt();
    }
    await this.loop;
    await this.transport.close();
  }

  private async run(): Promise<void> {
    const { streams, group, consumer, batchSize } = this.settings;
    let hasGroups = false;
    let mustRecoverOwn = true;
    let isRecreatingGroups = false;
    while (this.isRunning) {
      try {
        if (!hasGroups) {
          for (const stream of streams) await this.transport.ensureGroup(stream, group);
          hasGroups = true;
          this.markReady();
        }
        if (mustRecoverOwn) {
          // Events this consumer name had pending (a previous life that crashed, or acks lost while
          // Redis was away) would otherwise wait claimIdleMs for XAUTOCLAIM.
          await this.recoverOwnPending();
          mustRecoverOwn = false;
        }
        await this.retryDue();
        await this.claimAbandoned();
        if (!this.isRunning) break;
        const messages = await this.transport.readNew(
          streams,
          group,
          consumer,
          batchSize,
          this.blockDuration(),
        );
        await this.handleAll(messages, false);
        isRecreatingGroups = false;
        if (this.outage.recordSuccess()) mustRecoverOwn = true;
      } catch (error) {
        if (!this.isRunning) break;
        if (isNoGroupError(error)) {
          // The stream or group vanished (Redis restarted without persistence, key deleted): recreate
          // it from the start of whatever the stream now holds. At once the first time; with backoff
          // if it keeps vanishing.
          this.log.warn({ group, streams }, 'consumer group missing, recreating it');
          hasGroups = false;
          mustRecoverOwn = true;
          if (!isRecreatingGroups) {
            isRecreatingGroups = true;
            continue;
          }
        }
        this.stats.transportErrors += 1;
        await sleep(this.outage.recordFailure(error), this.abort.signal);
      }
    }
  }

  /** Waits for new events no longer than until the next retry or claim scan is due. */
  private blockDuration(): number {
    const now = Date.now();
    let until = now + this.settings.blockMs;
    for (const retry of this.retries.values()) until = Math.min(until, retry.dueAt);
    until = Math.min(until, this.nextClaimAt);
    // Never 0: BLOCK 0 means "wait for ever".
    return Math.max(until - now, 1);
  }

  private async recoverOwnPending(): Promise<void> {
    const { group, consumer, batchSize } = this.settings;
    for (const stream of this.settings.streams) {
      let afterId = '0-0';
      while (this.isRunning) {
        const messages = await this.transport.readOwnPending(stream, group, consumer, afterId, batchSize);
        if (messages.length === 0) break;
        afterId = messages.at(-1)!.id;
        // Failed events waiting for their backoff keep waiting.
        const toHandle = messages.filter((message) => !this.retries.has(retryKey(stream, message.id)));
        this.stats.claimed += toHandle.length;
        await this.handleAll(toHandle, true);
        if (messages.length < batchSize) break;
      }
    }
  }

  private async retryDue(): Promise<void> {
    const now = Date.now();
    const dueByStream = new Map<string, ScheduledRetry[]>();
    for (const retry of this.retries.values()) {
      if (retry.dueAt > now) continue;
      dueByStream.set(retry.stream, [...(dueByStream.get(retry.stream) ?? []), retry]);
    }
    for (const [stream, due] of dueByStream) {
      // The idle time of a failed event is at least its backoff; if it is less, another consumer has
      // delivered it since, and it is theirs now (a couple of ms spare for clock rounding).
      const minIdleMs = Math.max(0, Math.min(...due.map((retry) => retry.backoffMs)) - 2);
      const messages = await this.transport.claim(
        stream,
        this.settings.group,
        this.settings.consumer,
        minIdleMs,
        due.map((retry) => retry.id),
      );
      for (const retry of due) this.retries.delete(retryKey(stream, retry.id));
      await this.handleAll(messages, true);
    }
  }

  private async claimAbandoned(): Promise<void> {
    if (Date.now() < this.nextClaimAt) return;
    const { group, consumer, claimIdleMs, batchSize } = this.settings;
    let isMore = false;
    for (const stream of this.settings.streams) {
      const cursor = this.claimCursors.get(stream) ?? '0-0';
      const result = await this.transport.claimIdle(stream, group, consumer, claimIdleMs, cursor, batchSize);
      this.claimCursors.set(stream, result.nextCursor);
      if (result.deletedIds.length > 0) {
        this.log.error(
          { stream, group, messageIds: result.deletedIds },
          'pending events were trimmed from the stream before being handled; raise the stream MAXLEN',
        );
      }
      if (result.messages.length > 0) {
        this.log.info(
          { stream, group, count: result.messages.length },
          'claimed events abandoned by another consumer',
        );
      }
      this.stats.claimed += result.messages.length;
      await this.handleAll(result.messages, true);
      isMore ||= result.nextCursor !== '0-0' && result.messages.length === batchSize;
    }
    // A full page means more may be waiting: scan again on the next turn instead of after the interval.
    this.nextClaimAt = isMore ? Date.now() : Date.now() + this.settings.claimIntervalMs;
  }

  /**
   * Handles messages in order. Redelivered messages (claimed, retried) are checked against
   * `maxAttempts` first: a handler that crashes its process never gets to record its failure, and
   * without this check such an event would be claimed, and crash the next consumer, for ever.
   */
  private async handleAll(messages: readonly StreamMessage[], isRedelivery: boolean): Promise<void> {
    if (messages.length === 0) return;
    const countsByStream = new Map<string, Map<string, number>>();
    if (isRedelivery) {
      for (const stream of new Set(messages.map((message) => message.stream))) {
        const ids = messages.filter((message) => message.stream === stream).map((message) => message.id);
        countsByStream.set(stream, await this.transport.deliveryCounts(stream, this.settings.group, ids));
      }
    }
    for (const message of messages) {
      if (!this.isRunning) return;
      const deliveries = countsByStream.get(message.stream)?.get(message.id);
      await this.handleOne(message, deliveries);
    }
  }

  private async handleOne(message: StreamMessage, deliveries: number | undefined): Promise<void> {
    const { group, consumer, maxAttempts } = this.settings;
    this.retries.delete(retryKey(message.stream, message.id));
    if (!message.fields) {
      this.log.error(
        { stream: message.stream, group, messageId: message.id },
        'a pending event was trimmed from the stream before being handled; raise the stream MAXLEN',
      );
      await this.transport.ack(message.stream, group, message.id);
      return;
    }
    const raw = message.fields.event ?? null;
    const parsed = parseEnvelopeJson(raw);
    if (parsed.kind === 'invalid') {
      await this.deadLetter(message, null, deliveries ?? 1, `invalid envelope: ${parsed.reason}`);
      return;
    }
    if (deliveries !== undefined && deliveries > maxAttempts) {
      const reason = `delivered ${deliveries - 1} times without being acknowledged (consumer crashed or stalled)`;
      await this.deadLetter(message, parsed.envelope, deliveries - 1, reason);
      return;
    }
    if (
      parsed.kind === 'unknown-type' ||
      (this.settings.types && !this.settings.types.has(parsed.envelope.type))
    ) {
      if (parsed.kind === 'unknown-type') {
        this.log.debug(
          { type: parsed.envelope.type, eventId: parsed.envelope.id },
          'skipping an event of unknown type',
        );
      }
      this.stats.skipped += 1;
      await this.transport.ack(message.stream, group, message.id);
      return;
    }
    const envelope: AnyEventEnvelope = parsed.envelope;
    const log = this.log.child({
      eventId: envelope.id,
      type: envelope.type,
      correlationId: envelope.correlationId,
      messageId: message.id,
    });
    const delivery: Delivery = { stream: message.stream, messageId: message.id, group, consumer, log };
    if (!(await this.handleUntilTried(envelope, delivery, message, log))) return;
    await this.transport.ack(message.stream, group, message.id);
    this.stats.processed += 1;
  }

  /**
   * Runs the handler until it succeeds (true) or fails on the event itself (recorded; false). While it
   * fails for want of Postgres or Redis it waits and runs again here: the event stays pending with
   * this consumer, its delivery count unchanged. Stopped meanwhile: false, the event left pending.
   */
  private async handleUntilTried(
    envelope: AnyEventEnvelope,
    delivery: Delivery,
    message: StreamMessage,
    log: Logger,
  ): Promise<boolean> {
    for (;;) {
      try {
        await this.settings.handler(envelope, delivery);
        this.handlerOutage.recordSuccess();
        return true;
      } catch (error) {
        if (!isInfrastructureError(error)) {
          await this.recordFailure(message, envelope, error, log);
          return false;
        }
        if (!this.isRunning) return false;
        await sleep(this.handlerOutage.recordFailure(error), this.abort.signal);
        if (!this.isRunning) return false;
      }
    }
  }

  private async recordFailure(message: StreamMessage, envelope: RawEnvelope, error: unknown, log: Logger) {
    const { group, maxAttempts, retryBaseMs, retryMaxMs } = this.settings;
    this.stats.failed += 1;
    const deliveries = (await this.transport.deliveryCounts(message.stream, group, [message.id])).get(
      message.id,
    );
    if (deliveries === undefined) {
      // Acknowledged or trimmed meanwhile (another consumer claimed and finished it): nothing to retry.
      log.warn({ err: errorMessage(error) }, 'event handler failed; the event is no longer pending here');
      return;
    }
    if (deliveries >= maxAttempts) {
      await this.deadLetter(message, envelope, deliveries, errorMessage(error));
      return;
    }
    const delayMs = Math.max(backoffDelay(deliveries, retryBaseMs, retryMaxMs), 1);
    this.retries.set(retryKey(message.stream, message.id), {
      stream: message.stream,
      id: message.id,
      dueAt: Date.now() + delayMs,
      backoffMs: delayMs,
    });
    log.warn(
      { err: errorMessage(error), attempt: deliveries, maxAttempts, retryInMs: delayMs },
      'event handler failed',
    );
  }

  private async deadLetter(
    message: StreamMessage,
    envelope: RawEnvelope | null,
    attempts: number,
    reason: string,
  ) {
    const { group, consumer } = this.settings;
    await this.transport.deadLetter(message, {
      group,
      consumer,
      attempts,
      error: reason,
      failedAt: new Date().toISOString(),
    });
    this.stats.deadLettered += 1;
    this.log.error(
      {
        eventId: envelope?.id ?? null,
        type: envelope?.type ?? null,
        correlationId: envelope?.correlationId ?? null,
        stream: message.stream,
        messageId: message.id,
        group,
        attempts,
        err: reason,
      },
      'event moved to the dead-letter stream',
    );
  }
}

/**
 * What every bus's `consume` does: resolve the settings on the bus's stream keys, start a consumer
 * over the transport the bus makes for it, and keep it in `running` (which `close` stops) until it
 * stops.
 */
export function startBusConsumer<T extends EventType>(
  options: ConsumeOptions<T>,
  bus: {
    streamKeyOf: (source: string) => string;
    log: Logger;
    running: Set<EventConsumer>;
    transportFor: (settings: StreamConsumerSettings, log: Logger) => StreamTransport;
  },
): EventConsumer {
  const settings = resolveConsumerSettings(options, bus.streamKeyOf);
  const log = bus.log.child({
    component: 'EventConsumer',
    group: settings.group,
    consumer: settings.consumer,
  });
  const consumer = new StreamConsumer(bus.transportFor(settings, log), settings, log);
  bus.running.add(consumer);
  return {
    ready: consumer.ready,
    stats: consumer.stats,
    stop: async () => {
      bus.running.delete(consumer);
      await consumer.stop();
    },
  };
}
