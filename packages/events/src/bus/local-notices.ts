import type { Logger } from '@taskflow/common';
import type { LiveNotice } from '../live/live-notice.js';
import type { Unsubscribe } from './event-bus.js';

/**
 * Live notices inside one process (the buses without Redis pub/sub): listeners per user, called after
 * `dispatch` returns, like pub/sub, and in dispatch order (the microtask queue keeps it).
 */
export class LocalNoticeHub {
  private readonly listeners = new Map<string, Set<(notice: LiveNotice) => void>>();

  constructor(private readonly log: Logger) {}

  subscribe(userId: string, listener: (notice: LiveNotice) => void): Unsubscribe {
    let listeners = this.listeners.get(userId);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(userId, listeners);
    }
    listeners.add(listener);
    return async () => {
      const current = this.listeners.get(userId);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(userId);
    };
  }

  dispatch(ownerId: string, notice: LiveNotice): void {
    const listeners = this.listeners.get(ownerId);
    if (!listeners || listeners.size === 0) return;
    for (const listener of [...listeners]) {
      queueMicrotask(() => {
        try {
          listener(notice);
        } catch (error) {
          this.log.error({ err: error, ownerId }, 'live notice listener failed');
        }
      });
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
