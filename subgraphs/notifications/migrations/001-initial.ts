import type { Migration } from '@taskflow/common';

export const initial: Migration = {
  name: '001-initial',
  async up(knex) {
    // What this subgraph knows of each task, from task events: never the tasks subgraph's tables.
    await knex.schema.createTable('task_copies', (t) => {
      t.uuid('task_id').primary();
      t.uuid('owner_id').notNullable();
      t.text('title').notNullable();
      // Millisecond precision, as JavaScript has: instants round-trip exactly.
      t.timestamp('due_at', { useTz: true, precision: 3 });
      t.text('status').notNullable();
      t.timestamp('deleted_at', { useTz: true, precision: 3 });
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
      t.uuid('previous_occurrence_id');
      t.timestamp('version', { useTz: true, precision: 3 }).notNullable();
    });

    await knex.schema.createTable('reminders', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('owner_id').notNullable();
      t.uuid('task_id').notNullable().references('task_id').inTable('task_copies');
      t.timestamp('remind_at', { useTz: true, precision: 3 }).notNullable();
      t.integer('minutes_before');
      t.timestamp('fired_at', { useTz: true, precision: 3 });
      t.timestamp('cancelled_at', { useTz: true, precision: 3 });
      t.uuid('copied_from_id');
      t.text('correlation_id');
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
      // A reminder is carried over to a task's next occurrence once, however often the event comes.
      t.unique(['task_id', 'copied_from_id'], { indexName: 'reminders_task_copied_from_unique' });
    });
    await knex.raw(
      'alter table reminders add constraint reminders_minutes_before_check check (minutes_before between 0 and 525600)',
    );
    // The scheduler's only read: armed reminders by time. Partial, so it stays as small as the backlog.
    await knex.raw(
      'create index reminders_due on reminders (remind_at) where fired_at is null and cancelled_at is null',
    );
    await knex.raw('create index reminders_task on reminders (task_id, remind_at, id)');

    await knex.schema.createTable('notifications', (t) => {
      t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
      t.uuid('owner_id').notNullable();
      t.text('kind').notNullable();
      t.text('message').notNullable();
      t.uuid('task_id');
      // One notification per reminder: the scheduler's claim makes it so, this makes it certain.
      t.uuid('reminder_id').unique();
      t.uuid('snoozed_from_id');
      t.text('correlation_id');
      t.text('snooze_correlation_id');
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('read_at', { useTz: true, precision: 3 });
      t.timestamp('snoozed_until', { useTz: true, precision: 3 });
    });
    // Newest first, keyset on (created_at, id); unread ones have their own smaller index.
    await knex.raw('create index notifications_owner_created on notifications (owner_id, created_at, id)');
    await knex.raw(
      'create index notifications_owner_unread on notifications (owner_id, created_at, id) where read_at is null',
    );
    await knex.raw(
      'create index notifications_snoozed on notifications (snoozed_until) where snoozed_until is not null',
    );
  },
  async down(knex) {
    await knex.schema.dropTable('notifications');
    await knex.schema.dropTable('reminders');
    await knex.schema.dropTable('task_copies');
  },
};
