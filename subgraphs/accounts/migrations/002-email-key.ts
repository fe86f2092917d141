import type { Migration } from '@taskflow/common';
import { emailKey } from '../src/domain/users/email.js';

const BATCH = 1000;

/**
 * Accounts are unique by `emailKey(email)` (NFKC, Unicode lower case, computed in one place in
 * JavaScript) instead of Postgres' `lower(email)`, which follows the collation and let Unicode
 * variants of one address be told apart from (or matched to) it (issue 15, defect 6). Stored
 * addresses passed the ASCII-only check sign-up had until now, for which both agree, so the backfill
 * cannot make two accounts collide; if imported data does, the unique index fails and the migration
 * rolls back whole rather than pick one of them.
 */
export const emailKeyMigration: Migration = {
  name: '002-email-key',
  async up(knex) {
    await knex.schema.alterTable('users', (t) => t.text('email_key'));
    for (let after = ''; ; ) {
      const rows = (await knex('users')
        .select('id', 'email')
        .where('id', '>', after || '00000000-0000-0000-0000-000000000000')
        .orderBy('id')
        .limit(BATCH)) as { id: string; email: string }[];
      if (rows.length === 0) break;
      await knex.raw(
        `update users set email_key = keyed.key
           from unnest(?::uuid[], ?::text[]) as keyed(id, key) where users.id = keyed.id`,
        [rows.map((row) => row.id), rows.map((row) => emailKey(row.email))],
      );
      after = rows.at(-1)!.id;
    }
    await knex.schema.alterTable('users', (t) => {
      t.dropNullable('email_key');
      t.unique(['email_key'], { indexName: 'users_email_key_unique' });
    });
    await knex.raw('drop index users_email_lower_unique');
  },
  async down(knex) {
    await knex.raw('create unique index users_email_lower_unique on users (lower(email))');
    await knex.schema.alterTable('users', (t) => t.dropColumn('email_key'));
  },
};
