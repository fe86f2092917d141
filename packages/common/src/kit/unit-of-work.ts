import type { Knex } from 'knex';

/** What a repository is built on: the open transaction, or the pool for reads outside one. */
export type Db = Knex | Knex.Transaction;

/**
 * Opens the transaction and builds the repositories on it, so a service never holds a knex handle
 * and no query can run beside the open transaction (on PGlite, one connection, such a query would
 * wait for the transaction forever). `build` makes the repositories of one unit for one scope
 * (usually the owner whose rows it touches).
 */
export class UnitOfWork<Repositories, Scope = string> {
  constructor(
    private readonly knex: Knex,
    private readonly build: (db: Db, scope: Scope) => Repositories,
  ) {}

  /** Reads (and single-statement writes) outside a transaction: each query on its own connection. */
  run<T>(scope: Scope, work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return work(this.build(this.knex, scope));
  }

  /** `work` in one transaction on repositories built on it: committed when it resolves, rolled back when it throws. */
  transaction<T>(scope: Scope, work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return this.knex.transaction((trx) => work(this.build(trx, scope)));
  }
}
