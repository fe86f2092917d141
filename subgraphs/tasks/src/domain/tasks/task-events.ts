import {
  createEnvelope,
  type EventEnvelope,
  type FieldChanges,
  type TaskEventPayload,
  type TaskflowEvents,
  type TaskSnapshot,
} from '@taskflow/events';
import type { Task } from './task.js';

type TaskEventType =
  | 'TaskCreated'
  | 'TaskUpdated'
  | 'TaskCompleted'
  | 'TaskReopened'
  | 'TaskDeleted'
  | 'TaskRestored'
  | 'TaskTagsChanged';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The task as events carry it (the "after" image). */
export function toSnapshot(task: Task): TaskSnapshot {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    priority: task.priority,
    status: task.status,
    dueAt: iso(task.dueAt),
    completedAt: iso(task.completedAt),
    deletedAt: iso(task.deletedAt),
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    recurrence: task.recurrence,
    seriesId: task.seriesId,
    tagIds: task.tagIds,
    previousOccurrenceId: task.previousOccurrenceId,
  };
}

const comparable = (value: unknown) => JSON.stringify(value ?? null);

/** Field by field, what differs between two snapshots (`updatedAt` aside: it always does). */
export function diffSnapshots(before: TaskSnapshot, after: TaskSnapshot): FieldChanges<TaskSnapshot> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof TaskSnapshot)[]) {
    if (key === 'updatedAt') continue;
    if (comparable(before[key]) !== comparable(after[key]))
      changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return changes as FieldChanges<TaskSnapshot>;
}

/** The envelope of a change to `task`, carrying the request's correlation id. */
export function taskEvent<T extends TaskEventType>(
  type: T,
  task: Task,
  correlationId: string | null,
  payload: Omit<TaskflowEvents[T], keyof TaskEventPayload> = {} as Omit<
    TaskflowEvents[T],
    keyof TaskEventPayload
  >,
): EventEnvelope<T> {
  return createEnvelope(type, {
    aggregateId: task.id,
    ownerId: task.ownerId,
    correlationId,
    payload: { task: toSnapshot(task), ...payload } as TaskflowEvents[T],
  });
}
