import type {
  ClaimIdleResult,
  DeadLetterRecord,
  StreamMessage,
  StreamTransport,
} from '../stream-transport.js';
import type { SqlStreamStore } from './sql-stream-store.js';

/**
 * One consumer's view of a `SqlStreamStore`. A read that finds nothing waits for the store's
 * in-process wake-up (entries committed by this process) or `blockMs`, never holding a transaction
 * or the connection while it waits.
 */
export class SqlStreamTransport implements StreamTransport {
  private readonly abort = new AbortController();

  constructor(
    private readonly store: SqlStreamStore,
    private readonly deadLetterStream: string,
    private readonly deadLetterMaxLen: number,
  ) {}

  async ensureGroup(stream: string, group: string): Promise<void> {
    await this.store.ensureGroup(stream, group);
  }

  async readNew(
    streams: readonly string[],
    group: string,
    consumer: string,
    count: number,
    blockMs: number,
  ): Promise<StreamMessage[]> {
    const seen = this.store.addedGeneration;
    const messages = await this.store.readNew(streams, group, consumer, count, Date.now());
    if (messages.length > 0 || this.abort.signal.aborted) return messages;
    await this.store.waitForEntries(seen, blockMs, this.abort.signal);
    if (this.abort.signal.aborted) return [];
    return this.store.readNew(streams, group, consumer, count, Date.now());
  }

  readOwnPending(
    stream: string,
    group: string,
    consumer: string,
    afterId: string,
    count: number,
  ): Promise<StreamMessage[]> {
    return this.store.readOwnPending(stream, group, consumer, afterId, count, Date.now());
  }

  claimIdle(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    cursor: string,
    count: number,
  ): Promise<ClaimIdleResult> {
    return this.store.claimIdle(stream, group, consumer, minIdleMs, cursor, count, Date.now());
  }

  claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamMessage[]> {
    return this.store.claim(stream, group, consumer, minIdleMs, ids, Date.now());
  }

  deliveryCounts(stream: string, group: string, ids: readonly string[]): Promise<Map<string, number>> {
    return this.store.deliveryCounts(stream, group, ids);
  }

  ack(stream: string, group: string, id: string): Promise<void> {
    return this.store.ack(stream, group, id);
  }

  deadLetter(message: StreamMessage, record: DeadLetterRecord): Promise<void> {
    return this.store.deadLetter(message, record, this.deadLetterStream, this.deadLetterMaxLen, Date.now());
  }

  interrupt(): void {
    this.abort.abort();
  }

  async close(): Promise<void> {
    this.abort.abort();
  }
}
