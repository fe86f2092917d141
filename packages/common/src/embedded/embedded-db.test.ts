import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError } from './data-dir-lock.js';
import { type EmbeddedDb, openEmbeddedDb } from './embedded-db.js';

describe('openEmbeddedDb', () => {
  let dataDir: string;
  const opened: EmbeddedDb[] = [];
  const open = async () => {
    const db = await openEmbeddedDb({ dataDir });
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'taskflow-embedded-')), 'data');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    await rm(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('refuses a second open of the same directory while a live process holds it', async () => {
    await open();
    await expect(openEmbeddedDb({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
  });

  it('refuses when the lock names another live process, with a clear message', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'taskflow.pid'), `${process.ppid}\n`);
    await expect(openEmbeddedDb({ dataDir })).rejects.toThrow(
      new RegExp(`already running on .* \\(pid ${process.ppid}\\)`),
    );
  });

  it('takes over a stale lock left by a process that died', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'taskflow.pid'), `${dead.stdout.toString()}\n`);
    const db = await open();
    expect((await db.knex('app').raw('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps data across a close and a reopen, and removes its lock on close', async () => {
    let db = await openEmbeddedDb({ dataDir });
    await db.knex('app').raw('create schema app; create table app.notes (body text)');
    await db.knex('app')('notes').insert({ body: 'kept' });
    await db.close();
    await expect(stat(join(dataDir, 'taskflow.pid'))).rejects.toMatchObject({ code: 'ENOENT' });
    db = await open();
    expect(await db.knex('app')('notes').select('body')).toEqual([{ body: 'kept' }]);
  });

  it('gives each schema its own search_path on the one instance', async () => {
    const db = await open();
    for (const schema of ['one', 'two']) {
      await db.knex(schema).raw(`create schema ${schema}`);
      await db
        .knex(schema)
        .schema.withSchema(schema)
        .createTable('items', (table) => table.text('name'));
    }
    await Promise.all([
      db.knex('one')('items').insert({ name: 'from one' }),
      db.knex('two')('items').insert({ name: 'from two' }),
    ]);
    expect(await db.knex('one')('items').select('name')).toEqual([{ name: 'from one' }]);
    expect(await db.knex('two')('items').select('name')).toEqual([{ name: 'from two' }]);
  });

  it('queues a query made beside an open transaction until it commits, instead of hanging', async () => {
    const db = await open();
    await db.knex('app').raw('create schema app; create table app.counts (n int)');
    let releaseTransaction!: () => void;
    const held = new Promise<void>((resolve) => {
      releaseTransaction = resolve;
    });
    const transaction = db.knex('app').transaction(async (trx) => {
      await trx('counts').insert({ n: 1 });
      await held;
      await trx('counts').insert({ n: 2 });
    });
    // Same knex and another schema's knex: both wait, neither runs inside the transaction.
    const beside = db.knex('app')('counts').count<{ count: number }[]>('* as count');
    const other = db.knex('other').raw('select count(*)::int as count from app.counts');
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseTransaction();
    await transaction;
    expect(Number((await beside)[0]!.count)).toBe(2);
    expect((await other).rows).toEqual([{ count: 2 }]);
  });

  it('rolls back cleanly and hands the session on', async () => {
    const db = await open();
    await db.knex('app').raw('create schema app; create table app.rows (n int)');
    await expect(
      db.knex('app').transaction(async (trx) => {
        await trx('rows').insert({ n: 1 });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.knex('app')('rows').select('n')).toEqual([]);
  });
});
