import type { Migration } from '@taskflow/common';

export const initial: Migration = {
  name: '001-initial',
  async up(knex) {
    await knex.schema.createTable('tags', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('owner_id').notNullable();
      t.text('name').notNullable();
      t.text('color');
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
    });
    // Names are unique per user whatever their case; this index also serves the list by name.
    await knex.raw('create unique index tags_owner_name_unique on tags (owner_id, lower(name))');
  },
  async down(knex) {
    await knex.schema.dropTable('tags');
  },
};
