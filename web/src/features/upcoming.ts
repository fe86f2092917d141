/**
 * Operations for the parts of the public contract (shared/API.md) that the supergraph does not
 * have yet: subscriptions (served by the gateway over graphql-ws), reminders, notifications, task
 * history and the audit log. They are plain strings on purpose: the client preset validates every
 * `graphql()` document against schema/supergraph.graphql, which would reject them today. Once a
 * field is in the supergraph, move its operation to `graphql()` and drop the hand-written type.
 * Every screen using them treats GRAPHQL_VALIDATION_FAILED as "not available yet".
 */

export type TaskChangeKind = 'CREATED' | 'UPDATED' | 'COMPLETED' | 'REOPENED' | 'DELETED' | 'RESTORED';

export interface TaskChangeEvent {
  eventId: string;
  kind: TaskChangeKind;
  taskId: string;
  at: string;
  task: { __typename?: 'Task'; id: string; title: string } | null;
}

export const TASK_CHANGED = `subscription TaskChanged($since: ID) {
  taskChanged(since: $since) {
    __typename
    eventId
    kind
    taskId
    at
    task {
      __typename
      id
      title
      description
      priority
      status
      dueAt
      completedAt
      deletedAt
      createdAt
      updatedAt
      seriesId
      recurrence { __typename rule timezone basis text }
      tags { __typename id name color }
    }
  }
}`;

export interface NotificationItem {
  __typename?: 'Notification';
  id: string;
  kind: string;
  message: string;
  createdAt: string;
  readAt: string | null;
  task: { __typename?: 'Task'; id: string; title: string } | null;
}

const NOTIFICATION_FIELDS = `__typename id kind message createdAt readAt task { __typename id title }`;

export const NOTIFICATION_RECEIVED = `subscription NotificationReceived {
  notificationReceived { ${NOTIFICATION_FIELDS} }
}`;

export interface Connection<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: T }[];
}

export const NOTIFICATIONS = `query Notifications($first: Int, $after: String) {
  notifications(first: $first, after: $after) {
    __typename
    totalCount
    pageInfo { __typename hasNextPage endCursor }
    edges { __typename cursor node { ${NOTIFICATION_FIELDS} } }
  }
  unread: notifications(unreadOnly: true, first: 1) { __typename totalCount }
}`;

export interface NotificationsData {
  notifications: Connection<NotificationItem>;
  unread: { totalCount: number };
}

export const MARK_NOTIFICATION_READ = `mutation MarkNotificationRead($id: ID!) {
  markNotificationRead(id: $id) { __typename id readAt }
}`;

export const MARK_ALL_NOTIFICATIONS_READ = `mutation MarkAllNotificationsRead { markAllNotificationsRead }`;

export interface Reminder {
  __typename?: 'Reminder';
  id: string;
  taskId: string;
  remindAt: string;
  minutesBefore: number | null;
  firedAt: string | null;
}

const REMINDER_FIELDS = `__typename id taskId remindAt minutesBefore firedAt`;

export const TASK_REMINDERS = `query TaskReminders($id: ID!) {
  task(id: $id) { __typename id reminders { ${REMINDER_FIELDS} } }
}`;

export interface TaskRemindersData {
  task: { id: string; reminders: Reminder[] } | null;
}

export const ADD_REMINDER = `mutation AddReminder($taskId: ID!, $input: ReminderInput!) {
  addReminder(taskId: $taskId, input: $input) { ${REMINDER_FIELDS} }
}`;

export const REMOVE_REMINDER = `mutation RemoveReminder($id: ID!) { removeReminder(id: $id) }`;

export interface AuditEntry {
  __typename?: 'AuditEntry';
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  changes: unknown;
  correlationId: string | null;
  actor: { id: string; name: string; email: string };
}

const AUDIT_FIELDS = `__typename id at action entityType entityId changes correlationId actor { __typename id name email }`;

export const TASK_HISTORY = `query TaskHistory($id: ID!, $first: Int, $after: String) {
  task(id: $id) {
    __typename
    id
    history(first: $first, after: $after) {
      __typename
      totalCount
      pageInfo { __typename hasNextPage endCursor }
      edges { __typename cursor node { ${AUDIT_FIELDS} } }
    }
  }
}`;

export interface TaskHistoryData {
  task: { id: string; history: Connection<AuditEntry> } | null;
}

export const AUDIT_LOG = `query AuditLog($first: Int, $after: String) {
  auditLog(first: $first, after: $after) {
    __typename
    totalCount
    pageInfo { __typename hasNextPage endCursor }
    edges { __typename cursor node { ${AUDIT_FIELDS} } }
  }
}`;

export interface AuditLogData {
  auditLog: Connection<AuditEntry>;
}
