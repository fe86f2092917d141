import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { IdentitySigner, Logger } from '@taskflow/common';
import {
  type DocumentNode,
  type ExecutionArgs,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  subscribe,
  type ValidationRule,
  validate,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Authenticator } from '../authenticator.js';
import type { GatewayContext } from '../context.js';
import { CloseCode, ConnectionState } from './connection-state.js';
import { DocumentCache } from './document-cache.js';
import { resultFieldResolver, type SubscriptionContext } from './resolvers.js';

export interface SubscriptionServerOptions {
  httpServer: Server;
  path: string;
  apollo: ApolloServer<GatewayContext>;
  /** The current subscription schema (it is rebuilt when the supergraph changes). */
  schema: () => GraphQLSchema | undefined;
  validationRules: ValidationRule[];
  maxTokens: number;
  authenticator: Authenticator;
  /** Signs the identity each event's entity fetch carries (shared with HTTP requests). */
  signer: IdentitySigner;
  log: Logger;
  /** How often each connection's credential is checked again (revocations missed live). */
  recheckMs: number;
  pingIntervalMs: number;
  /** Masks what clients see of errors inside events, as HTTP responses are masked. */
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  /** Closes connections whose token or key is revoked, as soon as accounts says so. */
  onRevoked: (listener: (credentialId: string) => void) => void;
}

type Extra = {
  socket: WebSocket;
  state?: ConnectionState;
};

/**
 * graphql-ws on the gateway's own port and path. Connections authenticate in `connection_init`
 * (refused with 4403), operations are parsed, limited and validated here (subscriptions only: queries
 * and mutations go over HTTP), and dead sockets are found by pings.
 */
export function startSubscriptionServer(options: SubscriptionServerOptions) {
  const { log } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: 1 << 20 });
  const connections = new Set<ConnectionState>();

  options.onRevoked((credentialId) => {
    for (const connection of connections) {
      if (connection.credentialIds.includes(credentialId))
        connection.close(CloseCode.Forbidden, 'Token revoked');
    }
  });

  const documents = new DocumentCache((schema, query) => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch (error) {
      return [
        withCode(
          error instanceof GraphQLError ? error : new GraphQLError('Invalid query'),
          'GRAPHQL_PARSE_FAILED',
        ),
      ];
    }
    const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    return document;
  });

  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (socket) => {
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
  });
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (alive.get(socket) === false) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.pingIntervalMs);
  heartbeat.unref();

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: 3_000,
      onConnect: async (ctx) => {
        // Header names are case-insensitive on HTTP; people type `Authorization` here too.
        const params = ctx.connectionParams ?? {};
        const authorization = params.authorization ?? params.Authorization;
        if (typeof authorization !== 'string') return false;
        const extra = ctx.extra as Extra & { request?: IncomingMessage };
        const ip = extra.request?.socket.remoteAddress;
        // graphql-ws keeps the upgrade request for the connection's whole life; only its address is used.
        delete extra.request;
        const identity = await options.authenticator
          .authenticate(authorization, ip ?? 'unknown')
          .catch((error) => {
            log.error({ err: error }, 'authentication unavailable for a subscription connection');
            return null;
          });
        if (!identity?.userId) return false;
        const state = new ConnectionState(identity, authorization, ctx.extra.socket, {
          authenticator: options.authenticator,
          signer: options.signer,
          log,
          recheckMs: options.recheckMs,
        });
        ctx.extra.state = state;
        connections.add(state);
        return true;
      },
      onClose: (ctx) => {
        const state = ctx.extra.state;
        if (state) {
          state.dispose();
          connections.delete(state);
        }
      },
      onSubscribe: (ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] => {
        const schema = options.schema();
        if (!schema) {
          return [
            new GraphQLError('The gateway is starting; try again shortly', {
              extensions: { code: 'SERVICE_UNAVAILABLE' },
            }),
          ];
        }
        const document = documents.get(schema, payload.query);
        if (!('kind' in document)) return document;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [
            new GraphQLError(
              'Only subscriptions run over WebSocket; send queries and mutations with HTTP POST',
              {
                extensions: { code: 'BAD_REQUEST' },
              },
            ),
          ];
        }
        const contextValue: SubscriptionContext = { connection: ctx.extra.state! };
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
          fieldResolver: resultFieldResolver,
        };
      },
      subscribe: (args) => subscribe(args),
      onError: (_ctx, _id, _payload, errors) => errors.map(options.formatError),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: result.errors.map((error) => options.formatError(error as GraphQLError)) }
          : result,
    },
    wss,
  );

  return {
    connections,
    close: async () => {
      clearInterval(heartbeat);
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

const withCode = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { code },
  });
