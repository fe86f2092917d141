import { randomUUID } from 'node:crypto';
import { buildTaskEvent } from '@taskflow/events/testing';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEntry } from '../src/domain/audit/audit-chain.js';
import { type AuditHarness, type Persona, persona, startAuditHarness } from './support.js';

let harness: AuditHarness;
/** A superuser session of its own: what someone with database access, not the API, could do. */
let admin: Knex;
beforeAll(async () => {
  harness = await startAuditHarness();
  admin = knexFactory({ client: 'pg', connection: harness.database.url, pool: { min: 0, max: 1 } });
});
afterAll(async () => {
  await admin?.destroy();
  await harness?.stop();
});

const verify = async (who: Persona) => {
  const result = await harness.request<{
    verifyAuditChain: boolean;
    auditChainVerification: { isValid: boolean; checkedEntries: number; firstInvalidEntryId: string | null };
  }>(
    who.identity,
    '{ verifyAuditChain auditChainVerification { isValid checkedEntries firstInvalidEntryId } }',
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
};

/** A user with `count` entries recorded through the handler (what the consumer calls). */
const userWithEntries = async (count: number) => {
  const who = persona();
  for (let index = 0; index < count; index++) {
    await harness.audit.audit.record(buildTaskEvent('TaskCreated', who.id));
  }
  const rows = await admin('audit.audit_entries').where({ owner_id: who.id }).orderBy('sequence');
  return { who, rows };
};

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE in the database', async () => {
    const { rows } = await userWithEntries(1);
    const id = rows[0]!.id;
    await expect(
      admin('audit.audit_entries').where({ id }).update({ action: 'TASK_DELETED' }),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(admin('audit.audit_entries').where({ id }).delete()).rejects.toThrow(/append-only: DELETE/);
    await expect(admin.raw('truncate audit.audit_entries')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await admin('audit.audit_entries').where({ id }).first()).toMatchObject({
      action: 'TASK_CREATED',
    });
  });
});

describe('hash chain', () => {
  it('verifies an intact chain, each entry linked to the one before', async () => {
    const { who, rows } = await userWithEntries(5);
    expect(rows.map((row) => row.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBeNull();
    for (let index = 1; index < rows.length; index++)
      expect(rows[index]!.prev_hash).toBe(rows[index - 1]!.hash);
    expect(await verify(who)).toEqual({
      verifyAuditChain: true,
      auditChainVerification: { isValid: true, checkedEntries: 5, firstInvalidEntryId: null },
    });
    // A user with no entries has an intact (empty) chain.
    expect((await verify(persona())).verifyAuditChain).toBe(true);
  });

  it('detects an entry edited behind the API’s back (trigger disabled by a superuser)', async () => {
    const { who, rows } = await userWithEntries(4);
    const victim = rows[2]!;
    await admin.transaction(async (trx) => {
      await trx.raw('alter table audit.audit_entries disable trigger audit_entries_append_only');
      await trx('audit.audit_entries')
        .where({ id: victim.id })
        .update({ changes: JSON.stringify({ title: 'nothing to see' }) });
      await trx.raw('alter table audit.audit_entries enable trigger audit_entries_append_only');
    });
    expect(await verify(who)).toEqual({
      verifyAuditChain: false,
      auditChainVerification: { isValid: false, checkedEntries: 3, firstInvalidEntryId: victim.id },
    });
    // Other users' chains are not affected.
    const { who: bystander } = await userWithEntries(2);
    expect((await verify(bystander)).verifyAuditChain).toBe(true);
  });

  it('detects an entry removed from the middle of the chain', async () => {
    const { who, rows } = await userWithEntries(3);
    await admin.transaction(async (trx) => {
      await trx.raw('alter table audit.audit_entries disable trigger user');
      await trx('audit.audit_entries').where({ id: rows[1]!.id }).delete();
      await trx.raw('alter table audit.audit_entries enable trigger user');
    });
    expect((await verify(who)).auditChainVerification).toMatchObject({
      isValid: false,
      firstInvalidEntryId: rows[2]!.id,
    });
  });

  it('detects a forged entry inserted at the end of the chain', async () => {
    const { who, rows } = await userWithEntries(2);
    const last = rows[1]!;
    await admin('audit.audit_entries').insert({
      id: randomUUID(),
      owner_id: who.id,
      sequence: 3,
      event_id: randomUUID(),
      actor_id: who.id,
      at: new Date(),
      action: 'TASK_DELETED',
      entity_type: 'Task',
      entity_id: randomUUID(),
      changes: null,
      correlation_id: null,
      // Linked, but hashed with a made-up value: whoever forges it does not get the hash right.
      prev_hash: last.hash,
      hash: 'f'.repeat(64),
    });
    expect((await verify(who)).verifyAuditChain).toBe(false);
  });

  it('accepts exactly what the recorder hashed (the encoding is stable across the jsonb round trip)', async () => {
    const { rows } = await userWithEntries(1);
    const row = rows[0]!;
    expect(
      hashEntry({
        id: row.id,
        ownerId: row.owner_id,
        sequence: row.sequence,
        eventId: row.event_id,
        actorId: row.actor_id,
        at: row.at,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        changes: row.changes,
        correlationId: row.correlation_id,
        prevHash: row.prev_hash,
      }),
    ).toBe(row.hash);
  });
});
