import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import type { Logger } from './logger.js';
import { retry } from './retry.js';

export type { Knex };

export interface Migration {
  name: string;
  up: (knex: Knex) => Promise<void>;
  down?: (knex: Knex) => Promise<void>;
}

/** Postgres returns bigint counts as strings (node-pg) and PGlite as numbers: normalise. */
export const toCount = (value: unknown): number => Number(value ?? 0);

/**
 * A knex instance for one subgraph's schema: its tables are found through `search_path`, so the
 * subgraph can move to its own database by changing only DATABASE_URL.
 */
export function createKnex(options: {
  url: string;
  schema: string;
  log?: Logger;
  pool?: { min?: number; max?: number };
}): Knex {
  const log = options.log?.child({ component: 'knex' });
  return knexFactory({
    client: 'pg',
    connection: options.url,
    searchPath: [options.schema, 'public'],
    pool: { min: 0, max: options.pool?.max ?? 10 },
    acquireConnectionTimeout: 10_000,
    ...(log
      ? {
          log: {
            warn: (message: unknown) => log.warn({ detail: String(message) }, 'knex warning'),
            error: (message: unknown) => log.error({ detail: String(message) }, 'knex error'),
            deprecate: (message: unknown) => log.warn({ detail: String(message) }, 'knex deprecation'),
            debug: () => undefined,
          },
        }
      : {}),
    ...knexSnakeCaseMappers(),
  });
}

/** Waits for the database with exponential backoff (containers start in any order). */
export async function waitForDatabase(knex: Knex, log: Logger, attempts = 12): Promise<void> {
  await retry(() => knex.raw('select 1'), {
    attempts,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    onRetry: (error, attempt, delayMs) =>
      log.warn({ attempt, delayMs, err: (error as Error).message }, 'database not reachable yet, retrying'),
  });
}

/**
 * Runs the schema's migrations to the latest version. A Postgres advisory lock makes replicas that
 * start together take turns: the first migrates, the others find nothing left to do.
 */
export async function migrateLatest(knex: Knex, schema: string, migrations: Migration[]): Promise<string[]> {
  const lockKey = `taskflow:migrate:${schema}`;
  const connection = await knex.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock(hashtext($1))', [lockKey]);
    await knex.raw('create schema if not exists ??', [schema]);
    const [, applied] = (await knex.migrate.latest({
      schemaName: schema,
      tableName: 'knex_migrations',
      migrationSource: {
        getMigrations: async () => migrations,
        getMigrationName: (migration: Migration) => migration.name,
        getMigration: async (migration: Migration) => migration,
      },
    })) as [number, string[]];
    return applied;
  } finally {
    await connection.query('select pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await knex.client.releaseConnection(connection);
  }
}

/** Postgres error codes repositories translate into domain errors. */
export const PgErrorCode = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  INVALID_TEXT_REPRESENTATION: '22P02',
} as const;

export const pgErrorCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown; nativeError?: { code?: unknown } })?.code;
  if (typeof code === 'string') return code;
  const native = (error as { nativeError?: { code?: unknown } })?.nativeError?.code;
  return typeof native === 'string' ? native : undefined;
};

/** The constraint a Postgres error names (a unique violation's index), wherever knex put it. */
export const pgConstraint = (error: unknown): string | undefined => {
  const constraint = (error as { constraint?: unknown; nativeError?: { constraint?: unknown } })?.constraint;
  if (typeof constraint === 'string') return constraint;
  const native = (error as { nativeError?: { constraint?: unknown } })?.nativeError?.constraint;
  return typeof native === 'string' ? native : undefined;
};
