import { type EnvelopeOf, TASK_EVENT_TYPES } from '@taskflow/events';
import type { AuditAction, AuditRecord, EntityType } from './audit-entry.js';

/** The events the audit log records: every change to a task or a tag. */
export const AUDITED_EVENT_TYPES = [...TASK_EVENT_TYPES, 'TagCreated', 'TagUpdated', 'TagDeleted'] as const;
export type AuditedEventType = (typeof AUDITED_EVENT_TYPES)[number];
export type AuditedEvent = EnvelopeOf<AuditedEventType>;

const actions: Record<AuditedEventType, { action: AuditAction; entityType: EntityType }> = {
  TaskCreated: { action: 'TASK_CREATED', entityType: 'Task' },
  TaskUpdated: { action: 'TASK_UPDATED', entityType: 'Task' },
  TaskCompleted: { action: 'TASK_COMPLETED', entityType: 'Task' },
  TaskReopened: { action: 'TASK_REOPENED', entityType: 'Task' },
  TaskDeleted: { action: 'TASK_DELETED', entityType: 'Task' },
  TaskRestored: { action: 'TASK_RESTORED', entityType: 'Task' },
  TaskTagsChanged: { action: 'TASK_TAGS_CHANGED', entityType: 'Task' },
  TagCreated: { action: 'TAG_CREATED', entityType: 'Tag' },
  TagUpdated: { action: 'TAG_UPDATED', entityType: 'Tag' },
  TagDeleted: { action: 'TAG_DELETED', entityType: 'Tag' },
};

/**
 * `changes` of an entry: the event's own field diff for updates and lifecycle events, the snapshot
 * for creations (and for a tag's deletion, which removes it for good). Lifecycle events written
 * before they carried their diff get the fields they set, with `from` where the event implies it.
 */
function changesOf(event: AuditedEvent): unknown {
  switch (event.type) {
    case 'TaskCreated':
      return event.payload.task;
    case 'TaskUpdated':
      return event.payload.changes;
    case 'TaskCompleted':
    case 'TaskReopened':
    case 'TaskDeleted':
    case 'TaskRestored':
      return event.payload.changes ?? impliedChanges(event);
    case 'TaskTagsChanged': {
      const { task, addedTagIds, removedTagIds } = event.payload;
      const added = new Set(addedTagIds);
      const before = [...task.tagIds.filter((id) => !added.has(id)), ...removedTagIds];
      return { tagIds: { from: before, to: task.tagIds } };
    }
    case 'TagCreated':
      return event.payload.tag;
    case 'TagUpdated':
      return event.payload.changes;
    case 'TagDeleted':
      return event.payload.tag;
  }
}

/** What a lifecycle event without its diff implies: the fields it sets (`from` where it is certain). */
function impliedChanges(
  event: EnvelopeOf<'TaskCompleted' | 'TaskReopened' | 'TaskDeleted' | 'TaskRestored'>,
): unknown {
  switch (event.type) {
    case 'TaskCompleted':
      return {
        status: { from: 'OPEN', to: 'COMPLETED' },
        completedAt: { from: null, to: event.payload.task.completedAt },
      };
    case 'TaskReopened':
      return { status: { from: 'COMPLETED', to: 'OPEN' }, completedAt: { to: null } };
    case 'TaskDeleted':
      return { deletedAt: { from: null, to: event.payload.task.deletedAt } };
    case 'TaskRestored':
      return { deletedAt: { to: null } };
  }
}

/**
 * The audit record of an event. The actor is the owner: every change to a task or tag is made by
 * its owner, or on the owner's behalf (the recurrence worker).
 */
export function auditRecordOf(event: AuditedEvent): AuditRecord {
  const { action, entityType } = actions[event.type];
  return {
    eventId: event.id,
    ownerId: event.ownerId,
    actorId: event.ownerId,
    at: new Date(event.occurredAt),
    action,
    entityType,
    entityId: event.aggregateId,
    changes: changesOf(event) ?? null,
    correlationId: event.correlationId,
  };
}
