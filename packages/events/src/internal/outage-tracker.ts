import type { Logger } from '@taskflow/common';
import { backoffDelay } from '@taskflow/common';

/**
 * Turns a stream of failures into one warning when an outage starts and one info line when it ends,
 * and hands out the backoff delay for the next attempt. A Redis outage of ten minutes must not write
 * thousands of identical lines.
 */
export class OutageTracker {
  private failures = 0;
  private since: number | null = null;

  constructor(
    private readonly log: Logger,
    private readonly what: string,
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  get isDown(): boolean {
    return this.since !== null;
  }

  get outageSince(): Date | null {
    return this.since === null ? null : new Date(this.since);
  }

  /** Records a failure; returns how long to wait before trying again. */
  recordFailure(error: unknown): number {
    this.failures += 1;
    if (this.since === null) {
      this.since = Date.now();
      this.log.warn({ err: errorMessage(error) }, `${this.what} failing, retrying with backoff`);
    }
    // Never 0: full jitter may pick 0, and a tight loop against a dead server helps nobody.
    return Math.max(backoffDelay(Math.min(this.failures, 16), this.baseDelayMs, this.maxDelayMs), 10);
  }

  recordSuccess(): boolean {
    if (this.since === null) return false;
    this.log.info({ failures: this.failures, outageMs: Date.now() - this.since }, `${this.what} recovered`);
    this.since = null;
    this.failures = 0;
    return true;
  }
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
