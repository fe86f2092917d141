import { Model } from 'objection';

export const AUDIT_ACTIONS = [
  'TASK_CREATED',
  'TASK_UPDATED',
  'TASK_COMPLETED',
  'TASK_REOPENED',
  'TASK_DELETED',
  'TASK_RESTORED',
  'TASK_TAGS_CHANGED',
  'TAG_CREATED',
  'TAG_UPDATED',
  'TAG_DELETED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const ENTITY_TYPES = ['Task', 'Tag'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** What one change contributes to the log, before it gets its place in the owner's chain. */
export interface AuditRecord {
  eventId: string;
  ownerId: string;
  actorId: string;
  at: Date;
  action: AuditAction;
  entityType: EntityType;
  entityId: string;
  changes: unknown;
  correlationId: string | null;
}

/** An entry of the log as the domain and the API see it. */
export interface AuditEntry extends AuditRecord {
  id: string;
  /** 1, 2, 3… per owner, in the order entries were recorded (the chain's order). */
  sequence: number;
  prevHash: string | null;
  hash: string;
  recordedAt: Date;
}

export interface AuditEdge {
  cursor: string;
  node: AuditEntry;
}

/** One page of entries; `totalCount` is computed only when asked for. */
export interface AuditPage {
  edges: AuditEdge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/** A `User` as the audit subgraph knows it: a reference the accounts subgraph resolves. */
export interface UserReference {
  __typename: 'User';
  id: string;
}

/** A `Task` entity as the audit subgraph knows it: its id, for `history`. */
export interface TaskReference {
  id: string;
}

export interface ChainVerification {
  isValid: boolean;
  checkedEntries: number;
  firstInvalidEntryId: string | null;
}

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
