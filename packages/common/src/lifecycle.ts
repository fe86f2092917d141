import type { Logger } from './logger.js';

type Closer = () => Promise<unknown> | unknown;

/**
 * Graceful shutdown on SIGTERM/SIGINT: run the closers in order (stop accepting and drain first,
 * pools last), then exit. A second signal (a second later) or the timeout forces the exit.
 */
export function handleShutdown(log: Logger, closers: Closer[], timeoutMs: number): void {
  let stoppingSince = 0;
  const shutdown = async (signal: string) => {
    if (stoppingSince) {
      // Process managers may deliver one stop request as several signals at once; a person who
      // asks again a moment later means it.
      if (Date.now() - stoppingSince < 1_000) return;
      log.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out, exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        log.error({ err: error }, 'error while shutting down');
      }
    }
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
