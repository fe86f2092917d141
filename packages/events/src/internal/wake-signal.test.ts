import { describe, expect, it } from 'vitest';
import { WakeSignal } from './wake-signal.js';

describe('WakeSignal', () => {
  it('keeps a notify that came before the wait, and folds many into one', async () => {
    const signal = new WakeSignal();
    signal.notify();
    signal.notify();
    expect(await signal.wait(1_000)).toBe(true);
    expect(await signal.wait(5)).toBe(false);
  });

  it('wakes a waiter at once and ends on abort', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(10_000);
    signal.notify();
    expect(await waiting).toBe(true);
    const abort = new AbortController();
    const aborted = signal.wait(10_000, abort.signal);
    abort.abort();
    expect(await aborted).toBe(false);
  });
});
