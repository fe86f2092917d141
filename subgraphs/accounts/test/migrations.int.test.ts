/**
 * Accounts' migrations on real Postgres: 002 gives the accounts that exist one key per address
 * (`emailKey`), refuses a collision rather than pick an account, and goes down cleanly.
 */
import { createKnex, type Knex, migrateLatest } from '@taskflow/common';
import { createTestDatabase, type TestDatabase } from '@taskflow/common/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initial } from '../migrations/001-initial.js';
import { emailKeyMigration } from '../migrations/002-email-key.js';
import { migrations } from '../migrations/index.js';

let database: TestDatabase;
let knex: Knex;

beforeEach(async () => {
  database = await createTestDatabase('accounts_migrations');
  knex = createKnex({ url: database.url, schema: 'accounts' });
  await migrateLatest(knex, 'accounts', [initial]);
});

afterEach(async () => {
  await knex?.destroy();
  await database?.drop();
});

const addUsers = (emails: string[]) =>
  knex('users').insert(emails.map((email, i) => ({ email, name: `User ${i}`, passwordHash: 'hash' })));

describe('002-email-key', () => {
  it('keys every existing account by its normalised address, in batches, and keeps the address as typed', async () => {
    const emails = Array.from({ length: 2100 }, (_, i) => `Person.${i}@Example.COM`);
    await addUsers(emails);
    await migrateLatest(knex, 'accounts', migrations);
    const rows = (await knex('users').select('email', 'emailKey')) as { email: string; emailKey: string }[];
    expect(rows).toHaveLength(emails.length);
    for (const row of rows) expect(row.emailKey).toBe(row.email.toLowerCase());
    await expect(
      knex('users').insert({
        email: 'x@y.io',
        emailKey: 'person.7@example.com',
        name: 'Twin',
        passwordHash: 'h',
      }),
    ).rejects.toThrow(/users_email_key_unique/);
    await expect(
      knex('users').insert({ email: 'x@y.io', name: 'No key', passwordHash: 'h' }),
    ).rejects.toThrow(/email_key/);
  });

  it('refuses to choose between two accounts that turn out to be one address, and changes nothing', async () => {
    await addUsers(['éve@example.io', 'éve@example.io'.normalize('NFD')]);
    await expect(migrateLatest(knex, 'accounts', migrations)).rejects.toThrow(/users_email_key_unique/);
    expect(await knex.schema.hasColumn('users', 'email_key')).toBe(false);
    expect(await knex('users').count({ count: '*' })).toEqual([{ count: '2' }]);
  });

  it('goes down to lower(email) uniqueness again', async () => {
    await migrateLatest(knex, 'accounts', migrations);
    await emailKeyMigration.down!(knex);
    expect(await knex.schema.hasColumn('users', 'email_key')).toBe(false);
    await addUsers(['Ada@example.com']);
    await expect(addUsers(['ada@EXAMPLE.com'])).rejects.toThrow(/users_email_lower_unique/);
  });
});
