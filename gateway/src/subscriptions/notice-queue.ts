/**
 * A bounded push queue consumed as an async iterator. Unlike an async generator, `return()` ends it
 * at once even while a consumer is waiting, so a completed subscription releases its Redis
 * listener immediately. When more than `capacity` items wait (the client is not reading fast
 * enough), `onOverflow` runs once and the queue stops accepting: memory stays bounded.
 */
export class NoticeQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private readonly cleanups: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly capacity: number,
    private readonly onOverflow: () => void,
  ) {}

  push(item: T): void {
    if (this.closed) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.capacity) {
      this.close();
      this.onOverflow();
      return;
    }
    this.items.push(item);
  }

  /** Runs when the queue ends, however it ends. */
  onClose(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  get size() {
    return this.items.length;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private close() {
    if (this.closed) return;
    this.closed = true;
    this.items.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}

/** Maps each item of a source iterator with an async function, keeping the source's `return`. */
export function mapAsyncIterator<T, U>(
  source: AsyncIterableIterator<T>,
  map: (item: T) => Promise<U>,
): AsyncIterableIterator<U> {
  return {
    async next() {
      const result = await source.next();
      return result.done ? { value: undefined, done: true } : { value: await map(result.value), done: false };
    },
    return: () => source.return!() as Promise<IteratorResult<U>>,
    throw: (error?: unknown) => source.throw!(error) as Promise<IteratorResult<U>>,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
