/**
 * The typed topic map: every event TaskFlow publishes, its payload, the stream it goes to and, for
 * task events, the `TaskChangeKind` it shows as on `taskChanged`. Publishers and consumers import the
 * same map, so a payload change is a compile error on both sides.
 */

/** The subgraph that owns an event; each has one durable stream (`<prefix>events:<source>`). */
export type EventSource = 'tasks' | 'tags' | 'notifications' | 'webhooks';

/** The public `TaskChangeKind` enum of the API. */
export type TaskChangeKind = 'CREATED' | 'UPDATED' | 'COMPLETED' | 'REOPENED' | 'DELETED' | 'RESTORED';

export type Priority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
export type TaskStatus = 'OPEN' | 'COMPLETED';
export type RecurrenceBasis = 'DUE_DATE' | 'COMPLETION_DATE';

/** ISO-8601 instant, e.g. `2025-01-31T09:00:00.000Z`. */
export type IsoDateTime = string;

export interface RecurrenceSnapshot {
  rule: string;
  timezone: string;
  basis: RecurrenceBasis;
}

/** A task as it was right after the change (the "after" image). */
export interface TaskSnapshot {
  id: string;
  title: string;
  description: string | null;
  priority: Priority;
  status: TaskStatus;
  dueAt: IsoDateTime | null;
  completedAt: IsoDateTime | null;
  deletedAt: IsoDateTime | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  recurrence: RecurrenceSnapshot | null;
  seriesId: string | null;
  tagIds: string[];
  /** Set on an occurrence made by the recurrence worker: the occurrence whose completion made it. */
  previousOccurrenceId?: string | null;
}

export interface TagSnapshot {
  id: string;
  name: string;
  color: string | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export interface NotificationSnapshot {
  id: string;
  kind: string;
  message: string;
  taskId: string | null;
  createdAt: IsoDateTime;
  readAt: IsoDateTime | null;
}

/** What changed, field by field: `{ title: { from: 'a', to: 'b' } }`. Unchanged fields are absent. */
export type FieldChanges<T> = { [K in keyof T]?: { from: T[K]; to: T[K] } };

export interface TaskEventPayload {
  task: TaskSnapshot;
}

export interface TaskUpdatedPayload extends TaskEventPayload {
  changes: FieldChanges<TaskSnapshot>;
}

/**
 * Complete, reopen, delete, restore: the task after, and the fields the transition changed with
 * their values before (`completedAt` of a reopened task, `deletedAt` of a restored one). Optional:
 * events written before it was added do not carry it.
 */
export interface TaskTransitionPayload extends TaskEventPayload {
  changes?: FieldChanges<TaskSnapshot>;
}

export interface TaskTagsChangedPayload extends TaskEventPayload {
  addedTagIds: string[];
  removedTagIds: string[];
}

export interface TagEventPayload {
  tag: TagSnapshot;
}

export interface TagUpdatedPayload extends TagEventPayload {
  changes: FieldChanges<TagSnapshot>;
}

export interface NotificationCreatedPayload {
  notification: NotificationSnapshot;
}

export interface WebhookSnapshot {
  id: string;
  url: string;
}

export interface WebhookDisabledPayload {
  webhook: WebhookSnapshot;
  /** How many deliveries in a row had failed when it was deactivated. */
  consecutiveFailures: number;
}

/** Event type → payload type. Add an event here and in `eventDefinitions` below. */
export interface TaskflowEvents {
  TaskCreated: TaskEventPayload;
  TaskUpdated: TaskUpdatedPayload;
  TaskCompleted: TaskTransitionPayload;
  TaskReopened: TaskTransitionPayload;
  TaskDeleted: TaskTransitionPayload;
  TaskRestored: TaskTransitionPayload;
  TaskTagsChanged: TaskTagsChangedPayload;
  TagCreated: TagEventPayload;
  TagUpdated: TagUpdatedPayload;
  TagDeleted: TagEventPayload;
  NotificationCreated: NotificationCreatedPayload;
  WebhookDisabled: WebhookDisabledPayload;
}

export type EventType = keyof TaskflowEvents;

export interface EventDefinition {
  /** The stream the event goes to: the subgraph that owns the aggregate. */
  source: EventSource;
  aggregateType: string;
  /** The payload's schema version; bump it (and keep reading the old one) on a breaking change. */
  version: number;
  /** Set for events that appear on `taskChanged`: they go to the owner's change log. */
  changeKind: TaskChangeKind | null;
}

const taskEvent = (changeKind: TaskChangeKind): EventDefinition => ({
  source: 'tasks',
  aggregateType: 'Task',
  version: 1,
  changeKind,
});
const tagEvent: EventDefinition = { source: 'tags', aggregateType: 'Tag', version: 1, changeKind: null };

export const eventDefinitions: { readonly [T in EventType]: EventDefinition } = {
  TaskCreated: taskEvent('CREATED'),
  TaskUpdated: taskEvent('UPDATED'),
  TaskCompleted: taskEvent('COMPLETED'),
  TaskReopened: taskEvent('REOPENED'),
  TaskDeleted: taskEvent('DELETED'),
  TaskRestored: taskEvent('RESTORED'),
  // Tag assignment is a change of the task as the client sees it.
  TaskTagsChanged: taskEvent('UPDATED'),
  TagCreated: tagEvent,
  TagUpdated: tagEvent,
  TagDeleted: tagEvent,
  NotificationCreated: {
    source: 'notifications',
    aggregateType: 'Notification',
    version: 1,
    changeKind: null,
  },
  WebhookDisabled: { source: 'webhooks', aggregateType: 'Webhook', version: 1, changeKind: null },
};

export const eventTypes = Object.keys(eventDefinitions) as EventType[];

/** Every event of a task's life, each carrying the task as it is after the change. */
export const TASK_EVENT_TYPES = [
  'TaskCreated',
  'TaskUpdated',
  'TaskCompleted',
  'TaskReopened',
  'TaskDeleted',
  'TaskRestored',
  'TaskTagsChanged',
] as const satisfies readonly EventType[];

/** True for the event types this build knows; newer publishers may send types it does not. */
export const isEventType = (value: string): value is EventType => Object.hasOwn(eventDefinitions, value);

/** The change kind of an event type, or null when the type is not a task change (or unknown). */
export const changeKindOf = (type: string): TaskChangeKind | null =>
  isEventType(type) ? eventDefinitions[type].changeKind : null;
