import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { DocumentNode } from 'graphql';
import type { IRules } from 'graphql-shield';
import type { BaseContext } from './context.js';
import { type Knex, type Migration, migrateLatest } from './db.js';
import { type BaseEnv, isDevelopment } from './env.js';
import { createHealthRouter, type ReadinessCheck } from './health.js';
import type { Logger } from './logger.js';
import { openPlatform, type Platform, type PlatformSource } from './platform.js';
import type { Redis } from './redis.js';
import { type RunningServer, startSubgraphServer } from './subgraph-server.js';

/** What a service's `define` builds on: its schema's knex and the platform it runs on. */
export interface ServiceDeps<TEvents = unknown> {
  knex: Knex;
  /** The platform's Redis; null in embedded mode. */
  redis: Redis | null;
  log: Logger;
  platform: Platform<TEvents>;
}

export interface SubgraphDefinition<TContext extends BaseContext, TExposed extends object = object> {
  typeDefs: DocumentNode;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are typed by codegen in each subgraph
  resolvers: any;
  permissions: IRules;
  createContext: (base: BaseContext) => TContext | Promise<TContext>;
  routes?: (app: Express) => void;
  /** Background work (relays, schedulers) to stop after the server drained, before pools close. */
  stopBackground?: () => Promise<void>;
  /** What the running subgraph offers its starter beside the server (its services, consumers, relay). */
  expose?: TExposed;
}

export interface RunningSubgraph<TEvents = unknown> extends RunningServer {
  deps: ServiceDeps<TEvents>;
}

interface BootParams<TEvents> {
  /** The service's name, which is also its database schema. */
  name: string;
  log: Logger;
  migrations: Migration[];
  platform: PlatformSource<TEvents>;
}

/**
 * The part every service shares: the platform (opened here if the service owns it), its schema's
 * knex, migrations under the advisory lock (whichever process of the schema starts first migrates).
 */
async function prepare<TEvents>(params: BootParams<TEvents>) {
  const { name, log } = params;
  const { platform, owned } = await openPlatform(params.platform);
  try {
    const knex = await platform.database(name);
    const applied = await migrateLatest(knex, name, params.migrations);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
    const deps: ServiceDeps<TEvents> = { knex, redis: platform.redis, log, platform };
    const readiness: Record<string, ReadinessCheck> = { postgres: () => knex.raw('select 1') };
    const { redis } = platform;
    if (redis) readiness.redis = () => redis.ping();
    return { deps, readiness, closePlatform: () => (owned ? platform.close() : Promise.resolve()) };
  } catch (error) {
    if (owned) await platform.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Starts a subgraph the same way everywhere: open its platform's database for its own schema,
 * migrate it, build the schema and listen. `stop` drains requests, stops background work, then
 * closes the platform if the subgraph opened it.
 */
export async function bootSubgraph<
  TContext extends BaseContext,
  TExposed extends object = object,
  TEvents = unknown,
>(
  params: BootParams<TEvents> & {
    env: BaseEnv & { PORT: number };
    define: (
      deps: ServiceDeps<TEvents>,
    ) => Promise<SubgraphDefinition<TContext, TExposed>> | SubgraphDefinition<TContext, TExposed>;
  },
): Promise<RunningSubgraph<TEvents> & TExposed> {
  const { name, env, log } = params;
  const { deps, readiness, closePlatform } = await prepare(params);
  let definition: SubgraphDefinition<TContext, TExposed> | undefined;
  try {
    definition = await params.define(deps);
    const server = await startSubgraphServer(
      {
        name,
        typeDefs: definition.typeDefs,
        resolvers: definition.resolvers,
        permissions: definition.permissions,
        createContext: definition.createContext,
        internalSecret: env.INTERNAL_JWT_SECRET,
        exposeErrorDetails: isDevelopment(env),
        log,
        routes: definition.routes,
        readiness,
      },
      { port: env.PORT, host: env.HOST },
    );
    const stopBackground = definition.stopBackground;
    return {
      ...(definition.expose as TExposed),
      ...server,
      deps,
      stop: async () => {
        await server.stop();
        await stopBackground?.();
        await closePlatform();
      },
    };
  } catch (error) {
    await definition?.stopBackground?.().catch(() => undefined);
    await closePlatform().catch(() => undefined);
    throw error;
  }
}

export interface WorkerDefinition<TExposed extends object = object> {
  /** Resolves once the worker's background work is running (its consumer groups exist). */
  ready?: Promise<void>;
  /** Stops the background work (lets what runs finish); the platform closes after it. */
  stop: () => Promise<void>;
  expose?: TExposed;
}

export interface RunningWorker<TEvents = unknown> {
  /** Base URL of the health endpoints (`/health`, `/health/live`, `/health/ready`). */
  url: string;
  port: number;
  httpServer: Server;
  ready: Promise<void>;
  deps: ServiceDeps<TEvents>;
  /** Stops the work, closes health and then the platform if the worker opened it. Idempotent. */
  stop: () => Promise<void>;
}

/**
 * Starts a background worker (no GraphQL) the way `bootSubgraph` starts a subgraph: same platform,
 * same migrations of its schema; serves the health endpoints on `env.PORT`. Redis away only
 * degrades it (its consumers wait and resume by themselves).
 */
export async function bootWorker<TExposed extends object = object, TEvents = unknown>(
  params: BootParams<TEvents> & {
    /** The schema the worker works in (a worker of tasks' domain uses `tasks`). */
    schema: string;
    env: BaseEnv & { PORT: number };
    define: (deps: ServiceDeps<TEvents>) => Promise<WorkerDefinition<TExposed>> | WorkerDefinition<TExposed>;
  },
): Promise<RunningWorker<TEvents> & TExposed> {
  const { env, log } = params;
  const { deps, readiness, closePlatform } = await prepare({ ...params, name: params.schema });
  let definition: WorkerDefinition<TExposed> | undefined;
  try {
    definition = await params.define(deps);
    const app = express();
    app.disable('x-powered-by');
    app.use(createHealthRouter(params.name, readiness, { degradedOnly: ['redis'] }));
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, env.HOST, resolve);
    });
    const { port } = server.address() as AddressInfo;
    log.info({ port }, `${params.name} health listening`);
    const work = definition;
    let stopping: Promise<void> | undefined;
    return {
      ...(work.expose as TExposed),
      url: `http://127.0.0.1:${port}`,
      port,
      httpServer: server,
      ready: work.ready ?? Promise.resolve(),
      deps,
      stop: () => {
        stopping ??= (async () => {
          await work.stop();
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await closePlatform();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await definition?.stop().catch(() => undefined);
    await closePlatform().catch(() => undefined);
    throw error;
  }
}
