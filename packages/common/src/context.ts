import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Identity } from './identity.js';
import type { Logger } from './logger.js';

/** What every resolver of every subgraph receives; subgraphs extend it with their services. */
export interface BaseContext {
  identity: Identity;
  /** The gateway-signed identity as received, to call other subgraphs on the caller's behalf. */
  identityToken: string;
  correlationId: string;
  log: Logger;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a client's correlation id when it is a sane token, or makes a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && CORRELATION_ID.test(value) ? value : randomUUID();
}

/**
 * DataLoader options for per-request loaders: collect keys until the event loop's next turn
 * (`setImmediate`) rather than the end of the current promise jobs, so resolvers that reach a
 * loader after a few more awaits (shield rules, entity references) still share one batch.
 */
const batchWholeTick = { batchScheduleFn: (dispatch: () => void) => setImmediate(dispatch) };

/**
 * A per-request loader over a batch lookup that answers with what it found by key: every key gets
 * its value, or `missing` (null for "not yours or not there", 0 for a count, [] for a list).
 */
export const keyedLoader = <V>(find: (keys: readonly string[]) => Promise<Map<string, V>>, missing: V) =>
  new DataLoader<string, V>(async (keys) => {
    const found = await find(keys);
    return keys.map((key) => found.get(key) ?? missing);
  }, batchWholeTick);
