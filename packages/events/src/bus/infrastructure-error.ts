/**
 * Whether an error says that something the handler depends on (Postgres, Redis, the network) is away,
 * rather than that the handler failed on this event. Such a failure says nothing about the event: a
 * consumer waits for the outage to end and tries the same event again without spending an attempt.
 *
 * Recognised through the error, its `cause`, objection's `nativeError` and an AggregateError's
 * members (node-pg on a host with several addresses): network error codes, the SQLSTATE classes of
 * a connection that failed or a server that is going away or starting (08, 57P01–57P03, 53300), a
 * connection pool that timed out (knex), a connection closed under a query (node-pg, ioredis).
 */
export function isInfrastructureError(error: unknown): boolean {
  return someCause(error, 0, (candidate) => {
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (NETWORK_CODES.has(code) || SERVER_GOING_AWAY.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (candidate.name === 'KnexTimeoutError' || candidate.name === 'MaxRetriesPerRequestError') return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    return CLOSED_CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
  });
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);

const CLOSED_CONNECTION_MESSAGES = [
  /^Connection terminated/, // node-pg
  /^Client has encountered a connection error and is not queryable/, // node-pg
  /^Connection is closed\.?$/, // ioredis
];

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  nativeError?: unknown;
  errors?: unknown;
}

function someCause(error: unknown, depth: number, test: (candidate: ErrorLike) => boolean): boolean {
  if (depth > 8 || typeof error !== 'object' || error === null) return false;
  const candidate = error as ErrorLike;
  if (test(candidate)) return true;
  const nested = [
    candidate.cause,
    candidate.nativeError,
    ...(Array.isArray(candidate.errors) ? candidate.errors : []),
  ];
  return nested.some((inner) => inner !== error && someCause(inner, depth + 1, test));
}
