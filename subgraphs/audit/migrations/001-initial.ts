import type { Migration } from '@taskflow/common';

export const initial: Migration = {
  name: '001-initial',
  async up(knex) {
    await knex.schema.createTable('audit_entries', (t) => {
      t.uuid('id').primary();
      // The owner's log and chain; the actor is the owner today (kept apart for delegated changes).
      t.uuid('owner_id').notNullable();
      t.integer('sequence').notNullable();
      t.uuid('event_id').notNullable().unique({ indexName: 'audit_entries_event_id_unique' });
      t.uuid('actor_id').notNullable();
      // Millisecond precision, as JavaScript has: cursors and hashes round-trip the instant exactly.
      t.timestamp('at', { useTz: true, precision: 3 }).notNullable();
      t.text('action').notNullable();
      t.text('entity_type').notNullable();
      t.text('entity_id').notNullable();
      t.jsonb('changes');
      t.text('correlation_id');
      t.text('prev_hash');
      t.text('hash').notNullable();
      t.timestamp('recorded_at', { useTz: true, precision: 3 }).notNullable().defaultTo(knex.fn.now());
      t.unique(['owner_id', 'sequence'], { indexName: 'audit_entries_owner_sequence_unique' });
    });
    // Newest first, keyset on (at, id): one index per filter, each led by the owner; since/until are
    // ranges on `at` within any of them.
    await knex.raw('create index audit_entries_owner_at on audit_entries (owner_id, at, id)');
    await knex.raw(
      'create index audit_entries_owner_entity_at on audit_entries (owner_id, entity_id, at, id)',
    );
    await knex.raw('create index audit_entries_owner_action_at on audit_entries (owner_id, action, at, id)');
    // Append-only for real: the database itself refuses to change or remove entries.
    await knex.raw(`create function audit_entries_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit entries are append-only: % is not allowed', tg_op
          using errcode = 'insufficient_privilege';
      end
      $$`);
    await knex.raw(`create trigger audit_entries_append_only before update or delete on audit_entries
      for each row execute function audit_entries_refuse_change()`);
    await knex.raw(`create trigger audit_entries_no_truncate before truncate on audit_entries
      for each statement execute function audit_entries_refuse_change()`);
  },
  async down(knex) {
    await knex.schema.dropTable('audit_entries');
    await knex.raw('drop function if exists audit_entries_refuse_change()');
  },
};
