import { randomUUID } from 'node:crypto';
import { createEnvelope, type EventEnvelope } from '../envelope.js';
import type { EventType, TagSnapshot, TaskflowEvents, TaskSnapshot } from '../event-types.js';

/** A plausible task snapshot; override what the test cares about. */
export function buildTaskSnapshot(overrides: Partial<TaskSnapshot> = {}): TaskSnapshot {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    title: 'Write the report',
    description: null,
    priority: 'MEDIUM',
    status: 'OPEN',
    dueAt: null,
    completedAt: null,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
    recurrence: null,
    seriesId: null,
    tagIds: [],
    ...overrides,
  };
}

export function buildTagSnapshot(overrides: Partial<TagSnapshot> = {}): TagSnapshot {
  const now = new Date().toISOString();
  return { id: randomUUID(), name: 'work', color: null, createdAt: now, updatedAt: now, ...overrides };
}

/** A task event for `ownerId` (a fresh task unless `task` is given). */
export function buildTaskEvent<
  T extends 'TaskCreated' | 'TaskCompleted' | 'TaskDeleted' | 'TaskReopened' | 'TaskRestored',
>(
  type: T,
  ownerId: string,
  options: { task?: Partial<TaskSnapshot>; correlationId?: string | null } = {},
): EventEnvelope<T> {
  const task = buildTaskSnapshot(options.task);
  return createEnvelope(type, {
    aggregateId: task.id,
    ownerId,
    payload: { task } as TaskflowEvents[T],
    correlationId: options.correlationId ?? `test-${randomUUID().slice(0, 8)}`,
  });
}

/** A tag event for `ownerId`. */
export function buildTagEvent<T extends 'TagCreated' | 'TagDeleted'>(
  type: T,
  ownerId: string,
  options: { tag?: Partial<TagSnapshot> } = {},
): EventEnvelope<T> {
  const tag = buildTagSnapshot(options.tag);
  return createEnvelope(type, { aggregateId: tag.id, ownerId, payload: { tag } as TaskflowEvents[T] });
}

export type { EventType };
