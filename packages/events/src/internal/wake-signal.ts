/**
 * A level-triggered wake-up: `notify` before `wait` is not lost (the next wait returns at once), and
 * many notifies collapse into one wake-up, the way NOTIFY does.
 */
export class WakeSignal {
  private isPending = false;
  private resolveWaiter: (() => void) | null = null;

  notify(): void {
    this.isPending = true;
    this.resolveWaiter?.();
  }

  /** Resolves on notify, after `timeoutMs`, or when `signal` aborts; true when notified. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.isPending || signal?.aborted) {
      const wasPending = this.isPending;
      this.isPending = false;
      return Promise.resolve(wasPending);
    }
    return new Promise<boolean>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.resolveWaiter = null;
        const wasPending = this.isPending;
        this.isPending = false;
        resolve(wasPending);
      };
      const timer = setTimeout(finish, timeoutMs);
      signal?.addEventListener('abort', finish);
      this.resolveWaiter = finish;
    });
  }
}
