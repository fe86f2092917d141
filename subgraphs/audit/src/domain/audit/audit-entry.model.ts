import { Model } from 'objection';
import type { AuditAction, AuditEntry, EntityType } from './audit-entry.js';

/** The audit_entries table's rows (objection), and their mapping to the domain's `AuditEntry`. */
export class AuditEntryRow extends Model {
  static override tableName = 'audit_entries';
  declare id: string;
  declare ownerId: string;
  declare sequence: number;
  declare eventId: string;
  declare actorId: string;
  declare at: Date;
  declare action: AuditAction;
  declare entityType: EntityType;
  declare entityId: string;
  declare changes: unknown;
  declare correlationId: string | null;
  declare prevHash: string | null;
  declare hash: string;
  declare recordedAt: Date;
}

export const toAuditEntry = (row: AuditEntryRow): AuditEntry => ({
  id: row.id,
  ownerId: row.ownerId,
  sequence: row.sequence,
  eventId: row.eventId,
  actorId: row.actorId,
  at: row.at,
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  changes: row.changes,
  correlationId: row.correlationId,
  prevHash: row.prevHash,
  hash: row.hash,
  recordedAt: row.recordedAt,
});
