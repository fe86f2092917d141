import { type ChangeNotice, type ChangesSince, compareStreamIds } from '@taskflow/events';

/** Reads the change log after `since`, at most `limit` entries (the bus's `readChangesSince`). */
export type ChangeLogReader = (since: string, limit: number) => Promise<ChangesSince>;

/** What a change stream yields: a change, or the news that the log cannot fill a gap (refetch). */
export type ChangeItem = { notice: ChangeNotice } | { gap: true };

export interface ChangeStreamOptions {
  /** Deliver the changes after this eventId first; null: live changes only. */
  since: string | null;
  read: ChangeLogReader;
  /** Entries per change-log read while replaying. */
  pageSize: number;
  /** Live notices that may wait for a slow reader before `onOverflow` runs (and the stream ends). */
  capacity: number;
  onOverflow: () => void;
}

/**
 * The gap-free merge of the change log with live notices, as an async iterator: every eventId
 * after `since` once, in order. The caller subscribes to live notices first and passes each to
 * `push`; while replaying, the log is read one page at a time, only as the reader asks for more
 * (a replay of any length streams with backpressure), and live notices wait in a bounded buffer.
 * If that buffer fills, it is dropped: everything in it is in the log too, which is read again.
 * `resume()` says notices may have been missed (the bus reconnected): the log is read again from
 * the last eventId delivered. Pure: no I/O but `read`.
 */
export class ChangeStream implements AsyncIterableIterator<ChangeItem> {
  /** The last eventId queued for delivery: nothing at or before it is delivered again. */
  private cursor: string | null;
  private replaying: boolean;
  /** Live notices that arrived while replaying. */
  private buffer: ChangeNotice[] = [];
  /** Set when live notices were dropped (buffer full, or a resume): the log must be read again. */
  private dropped = false;
  private readonly ready: ChangeItem[] = [];
  private waiter: ((result: IteratorResult<ChangeItem>) => void) | null = null;
  private reading: Promise<void> | null = null;
  private readonly cleanups: (() => void)[] = [];
  private closed = false;
  private ending = false;

  constructor(private readonly options: ChangeStreamOptions) {
    this.cursor = options.since;
    this.replaying = options.since !== null;
  }

  /** A live notice, in the order the bus delivers them. */
  push(notice: ChangeNotice): void {
    if (this.closed || this.ending) return;
    if (this.replaying) {
      if (this.buffer.length >= this.options.capacity) {
        this.buffer = [];
        this.dropped = true;
      } else {
        this.buffer.push(notice);
      }
      return;
    }
    if (!this.isNew(notice)) return;
    if (this.ready.length >= this.options.capacity && !this.waiter) {
      this.close();
      this.options.onOverflow();
      return;
    }
    this.enqueue({ notice });
  }

  /** Notices may have been missed: catch up from the log, from the last eventId delivered. */
  resume(): void {
    if (this.closed || this.ending || this.cursor === null) return;
    this.dropped = true;
    if (!this.replaying) {
      this.replaying = true;
      this.buffer = [];
    }
    if (this.waiter) void this.catchUp();
  }

  /** Runs when the stream ends, however it ends. */
  onClose(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  /**
   * Reads the first page now, so a `since` the log cannot serve is known before the subscription
   * starts: resolves false when the log misses history after `since`.
   */
  async start(): Promise<boolean> {
    if (!this.replaying) return true;
    await this.fill();
    return !(this.ready[0] && 'gap' in this.ready[0]);
  }

  async next(): Promise<IteratorResult<ChangeItem>> {
    for (;;) {
      const item = this.ready.shift();
      if (item) {
        if ('gap' in item) this.close();
        return { value: item, done: false };
      }
      if (this.closed || this.ending) {
        this.close();
        return { value: undefined, done: true };
      }
      if (!this.replaying) {
        return new Promise((resolve) => {
          this.waiter = resolve;
        });
      }
      await this.fill();
    }
  }

  return(): Promise<IteratorResult<ChangeItem>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<ChangeItem>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  /** Reads on behalf of a reader already waiting for a live notice. */
  private async catchUp(): Promise<void> {
    try {
      while (!this.closed && this.replaying && this.waiter && this.ready.length === 0) await this.fill();
    } catch {
      // The bus is away again; it calls `resume` once it is back, and the replay starts over.
    }
  }

  /** One page of the log into `ready`; at the end of the log, the buffered notices, then live. */
  private fill(): Promise<void> {
    this.reading ??= this.readPage().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readPage(): Promise<void> {
    const since = this.cursor!;
    this.dropped = false;
    const page = await this.options.read(since, this.options.pageSize);
    if (this.closed) return;
    if (page.hasGap) {
      this.ending = true;
      this.ready.length = 0;
      this.enqueue({ gap: true });
      return;
    }
    for (const notice of page.entries) if (this.isNew(notice)) this.enqueue({ notice });
    // More in the log, or notices dropped meanwhile: stay in replay; the next read continues.
    if (page.hasMore || this.dropped) return;
    this.replaying = false;
    const buffered = this.buffer.sort((a, b) => compareStreamIds(a.eventId, b.eventId));
    this.buffer = [];
    for (const notice of buffered) if (this.isNew(notice)) this.enqueue({ notice });
  }

  private isNew(notice: ChangeNotice): boolean {
    if (this.cursor !== null && compareStreamIds(notice.eventId, this.cursor) <= 0) return false;
    this.cursor = notice.eventId;
    return true;
  }

  private enqueue(item: ChangeItem): void {
    const waiter = this.waiter;
    if (waiter && this.ready.length === 0) {
      this.waiter = null;
      if ('gap' in item) this.close();
      waiter({ value: item, done: false });
      return;
    }
    this.ready.push(item);
    if (waiter) {
      this.waiter = null;
      void this.next().then(waiter);
    }
  }

  private close() {
    if (this.closed) return;
    this.closed = true;
    this.ready.length = 0;
    this.buffer = [];
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.({ value: undefined, done: true });
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
