import type { Connection } from '@taskflow/common';

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

/** One page of entries; `totalCount` is computed only when asked for. */
export type AuditPage = Connection<AuditEntry>;
export type AuditEdge = AuditPage['edges'][number];

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
