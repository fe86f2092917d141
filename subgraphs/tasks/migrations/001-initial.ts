import type { Migration } from '@taskflow/common';

export const initial: Migration = {
  name: '001-initial',
  async up(knex) {
    await knex.schema.createTable('tasks', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('owner_id').notNullable();
      t.text('title').notNullable();
      t.text('description');
      // 0 LOW, 1 MEDIUM, 2 HIGH, 3 URGENT: ordering by priority is ordering by this number.
      t.smallint('priority').notNullable().defaultTo(1);
      t.text('status').notNullable().defaultTo('OPEN');
      // Millisecond precision, as JavaScript has: cursors round-trip timestamps exactly.
      t.timestamp('due_at', { useTz: true, precision: 3 });
      t.timestamp('completed_at', { useTz: true, precision: 3 });
      t.timestamp('deleted_at', { useTz: true, precision: 3 });
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
      t.text('recurrence_rule');
      t.text('recurrence_timezone');
      t.text('recurrence_basis');
      t.uuid('series_id');
      t.integer('occurrence_number');
      // The completed occurrence this one continues: unique, so a series advances once per completion.
      t.uuid('previous_occurrence_id').unique();
      t.specificType('tag_ids', 'uuid[]').notNullable().defaultTo('{}');
    });
    await knex.raw(`alter table tasks
      add constraint tasks_status_check check (status in ('OPEN', 'COMPLETED')),
      add constraint tasks_priority_check check (priority between 0 and 3),
      add constraint tasks_recurrence_check check ((recurrence_rule is null) = (recurrence_timezone is null))`);
    // Title weighs more than description; 'english' stems, so "passports" finds "passport".
    await knex.raw(`alter table tasks add column search tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')
    ) stored`);
    await knex.raw('create index tasks_search on tasks using gin (search)');
    await knex.raw('create index tasks_tag_ids on tasks using gin (tag_ids)');
    // One index per order the API offers, led by the owner, for the live (not deleted) list; with
    // the id tie-breaker running the same way, each serves its order forwards and backwards and
    // keyset paging is an index range scan. Due dates sort nulls last both ways: two indexes.
    for (const [name, expression] of [
      ['created', 'created_at, id'],
      ['updated', 'updated_at, id'],
      ['due', 'due_at asc nulls last, id asc'],
      ['due_desc', 'due_at desc nulls last, id desc'],
      ['priority', 'priority, id'],
      ['title', 'lower(title), id'],
    ]) {
      await knex.raw(
        `create index tasks_owner_${name} on tasks (owner_id, ${expression}) where deleted_at is null`,
      );
    }
    await knex.raw(
      'create index tasks_owner_deleted on tasks (owner_id, deleted_at) where deleted_at is not null',
    );
    await knex.raw('create index tasks_series on tasks (series_id) where series_id is not null');
  },
  async down(knex) {
    await knex.schema.dropTable('tasks');
  },
};
