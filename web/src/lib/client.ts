import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { MeQuery } from '../features/auth/operations';
import { createCacheExchange } from './cache';
import { connection } from './connection';
import { eventCursor } from './event-cursor';
import { refreshTaskLists } from './task-list-events';

export interface ApiClient {
  client: Client;
  dispose: () => void;
}

const PUBLIC_OPERATIONS = new Set(['SignIn', 'SignUp']);

export const graphqlHttpUrl = () => new URL('/graphql', window.location.href).toString();
export const graphqlWsUrl = () => graphqlHttpUrl().replace(/^http/, 'ws');

/**
 * A quick first retry (a socket closed for an expired token reconnects at once with the renewed
 * one), then 1 s, 2 s, 4 s … capped at 30 s, with jitter so many tabs do not reconnect in step.
 */
export const backoff = (retries: number) =>
  new Promise<void>((resolve) =>
    setTimeout(
      resolve,
      (retries === 0 ? 250 : Math.min(30_000, 1_000 * 2 ** (retries - 1))) * (0.75 + Math.random() * 0.5),
    ),
  );

/**
 * Subscriptions over graphql-ws (lazy: the socket opens with the first subscription), retried
 * forever with backoff. Pings every 15 s and closes a socket whose pong does not come back in 5 s,
 * so a dead network is noticed. The connection banner only follows the socket once it has
 * connected at least once (a socket that never opened says nothing about the network).
 */
function createSocket(getToken: () => string | null, onForbidden: () => void): WsClient {
  let everConnected = false;
  let socketLost = false;
  let activeSocket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  return createWsClient({
    url: graphqlWsUrl,
    lazy: true,
    lazyCloseTimeout: 3_000,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: backoff,
    connectionParams: () => {
      const token = getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: (socket, _payload, wasRetry) => {
        activeSocket = socket as WebSocket;
        // A resumed `taskChanged` replays what was missed after the last event seen; with none
        // seen yet there is nothing to resume from, so the lists are fetched again instead.
        if (wasRetry && !eventCursor.get()) refreshTaskLists();
        everConnected = true;
        if (socketLost) {
          socketLost = false;
          connection.markOk();
        }
      },
      ping: (received) => {
        if (received) return;
        pongTimer = setTimeout(() => {
          if (activeSocket?.readyState === WebSocket.OPEN) activeSocket.close(4408, 'Request Timeout');
        }, 5_000);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        activeSocket = null;
        const code = (event as CloseEvent | undefined)?.code;
        // 4403: the server no longer accepts the credential the socket was opened with (revoked, or
        // expired since); whether the session is over is for HTTP to say. Retries use the current token.
        if (code === 4403) {
          onForbidden();
          return;
        }
        // 1000: we closed it (no more subscriptions); anything else after a success is a drop.
        if (everConnected && code !== 1000 && code !== 4499) {
          socketLost = true;
          connection.markLost();
        }
      },
    },
  });
}

/**
 * One urql client per signed-in session (a fresh normalised cache each time): HTTP for queries
 * and mutations with the current token, graphql-ws for subscriptions. `onUnauthenticated` is
 * called when the server no longer accepts the token.
 */
export function createApiClient(options: {
  getToken: () => string | null;
  onUnauthenticated: () => void;
}): ApiClient {
  const { getToken, onUnauthenticated } = options;
  let client: Client;
  const socket = createSocket(getToken, () => {
    void client
      .query(MeQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((result) => {
        if (result.data && result.data.me === null) onUnauthenticated();
      });
  });

  client = new Client({
    url: graphqlHttpUrl(),
    preferGetMethod: false,
    requestPolicy: 'cache-first',
    fetchOptions: (): RequestInit => {
      const token = getToken();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
    exchanges: [
      mapExchange({
        onResult(result) {
          const { operation, error } = result;
          if (operation.kind === 'subscription' || operation.kind === 'teardown') return;
          if (error?.networkError) {
            connection.markLost();
            return;
          }
          const outcome = operation.context.meta?.cacheOutcome;
          if (outcome !== 'hit' && outcome !== 'partial') connection.markOk();
          const name = operation.query.definitions.find((d) => d.kind === 'OperationDefinition');
          const operationName = name && 'name' in name ? name.name?.value : undefined;
          if (
            getToken() &&
            !PUBLIC_OPERATIONS.has(operationName ?? '') &&
            error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
          ) {
            onUnauthenticated();
          }
        },
      }),
      createCacheExchange(),
      subscriptionExchange({
        forwardSubscription(request) {
          const isTaskChanged = request.operationName === 'TaskChanged';
          // The payload object is re-sent on every reconnect, so `since` is read each time:
          // a resumed subscription replays exactly what was missed.
          const payload = {
            query: request.query ?? '',
            operationName: request.operationName,
            extensions: request.extensions,
            get variables() {
              const variables = { ...(request.variables as Record<string, unknown>) };
              if (isTaskChanged) variables.since = eventCursor.get();
              return variables;
            },
          };
          return {
            subscribe(sink) {
              const unsubscribe = socket.subscribe(payload, {
                next(value) {
                  if (isTaskChanged) {
                    const data = value.data as { taskChanged?: { eventId?: string } } | null | undefined;
                    eventCursor.set(data?.taskChanged?.eventId);
                  }
                  sink.next(value as Parameters<typeof sink.next>[0]);
                },
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
              });
              return { unsubscribe };
            },
          };
        },
      }),
      fetchExchange,
    ],
  });

  return {
    client,
    dispose: () => {
      // dispose() rejects when it interrupts a reconnection; that is the point of disposing.
      Promise.resolve(socket.dispose()).catch(() => undefined);
    },
  };
}
