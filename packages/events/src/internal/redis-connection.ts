import type { Logger } from '@taskflow/common';
import type { Redis } from 'ioredis';

/**
 * A second connection with the same options, for what cannot share one: a blocking XREADGROUP holds
 * its connection for up to `blockMs`, and a subscribed connection can run nothing else. ioredis
 * does not copy listeners, so the error handler is attached here (an unhandled 'error' event would
 * print a warning on every reconnect attempt).
 */
export function duplicateConnection(redis: Redis, log: Logger, name: string): Redis {
  const connection = redis.duplicate({ connectionName: name });
  let lastError = '';
  connection.on('error', (error: Error) => {
    if (error.message !== lastError)
      log.debug({ err: error.message, connection: name }, 'redis connection error');
    lastError = error.message;
  });
  connection.on('ready', () => {
    lastError = '';
  });
  return connection;
}

/** Turns a flat `[field, value, field, value]` reply into an object. */
export function toFieldMap(fields: readonly unknown[] | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  if (!fields) return map;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    map[String(fields[index])] = String(fields[index + 1]);
  }
  return map;
}

export const isNoGroupError = (error: unknown) =>
  error instanceof Error && error.message.startsWith('NOGROUP');
export const isNoScriptError = (error: unknown) =>
  error instanceof Error && error.message.startsWith('NOSCRIPT');
