import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import {
  anonymous,
  CORRELATION_HEADER,
  correlationIdFrom,
  createHealthRouter,
  createRedis,
  formatError,
  type Identity,
  IdentitySigner,
  isDevelopment,
  jsonErrorHandler,
  type Logger,
} from '@taskflow/common';
import { RedisEventBus, revocationChannel } from '@taskflow/events';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { Authenticator } from './authenticator.js';
import type { GatewayContext } from './context.js';
import { disableVendorTelemetry, type GatewayEnv, isExplorationEnabled } from './env.js';
import { operationLimits } from './limits.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { EntityFetcher } from './subscriptions/entity-fetcher.js';
import { type LiveSource, payloadTypeResolvers, subscriptionResolvers } from './subscriptions/resolvers.js';
import { buildSubscriptionSchema } from './subscriptions/subscription-schema.js';
import { startSubscriptionServer } from './subscriptions/ws-server.js';
import { serveWebApp } from './web.js';

const defaultSupergraphPath = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: Server;
  /** Open subscription connections on this replica. */
  subscriptionConnections: () => number;
  stop: () => Promise<void>;
}

/** Subgraph URLs: the supergraph's routing URLs, each overridable by `<NAME>_URL`. */
export function subgraphUrls(supergraphSdl: string, env: GatewayEnv): Map<string, string> {
  const urls = new Map<string, string>();
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    const name = match[1]!;
    const override = (env as Record<string, unknown>)[`${name.toUpperCase()}_URL`];
    urls.set(name, typeof override === 'string' ? override : match[2]!);
  }
  return urls;
}

export interface GatewayOptions {
  /**
   * Live notices and the change log. Default: a `RedisEventBus` on `REDIS_URL`; the embedded mode
   * passes its in-process bus.
   */
  live?: LiveSource;
  /** Credentials revoked by accounts. Default: the Redis revocation channel. */
  onRevoked?: (listener: (credentialId: string) => void) => void;
}

export async function startGateway(
  env: GatewayEnv,
  log: Logger,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH ?? defaultSupergraphPath, 'utf8');
  const urls = subgraphUrls(supergraphSdl, env);
  const accountsUrl = urls.get('accounts');
  const signer = new IdentitySigner(env.INTERNAL_JWT_SECRET);
  const authenticator = accountsUrl
    ? new Authenticator(accountsUrl, signer, log.child({ component: 'Authenticator' }), env.AUTH_CACHE_TTL_MS)
    : new NoAuthentication(signer, log);
  if (!accountsUrl) {
    log.warn(
      { subgraphs: [...urls.keys()] },
      'authentication is off: the supergraph has no accounts subgraph, so every caller is anonymous',
    );
  }
  const exposeDetails = isDevelopment(env);

  disableVendorTelemetry();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(urls.get(name) ?? url!, env.SUBGRAPH_TIMEOUT_MS),
    logger: log.child({ component: 'ApolloGateway' }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parseTrustProxy(env.TRUST_PROXY));
  const httpServer = createServer(app);
  // Longer than load balancers' idle timeouts (typically 60 s), so they close idle connections first.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  // Subscriptions: events come from the event bus (live notices, the change log for replay);
  // each event's entity is fetched through this gateway's own query plan.
  const redis = createRedis(env.REDIS_URL, log, 'gateway');
  const bus = options.live
    ? null
    : new RedisEventBus({ redis, prefix: env.REDIS_PREFIX, log: log.child({ component: 'LiveEvents' }) });
  const live: LiveSource = options.live ?? bus!;
  const revocations = options.onRevoked
    ? null
    : listenForRevocations(redis, revocationChannel(env.REDIS_PREFIX), log, (id) => authenticator.revoke(id));
  const limits = operationLimits(env);
  let subscriptionSchema: GraphQLSchema | undefined;
  // Runs through Apollo Server below (called only once it has started).
  const fetcher = new EntityFetcher((request, options) => apollo.executeOperation(request, options));
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    subscriptionSchema = buildSubscriptionSchema(
      apiSchema,
      subscriptionResolvers({
        live,
        fetcher,
        queueCapacity: env.WS_MAX_QUEUED_EVENTS,
      }),
      payloadTypeResolvers,
    );
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    // Shutdown is ours (handleShutdown): drain, stop background work, then close pools.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    introspection: isExplorationEnabled(env, env.INTROSPECTION_ENABLED),
    includeStacktraceInErrorResponses: exposeDetails,
    parseOptions: { maxTokens: env.MAX_TOKENS },
    validationRules: limits,
    formatError: (formatted, error) => formatError(formatted, error, { log, exposeDetails }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL responses here: skip computing cache policies field by field.
      ApolloServerPluginCacheControlDisabled(),
      { serverWillStart: async () => ({ drainServer: () => subscriptions.close() }) },
      forgetRevokedCredentials(authenticator),
      subscriptionsOverWebSocketOnly(),
    ],
  });
  const subscriptions = startSubscriptionServer({
    httpServer,
    path: '/graphql',
    apollo,
    schema: () => subscriptionSchema,
    validationRules: limits,
    maxTokens: env.MAX_TOKENS,
    authenticator,
    signer,
    log: log.child({ component: 'Subscriptions' }),
    recheckMs: env.WS_AUTH_RECHECK_MS,
    pingIntervalMs: env.WS_PING_INTERVAL_MS,
    formatError: (error) => formatError(error.toJSON(), error, { log, exposeDetails }),
    onRevoked: (listener) =>
      options.onRevoked
        ? options.onRevoked((id) => {
            authenticator.revoke(id);
            listener(id);
          })
        : revocations!.listeners.add(listener),
  });
  await apollo.start();

  const subgraphChecks = [...urls].map(([name, url]) => [
    name,
    async () => {
      const response = await fetch(new URL('/health/live', url));
      if (!response.ok) throw new Error(`status ${response.status}`);
    },
  ]);
  app.use(
    createHealthRouter('gateway', Object.fromEntries([...subgraphChecks, ['redis', () => redis.ping()]]), {
      degradedOnly: ['redis'],
    }),
  );

  app.use('/graphql', (req, res, next) => {
    const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    res.locals.correlationId = correlationId;
    res.setHeader(CORRELATION_HEADER, correlationId);
    next();
  });
  app.use(
    '/graphql',
    cors({ origin: env.CORS_ORIGINS, credentials: true, exposedHeaders: [CORRELATION_HEADER], maxAge: 600 }),
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GatewayContext> => {
        const correlationId = res.locals.correlationId as string;
        const requestLog = log.child({ correlationId });
        const identity = await authenticator
          .authenticate(req.headers.authorization, req.ip ?? 'unknown')
          .catch((error) => {
            requestLog.error({ err: error }, 'authentication unavailable');
            throw new GraphQLError('Authentication is unavailable; try again shortly', {
              extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
            });
          });
        return {
          identity,
          identityToken: await signer.sign(identity),
          correlationId,
          log: identity.userId ? requestLog.child({ userId: identity.userId }) : requestLog,
        };
      },
    }),
  );
  serveWebApp(app, env, isExplorationEnabled(env, env.GRAPHIQL_ENABLED));
  app.use(jsonErrorHandler);

  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  log.info({ port }, 'gateway listening');
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    httpServer,
    subscriptionConnections: () => subscriptions.connections.size,
    stop: async () => {
      await apollo.stop();
      fetcher.close();
      await bus?.close().catch((error) => log.warn({ err: error }, 'closing the event bus failed'));
      revocations?.close();
      redis.disconnect();
      await authenticator.close();
    },
  };
}

/**
 * Revocation notices from accounts on their Redis channel, on a connection of their own (a
 * subscribed connection runs nothing else). Subscribing retries while Redis is away; ioredis
 * subscribes again by itself after a reconnect.
 */
function listenForRevocations(
  redis: ReturnType<typeof createRedis>,
  channel: string,
  log: Logger,
  revoke: (credentialId: string) => void,
) {
  const listeners = new Set<(credentialId: string) => void>();
  const subscriber = redis.duplicate({ connectionName: 'gateway-revocations' });
  subscriber.on('error', () => undefined);
  subscriber.on('message', (_channel: string, message: string) => {
    let id: unknown;
    try {
      id = (JSON.parse(message) as { credentialId?: unknown })?.credentialId;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string') {
      log.warn('ignoring a malformed revocation notice');
      return;
    }
    revoke(id);
    for (const listener of listeners) listener(id);
  });
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const subscribe = () => {
    subscriber.subscribe(channel).catch((error: Error) => {
      if (closed) return;
      log.warn({ err: error.message }, 'could not subscribe to revocations; retrying');
      retry = setTimeout(subscribe, 1_000);
      retry.unref();
    });
  };
  subscribe();
  return {
    listeners,
    close: () => {
      closed = true;
      clearTimeout(retry);
      subscriber.disconnect();
    },
  };
}

/**
 * The authenticator of a supergraph without accounts: nobody can prove who they are, so every
 * caller is anonymous (credentials are ignored) and subgraphs still get that identity, signed.
 */
class NoAuthentication extends Authenticator {
  constructor(signer: IdentitySigner, log: Logger) {
    super('http://127.0.0.1/', signer, log);
  }

  override async authenticate(_authorization: string | undefined, ip: string): Promise<Identity> {
    return { ...anonymous, ip };
  }
}

/**
 * A signOut or revokeApiKey that succeeded through this replica evicts the credential from its
 * authentication cache before the response leaves, so the very next request already fails.
 */
function forgetRevokedCredentials(authenticator: Authenticator): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ operation, response, contextValue }) => {
        if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
        const data = response.body.singleResult.data ?? {};
        const { identity } = contextValue;
        for (const selection of operation.selectionSet.selections) {
          if (selection.kind !== 'Field' || data[selection.alias?.value ?? selection.name.value] !== true)
            continue;
          if (selection.name.value === 'signOut') {
            for (const id of [identity.sessionId, identity.apiKeyId]) if (id) authenticator.revoke(id);
          }
          if (selection.name.value === 'revokeApiKey' && identity.userId)
            authenticator.revokeApiKeysOf(identity.userId);
        }
      },
    }),
  };
}

/** @apollo/gateway cannot execute subscriptions: over HTTP they get a clear 400, not a 500. */
function subscriptionsOverWebSocketOnly(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError(
            'Subscriptions run over WebSocket (graphql-transport-ws) on this same path',
            {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            },
          );
        }
      },
    }),
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
