import type { Logger } from '@taskflow/common';
import type { Redis } from 'ioredis';
import { duplicateConnection, toFieldMap } from '../internal/redis-connection.js';
import type {
  ClaimIdleResult,
  DeadLetterRecord,
  StreamMessage,
  StreamTransport,
} from './stream-transport.js';

type RawEntry = [string, unknown[] | null] | null;

function toMessages(stream: string, entries: unknown): StreamMessage[] {
  if (!Array.isArray(entries)) return [];
  const messages: StreamMessage[] = [];
  for (const entry of entries as RawEntry[]) {
    if (!entry) continue;
    const [id, fields] = entry;
    messages.push({ stream, id, fields: fields ? toFieldMap(fields) : null });
  }
  return messages;
}

/**
 * Redis streams for one consumer. Blocking reads get their own connection: XREADGROUP BLOCK holds a
 * connection for up to `blockMs`, and on the shared one it would stall every other command (acks,
 * the relay's publishes) queued behind it.
 */
export class RedisStreamTransport implements StreamTransport {
  private readonly reader: Redis;
  /** Rejects once `interrupt` is called; every read races it. */
  private readonly interruption: Promise<never>;
  private rejectReads: (reason: Error) => void = () => undefined;

  constructor(
    private readonly redis: Redis,
    private readonly deadLetterKey: string,
    private readonly deadLetterMaxLen: number,
    log: Logger,
    connectionName: string,
  ) {
    this.reader = duplicateConnection(redis, log, connectionName);
    this.interruption = new Promise<never>((_, reject) => {
      this.rejectReads = reject;
    });
    this.interruption.catch(() => undefined);
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    try {
      // From '0', not '$': events published before the group existed (a consumer deployed after the
      // publisher, or a group lost with a Redis restart) are delivered, not silently skipped.
      await this.interruptible(this.redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM'));
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
    }
  }

  async readNew(
    streams: readonly string[],
    group: string,
    consumer: string,
    count: number,
    blockMs: number,
  ): Promise<StreamMessage[]> {
    const read = this.reader.call(
      'XREADGROUP',
      'GROUP',
      group,
      consumer,
      'COUNT',
      String(count),
      'BLOCK',
      String(Math.max(1, Math.round(blockMs))),
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    );
    return this.toStreamMessages(await this.interruptible(read));
  }

  async readOwnPending(
    stream: string,
    group: string,
    consumer: string,
    afterId: string,
    count: number,
  ): Promise<StreamMessage[]> {
    const reply = await this.interruptible(
      this.redis.call(
        'XREADGROUP',
        'GROUP',
        group,
        consumer,
        'COUNT',
        String(count),
        'STREAMS',
        stream,
        afterId,
      ),
    );
    return this.toStreamMessages(reply);
  }

  async claimIdle(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    cursor: string,
    count: number,
  ): Promise<ClaimIdleResult> {
    const reply = (await this.interruptible(
      this.redis.call(
        'XAUTOCLAIM',
        stream,
        group,
        consumer,
        String(Math.round(minIdleMs)),
        cursor,
        'COUNT',
        String(count),
      ),
    )) as [string, unknown, string[] | undefined];
    // Redis 7 adds the ids of entries that were trimmed while pending as a third element.
    return { nextCursor: reply[0], messages: toMessages(stream, reply[1]), deletedIds: reply[2] ?? [] };
  }

  async claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamMessage[]> {
    if (ids.length === 0) return [];
    const reply = await this.interruptible(
      this.redis.call('XCLAIM', stream, group, consumer, String(Math.round(minIdleMs)), ...ids),
    );
    return toMessages(stream, reply);
  }

  async deliveryCounts(stream: string, group: string, ids: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (ids.length === 0) return counts;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.call('XPENDING', stream, group, id, id, '1');
    for (const [error, reply] of (await this.interruptible(pipeline.exec())) ?? []) {
      if (error) throw error;
      // [[id, consumer, idleMs, deliveryCount]] or [] when not pending.
      const row = (reply as [string, string, number, number][])[0];
      if (row) counts.set(row[0], Number(row[3]));
    }
    return counts;
  }

  async ack(stream: string, group: string, id: string): Promise<void> {
    await this.redis.call('XACK', stream, group, id);
  }

  async deadLetter(message: StreamMessage, record: DeadLetterRecord): Promise<void> {
    // MULTI: the copy and the ack happen together, so an event is never both dead and pending, nor lost.
    const replies = await this.redis
      .multi()
      .call(
        'XADD',
        this.deadLetterKey,
        'MAXLEN',
        '~',
        String(this.deadLetterMaxLen),
        '*',
        'event',
        message.fields?.event ?? '',
        'stream',
        message.stream,
        'messageId',
        message.id,
        'group',
        record.group,
        'consumer',
        record.consumer,
        'attempts',
        String(record.attempts),
        'error',
        record.error.slice(0, 2_000),
        'failedAt',
        record.failedAt,
      )
      .call('XACK', message.stream, record.group, message.id)
      .exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw failed?.[0] ?? new Error('dead-letter transaction was discarded');
  }

  interrupt(): void {
    // Closing the reader makes a blocked XREADGROUP reject at once instead of after blockMs. Not
    // while ioredis waits to reconnect, though: its disconnect() then cancels the reconnection and
    // leaves the queued read pending for ever. So every read also races the interruption (acks and
    // dead letters do not: the event being handled when stop() came is still acknowledged).
    this.rejectReads(new Error('stream consumer stopped'));
    this.reader.disconnect();
  }

  async close(): Promise<void> {
    this.reader.disconnect();
  }

  private interruptible<T>(command: Promise<T>): Promise<T> {
    return Promise.race([command, this.interruption]);
  }

  private toStreamMessages(reply: unknown): StreamMessage[] {
    if (!Array.isArray(reply)) return [];
    return (reply as [string, unknown][]).flatMap(([stream, entries]) => toMessages(stream, entries));
  }
}
