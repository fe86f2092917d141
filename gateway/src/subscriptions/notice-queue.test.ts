import { describe, expect, it } from 'vitest';
import { mapAsyncIterator, NoticeQueue } from './notice-queue.js';

describe('NoticeQueue', () => {
  it('hands items over in order, to waiting and later readers alike', async () => {
    const queue = new NoticeQueue<number>(10, () => undefined);
    const waiting = queue.next();
    queue.push(1);
    queue.push(2);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
  });

  it('ends a pending read at once on return, and runs the cleanups once', async () => {
    let cleaned = 0;
    const queue = new NoticeQueue<number>(10, () => undefined);
    queue.onClose(() => cleaned++);
    const pending = queue.next();
    await queue.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    await queue.return();
    expect(cleaned).toBe(1);
    queue.push(3);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('overflows once past its capacity and stops holding items', async () => {
    let overflows = 0;
    const queue = new NoticeQueue<number>(3, () => overflows++);
    for (let i = 0; i < 10; i++) queue.push(i);
    expect(overflows).toBe(1);
    expect(queue.size).toBe(0);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('maps items and passes return through', async () => {
    const queue = new NoticeQueue<number>(10, () => undefined);
    const doubled = mapAsyncIterator(queue, async (n) => n * 2);
    queue.push(21);
    expect(await doubled.next()).toEqual({ value: 42, done: false });
    await doubled.return!();
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});
