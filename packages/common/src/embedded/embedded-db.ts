import { resolve } from 'node:path';
import { PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { knexSnakeCaseMappers } from 'objection';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';

/** Where the embedded mode keeps its data when TASKFLOW_DATA_DIR is unset. */
export const defaultDataDir = './.taskflow/data';

const beginsTransaction = /^\s*(begin|start\s+transaction)\b/i;
const endsTransaction = /^\s*(commit|end|abort|rollback)\b(?!\s+to\b)/i;
const multipleCommands = /cannot insert multiple commands into a prepared statement/i;

/**
 * PGlite is one Postgres session. Every knex on it gets "connections" from here; each query takes
 * the session in turn (a FIFO queue), and a connection that ran BEGIN keeps it until COMMIT or
 * ROLLBACK, so another schema's query never lands inside someone else's transaction: it waits for
 * the commit instead. `search_path` is set to the connection's schema whenever the session changes
 * hands (outside any transaction, so a rollback cannot undo it).
 */
class PgliteSession {
  private tail: Promise<void> = Promise.resolve();
  private searchPath: string | null = null;

  constructor(
    readonly pglite: PGlite,
    private readonly lockTimeoutMs: number,
  ) {}

  /** Waits for the session; resolves with the function that hands it on. */
  async take(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((done) => {
      release = done;
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `waited ${this.lockTimeoutMs} ms for PGlite's one connection: is a query running beside ` +
                'an open transaction that waits for it? Run it on the transaction instead.',
            ),
          ),
        this.lockTimeoutMs,
      );
      timer.unref();
    });
    try {
      await Promise.race([previous, timeout]);
    } catch (error) {
      // Keep the queue intact: whoever comes after waits for the one before us.
      previous.then(release);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return release;
  }

  async useSchema(path: string): Promise<void> {
    if (this.searchPath === path) return;
    await this.pglite.query(`set search_path to ${path}`);
    this.searchPath = path;
  }
}

/** One knex "connection" on the shared session, bound to one schema. */
class SessionConnection {
  private release: (() => void) | null = null;

  constructor(
    private readonly session: PgliteSession,
    private readonly searchPath: string,
  ) {}

  readonly waitReady = Promise.resolve();

  async query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    const inTransaction = this.release !== null;
    if (!inTransaction) {
      this.release = await this.session.take();
    }
    let keep = inTransaction;
    try {
      await this.session.useSchema(this.searchPath);
      const result = await this.run<T>(sql, params, options);
      if (!inTransaction && beginsTransaction.test(sql)) keep = true;
      if (inTransaction && endsTransaction.test(sql)) keep = false;
      return result;
    } catch (error) {
      if (inTransaction && endsTransaction.test(sql)) keep = false;
      throw error;
    } finally {
      if (!keep) this.handBack();
    }
  }

  /** knex destroys a connection (pool shutdown): an unfinished transaction is rolled back. */
  async close(): Promise<void> {
    if (this.release === null) return;
    await this.session.pglite.query('rollback').catch(() => undefined);
    this.handBack();
  }

  private async run<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    try {
      return await this.session.pglite.query<T>(sql, params, options);
    } catch (error) {
      // Migrations send several statements in one string: the simple protocol runs them.
      if (params?.length || !multipleCommands.test((error as Error).message)) throw error;
      const results = await this.session.pglite.exec(sql, options);
      return results.at(-1) as Results<T>;
    }
  }

  private handBack(): void {
    const release = this.release;
    this.release = null;
    release?.();
  }
}

export interface EmbeddedDbOptions {
  /** TASKFLOW_DATA_DIR (default `./.taskflow/data`); PGlite's files live in `<dataDir>/postgres`. */
  dataDir?: string;
  /** How long a query waits for the session before failing with an explanation (default 30 s). */
  lockTimeoutMs?: number;
}

export interface EmbeddedDb {
  readonly dataDir: string;
  readonly pglite: PGlite;
  /** The knex of one schema (memoised): its tables are found through `search_path` as with `createKnex`. */
  knex(schema: string): Knex;
  /** Destroys every knex, closes PGlite (a checkpoint) and removes the lock. */
  close(): Promise<void>;
}

/**
 * Opens the embedded mode's database: one PGlite on `<dataDir>/postgres` (btree_gin loaded), locked
 * to this process (`DataDirLockedError` if another live one has it), shared by a knex per schema.
 */
export async function openEmbeddedDb(options: EmbeddedDbOptions = {}): Promise<EmbeddedDb> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir);
  const lock: DataDirLock = await lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(`${dataDir}/postgres`, { extensions: { btree_gin } });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const session = new PgliteSession(pglite, options.lockTimeoutMs ?? 30_000);
  const knexes = new Map<string, Knex>();

  const knexOf = (schema: string): Knex => {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new TypeError(`not a schema name: ${schema}`);
    const existing = knexes.get(schema);
    if (existing) return existing;
    const searchPath = `"${schema}", public`;
    // knex-pglite's dialect, with connections on the shared session instead of its own PGlite, and a
    // pool wider than one: a query on `knex` during a transaction on it waits for the commit rather
    // than for a pool slot the transaction holds.
    class SessionClient extends (ClientPgLite as unknown as new (config: Knex.Config) => object) {
      _driver(): void {}
      initializePool(config: Knex.Config): void {
        (
          Object.getPrototypeOf(ClientPgLite.prototype) as { initializePool: (c: Knex.Config) => void }
        ).initializePool.call(this, { ...config, pool: { min: 0, max: 8 } });
      }
      async _acquireOnlyConnection(): Promise<SessionConnection> {
        return new SessionConnection(session, searchPath);
      }
      async destroyRawConnection(connection: SessionConnection): Promise<void> {
        await connection.close();
      }
    }
    const knex = knexFactory({
      client: SessionClient as unknown as typeof knexFactory.Client,
      dialect: 'postgres',
      connection: {},
      acquireConnectionTimeout: 60_000,
      ...knexSnakeCaseMappers(),
    });
    knexes.set(schema, knex);
    return knex;
  };

  let closing: Promise<void> | null = null;
  return {
    dataDir,
    pglite,
    knex: knexOf,
    close: () => {
      closing ??= (async () => {
        await Promise.all([...knexes.values()].map((knex) => knex.destroy()));
        knexes.clear();
        try {
          await pglite.close();
        } finally {
          await lock.release();
        }
      })();
      return closing;
    },
  };
}
