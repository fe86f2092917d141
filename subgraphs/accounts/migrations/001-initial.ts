import type { Migration } from '@taskflow/common';

export const initial: Migration = {
  name: '001-initial',
  async up(knex) {
    await knex.schema.createTable('users', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.text('email').notNullable();
      t.text('name').notNullable();
      t.text('password_hash').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    // Emails are unique whatever their case; the address is kept as the user typed it.
    await knex.raw('create unique index users_email_lower_unique on users (lower(email))');

    await knex.schema.createTable('sessions', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('cascade');
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('expires_at', { useTz: true }).notNullable();
      t.timestamp('revoked_at', { useTz: true });
      t.index(['user_id']);
    });

    await knex.schema.createTable('api_keys', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('user_id').notNullable().references('id').inTable('users').onDelete('cascade');
      t.text('name').notNullable();
      t.text('prefix').notNullable();
      // SHA-256 of the whole key: keys carry 256 random bits, so a fast hash is enough and lookups stay O(1).
      t.text('key_hash').notNullable().unique();
      t.specificType('scopes', 'text[]').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('last_used_at', { useTz: true });
      t.timestamp('revoked_at', { useTz: true });
      t.index(['user_id']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable('api_keys');
    await knex.schema.dropTable('sessions');
    await knex.schema.dropTable('users');
  },
};
