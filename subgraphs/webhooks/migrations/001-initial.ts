import type { Migration } from '@taskflow/common';

export const initial: Migration = {
  name: '001-initial',
  async up(knex) {
    await knex.raw(`
      create table webhooks (
        id uuid primary key,
        owner_id uuid not null,
        url text not null,
        events text[] not null,
        selection text not null,
        active boolean not null default true,
        secret text not null,
        previous_secret text,
        previous_secret_expires_at timestamptz(3),
        consecutive_failures integer not null default 0,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz(3) not null default now()
      )`);
    // The list per owner, and the intake's look-up of an event owner's active webhooks.
    await knex.raw('create index webhooks_owner_idx on webhooks (owner_id, created_at, id)');
    await knex.raw(`
      create table webhook_deliveries (
        id uuid primary key default gen_random_uuid(),
        webhook_id uuid not null references webhooks (id) on delete cascade,
        owner_id uuid not null,
        event_uuid uuid not null,
        event_id text not null,
        event_ms bigint not null,
        event_seq bigint not null,
        event_type text not null,
        task_id uuid not null,
        occurred_at timestamptz(3) not null,
        changes jsonb not null,
        body text,
        status text not null default 'PENDING',
        attempts integer not null default 0,
        max_attempts integer not null,
        last_response_status integer,
        next_attempt_at timestamptz(3),
        locked_until timestamptz(3),
        created_at timestamptz(3) not null default now(),
        unique (webhook_id, event_uuid)
      )`);
    // The sender's read: the head of each webhook's queue (oldest pending event first).
    await knex.raw(`create index webhook_deliveries_pending_idx on webhook_deliveries (webhook_id, event_ms, event_seq)
      where status = 'PENDING'`);
    // The delivery log, newest first.
    await knex.raw(
      'create index webhook_deliveries_log_idx on webhook_deliveries (webhook_id, event_ms desc, event_seq desc)',
    );
    await knex.raw(`
      create table webhook_attempts (
        id bigserial primary key,
        delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
        at timestamptz(3) not null default now(),
        response_status integer,
        error text,
        response_body text,
        duration_ms integer not null
      )`);
    await knex.raw('create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id)');
  },
  async down(knex) {
    await knex.raw('drop table if exists webhook_attempts');
    await knex.raw('drop table if exists webhook_deliveries');
    await knex.raw('drop table if exists webhooks');
  },
};
