import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { applyMiddleware, middleware } from 'graphql-middleware';
import { allow, type IRules, shield } from 'graphql-shield';
import { type BaseContext, correlationIdFrom } from './context.js';
import { DomainError, formatError, toGraphQLError } from './errors.js';
import { createHealthRouter, type ReadinessCheck } from './health.js';
import { jsonErrorHandler } from './http-errors.js';
import { CORRELATION_HEADER, IDENTITY_HEADER, IdentityVerifier } from './identity.js';
import type { Logger } from './logger.js';

export interface SubgraphOptions<TContext extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are typed by codegen in each subgraph
  resolvers: GraphQLResolverMap<any>;
  permissions: IRules;
  /** Adds the subgraph's services to the verified base context. */
  createContext: (base: BaseContext) => TContext | Promise<TContext>;
  internalSecret: string;
  exposeErrorDetails: boolean;
  log: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** Extra HTTP routes (e.g. accounts' token introspection for the gateway). */
  routes?: (app: Express) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  stop: () => Promise<void>;
}

/** Builds and starts one subgraph: federation schema + shield, identity verification, health. */
export async function startSubgraphServer<TContext extends BaseContext>(
  options: SubgraphOptions<TContext>,
  listen: { port: number; host: string },
): Promise<RunningServer> {
  const { log } = options;
  const verifier = new IdentityVerifier(options.internalSecret);
  const schema = applyMiddleware(
    buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers }),
    shieldRootFields(options.permissions),
  );
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  // Idle connections must outlive the callers' keep-alive pools (30 s), or a caller may reuse a
  // socket this server is just closing ("other side closed").
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const apollo = new ApolloServer<TContext>({
    schema,
    csrfPrevention: true,
    // Shutdown is ours (handleShutdown): drain, stop background work, then close pools.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: options.exposeErrorDetails,
    formatError: (formatted, error) =>
      formatError(formatted, error, { log, exposeDetails: options.exposeErrorDetails }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  app.use(createHealthRouter(options.name, options.readiness, { degradedOnly: ['redis'] }));
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
        const token = req.headers[IDENTITY_HEADER];
        if (typeof token !== 'string') {
          throw toGraphQLError(
            new DomainError('UNAUTHENTICATED', 'This service only answers the TaskFlow gateway'),
            401,
          );
        }
        const identity = await verifier.verify(token).catch(() => {
          throw toGraphQLError(new DomainError('UNAUTHENTICATED', 'Invalid identity'), 401);
        });
        const requestLog = log.child({ correlationId, userId: identity.userId ?? undefined });
        return options.createContext({ identity, identityToken: token, correlationId, log: requestLog });
      },
    }),
  );

  app.use(jsonErrorHandler);

  await new Promise<void>((resolve) => httpServer.listen(listen.port, listen.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  log.info({ port }, `${options.name} subgraph listening`);
  return { url, port, httpServer, stop: () => apollo.stop() };
}

/**
 * graphql-shield on the root fields only. Its rules are coarse (signed in? may write?) and sit on
 * Query and Mutation; whether an object is the caller's is decided in the services. Shield would
 * otherwise wrap every field of every type in an async middleware (even `allow`), turning each
 * `title` and `priority` into a promise: a third of a subgraph's CPU on a list of 50 tasks.
 */
export function shieldRootFields(permissions: IRules) {
  // Subgraph schemas (buildSubgraphSchema) name their root types so.
  const roots = new Set(['Query', 'Mutation', 'Subscription']);
  const misplaced = Object.keys(permissions).filter((type) => !roots.has(type));
  if (misplaced.length > 0) {
    throw new Error(`shield rules belong on root fields; found rules for ${misplaced.join(', ')}`);
  }
  const generator = shield(permissions, { allowExternalErrors: true, fallbackRule: allow });
  return middleware((schema: GraphQLSchema) => {
    const generated = generator.generate(schema) as Record<string, unknown>;
    // biome-ignore lint/suspicious/noExplicitAny: graphql-middleware's type map is loosely typed
    return Object.fromEntries(Object.entries(generated).filter(([type]) => roots.has(type))) as any;
  });
}
