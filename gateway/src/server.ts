import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import {
  CORRELATION_HEADER,
  correlationIdFrom,
  createHealthRouter,
  formatError,
  isDevelopment,
  jsonErrorHandler,
  type Logger,
  signIdentity,
} from '@taskflow/common';
import cors from 'cors';
import express from 'express';
import { GraphQLError } from 'graphql';
import { Authenticator } from './authenticator.js';
import type { GatewayContext } from './context.js';
import { type GatewayEnv, isExplorationEnabled } from './env.js';
import { operationLimits } from './limits.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { serveWebApp } from './web.js';

const defaultSupergraphPath = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

export interface RunningGateway {
  url: string;
  port: number;
  httpServer: Server;
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

export async function startGateway(env: GatewayEnv, log: Logger): Promise<RunningGateway> {
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH ?? defaultSupergraphPath, 'utf8');
  const urls = subgraphUrls(supergraphSdl, env);
  const accountsUrl = urls.get('accounts');
  if (!accountsUrl) throw new Error('the supergraph has no accounts subgraph');
  const authenticator = new Authenticator(
    accountsUrl,
    env.INTERNAL_JWT_SECRET,
    log.child({ component: 'Authenticator' }),
  );
  const exposeDetails = isDevelopment(env);

  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new SubgraphDataSource(urls.get(name) ?? url!, env.SUBGRAPH_TIMEOUT_MS),
    logger: log.child({ component: 'ApolloGateway' }),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parseTrustProxy(env.TRUST_PROXY));
  const httpServer = createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    // Shutdown is ours (handleShutdown): drain, stop background work, then close pools.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    introspection: isExplorationEnabled(env, env.INTROSPECTION_ENABLED),
    includeStacktraceInErrorResponses: exposeDetails,
    parseOptions: { maxTokens: env.MAX_TOKENS },
    validationRules: operationLimits(env),
    formatError: (formatted, error) => formatError(formatted, error, { log, exposeDetails }),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  app.use(
    createHealthRouter(
      'gateway',
      Object.fromEntries(
        [...urls].map(([name, url]) => [
          name,
          async () => {
            const response = await fetch(new URL('/health/live', url));
            if (!response.ok) throw new Error(`status ${response.status}`);
          },
        ]),
      ),
    ),
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
          identityToken: await signIdentity(identity, env.INTERNAL_JWT_SECRET),
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
    stop: async () => {
      await apollo.stop();
      await authenticator.close();
    },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
