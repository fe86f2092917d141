import { type FragmentType, getFragmentData, graphql } from '../../gql';
import type { Audit_AuditEntryFragmentFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/datetime';

/** An audit entry as the activity page and a task's history render it (`auditLog`, `Task.history`). */
export const Audit_AuditEntryFragment = graphql(`
  fragment Audit_AuditEntryFragment on AuditEntry {
    __typename
    id
    at
    action
    entityType
    entityId
    changes
    correlationId
    actor {
      __typename
      id
      name
      email
    }
  }
`);

/** A page of entries (`auditLog` and `Task.history` are the same connection). */
export const Audit_AuditPageFragment = graphql(`
  fragment Audit_AuditPageFragment on AuditEntryConnection {
    __typename
    totalCount
    pageInfo {
      __typename
      hasNextPage
      endCursor
    }
    edges {
      __typename
      cursor
      node {
        __typename
        id
        ...Audit_AuditEntryFragment
      }
    }
  }
`);

/** A page's entries, ready to render, and where the next page starts. */
export function auditPage(page: FragmentType<typeof Audit_AuditPageFragment>) {
  const { pageInfo, edges } = getFragmentData(Audit_AuditPageFragment, page);
  return { pageInfo, entries: edges.map((edge) => getFragmentData(Audit_AuditEntryFragment, edge.node)) };
}

/** What these helpers read of an entry. */
type AuditEntry = Pick<Audit_AuditEntryFragmentFragment, 'action' | 'changes'>;

const ACTIONS: Record<string, string> = {
  TASK_CREATED: 'created the task',
  TASK_UPDATED: 'edited the task',
  TASK_COMPLETED: 'completed the task',
  TASK_REOPENED: 'reopened the task',
  TASK_DELETED: 'moved a task to the trash',
  TASK_RESTORED: 'restored a task',
  TASK_TAGS_CHANGED: 'changed the tags of a task',
  TAG_CREATED: 'created the tag',
  TAG_UPDATED: 'edited the tag',
  TAG_DELETED: 'deleted the tag',
};

/** "completed the task"; unknown actions read as their code in words. */
export function actionText(action: string): string {
  return ACTIONS[action] ?? action.toLowerCase().replace(/_/g, ' ');
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') {
    if (ISO.test(value)) return formatDateTime(value);
    if (/^[A-Z][A-Z_]+$/.test(value))
      return value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');
    return value.length > 80 ? `“${value.slice(0, 80)}…”` : `“${value}”`;
  }
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
};

/** For edits, `{ field: { from, to } }` as lines of text ("title: “a” → “b”"). */
export function changeLines(entry: AuditEntry): string[] {
  const changes = entry.changes;
  if (!/_(UPDATED|TAGS_CHANGED)$/.test(entry.action)) return [];
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [];
  const lines: string[] = [];
  for (const [field, change] of Object.entries(changes as Record<string, unknown>)) {
    if (change && typeof change === 'object' && ('from' in change || 'to' in change)) {
      const { from, to } = change as { from?: unknown; to?: unknown };
      lines.push(`${field}: ${show(from)} → ${show(to)}`);
    }
  }
  return lines.slice(0, 6);
}

/** The title or name the entry is about, when its changes carry one. */
export function entryTitle(entry: AuditEntry): string | null {
  const changes = entry.changes as Record<string, unknown> | null;
  if (!changes || typeof changes !== 'object') return null;
  const title = changes.title ?? changes.name;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && 'to' in title && typeof title.to === 'string') return title.to;
  return null;
}
