import type { Express } from 'express';
import type { DocumentNode } from 'graphql';
import type { IRules } from 'graphql-shield';
import type { BaseContext } from './context.js';
import { createKnex, type Knex, type Migration, migrateLatest, waitForDatabase } from './db.js';
import { type BaseEnv, isDevelopment } from './env.js';
import type { Logger } from './logger.js';
import { createRedis, type Redis } from './redis.js';
import { type RunningServer, startSubgraphServer } from './subgraph-server.js';

export interface SubgraphDeps {
  knex: Knex;
  redis: Redis;
  log: Logger;
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

export interface RunningSubgraph extends RunningServer {
  deps: SubgraphDeps;
}

/**
 * Starts a subgraph the same way everywhere: wait for Postgres (with backoff), migrate its own
 * schema, connect Redis, build the schema and listen. `stop` drains requests, stops background
 * work, then closes Redis and the pool.
 */
export async function bootSubgraph<TContext extends BaseContext, TExposed extends object = object>(params: {
  name: string;
  env: BaseEnv & { PORT: number };
  log: Logger;
  migrations: Migration[];
  define: (
    deps: SubgraphDeps,
  ) => Promise<SubgraphDefinition<TContext, TExposed>> | SubgraphDefinition<TContext, TExposed>;
}): Promise<RunningSubgraph & TExposed> {
  const { name, env, log } = params;
  const knex = createKnex({ url: env.DATABASE_URL, schema: name, log });
  await waitForDatabase(knex, log);
  const applied = await migrateLatest(knex, name, params.migrations);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  const redis = createRedis(env.REDIS_URL, log, `${name}`);
  const deps = { knex, redis, log };
  const definition = await params.define(deps);
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
      readiness: {
        postgres: () => knex.raw('select 1'),
        redis: () => redis.ping(),
      },
    },
    { port: env.PORT, host: env.HOST },
  );
  return {
    ...(definition.expose as TExposed),
    ...server,
    deps,
    stop: async () => {
      await server.stop();
      await definition.stopBackground?.();
      redis.disconnect();
      await knex.destroy();
    },
  };
}
