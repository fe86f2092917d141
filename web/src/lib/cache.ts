import { type Cache, cacheExchange, type Data } from '@urql/exchange-graphcache';
import { TaskListQuery } from '../features/tasks/operations';
import type {
  CreateTaskInput,
  TaskChangedSubscription,
  TaskFilter,
  TaskListQuery as TaskListData,
} from '../gql/graphql';
import { TagChip_TagFragment } from '../ui/TagChip';

type ListArgs = {
  filter?: TaskFilter | null;
  orderBy?: unknown;
  first?: number | null;
  after?: string | null;
};

const taskLists = (cache: Cache) =>
  cache.inspectFields('Query').filter((field) => field.fieldName === 'tasks');

const showsDeleted = (args: ListArgs) => !!(args.filter?.onlyDeleted || args.filter?.includeDeleted);

/** Refetch task lists (all, or those `which` picks): their membership or order may have changed. */
function invalidateLists(cache: Cache, which: (args: ListArgs) => boolean = () => true) {
  for (const field of taskLists(cache)) {
    if (which(field.arguments as ListArgs)) cache.invalidate('Query', field.fieldKey);
  }
}

function updateLists(cache: Cache, update: (args: ListArgs, data: TaskListData) => TaskListData | null) {
  for (const field of taskLists(cache)) {
    const args = field.arguments as ListArgs;
    cache.updateQuery({ query: TaskListQuery, variables: args as never }, (data) =>
      data ? update(args, data as TaskListData) : data,
    );
  }
}

/** Takes a task out of every list that hides deleted tasks (at once, also optimistically). */
function removeFromLists(cache: Cache, taskId: string) {
  updateLists(cache, (args, data) => {
    if (showsDeleted(args)) return data;
    const edges = data.tasks.edges.filter((edge) => edge.node.id !== taskId);
    if (edges.length === data.tasks.edges.length) return data;
    return { ...data, tasks: { ...data.tasks, edges, totalCount: Math.max(0, data.tasks.totalCount - 1) } };
  });
}

/** A new task goes on top of the first page of every unfiltered-enough list until the server answers. */
function prependToLists(cache: Cache, task: Data & { priority?: string }) {
  updateLists(cache, (args, data) => {
    const f = args.filter ?? {};
    const excluded =
      args.after ||
      f.onlyDeleted ||
      f.status === 'COMPLETED' ||
      f.search ||
      f.overdue ||
      f.dueAfter ||
      f.dueBefore ||
      f.tagIds?.length ||
      (f.priorities?.length && !f.priorities.includes(task.priority as never));
    if (excluded || data.tasks.edges.some((edge) => edge.node.id === task.id)) return data;
    const edge = { __typename: 'TaskEdge' as const, cursor: '', node: task as never };
    return {
      ...data,
      tasks: { ...data.tasks, edges: [edge, ...data.tasks.edges], totalCount: data.tasks.totalCount + 1 },
    };
  });
}

/** Asks again for the `notifications` lists (all, or those whose arguments match). */
function invalidateNotificationLists(
  cache: Cache,
  which: (args: { unreadOnly?: boolean | null }) => boolean = () => true,
) {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'notifications' && which(field.arguments ?? {}))
      cache.invalidate('Query', field.fieldKey);
  }
}

function invalidateTagCounts(cache: Cache) {
  const tags = cache.resolve('Query', 'tags');
  if (!Array.isArray(tags)) return;
  for (const key of tags) if (typeof key === 'string') cache.invalidate(key, 'taskCount');
}

function appendLink(cache: Cache, field: string, entity: Data | null | undefined) {
  if (!entity) return;
  const key = cache.keyOfEntity(entity);
  const links = cache.resolve('Query', field) as string[] | null;
  if (!key || !Array.isArray(links) || links.includes(key)) return;
  cache.link('Query', field, [...links, key]);
}

/** Types without an identity of their own: stored inside their parent. */
const embedded = () => null;

const now = () => new Date().toISOString();
let optimisticId = 0;

/**
 * The normalised cache: entities by `__typename:id`; connections, edges and value types embedded.
 * Optimistic results for create/complete/reopen/delete/restore/tags; list membership follows
 * mutations and `taskChanged` events.
 */
export function createCacheExchange() {
  return cacheExchange({
    keys: {
      TaskConnection: embedded,
      TaskEdge: embedded,
      PageInfo: embedded,
      Recurrence: embedded,
      AuthPayload: embedded,
      CreatedApiKey: embedded,
      TaskChangeEvent: embedded,
      NotificationConnection: embedded,
      NotificationEdge: embedded,
      AuditEntryConnection: embedded,
      AuditEntryEdge: embedded,
    },
    optimistic: {
      createTask: (args, cache) => {
        const input = (args as { input: CreateTaskInput }).input;
        const at = now();
        return {
          __typename: 'Task',
          id: `optimistic-${++optimisticId}`,
          title: input.title,
          description: input.description ?? null,
          priority: input.priority ?? 'MEDIUM',
          status: 'OPEN',
          dueAt: input.dueAt ?? null,
          completedAt: null,
          deletedAt: null,
          createdAt: at,
          updatedAt: at,
          recurrence: input.recurrence
            ? { __typename: 'Recurrence', rule: input.recurrence.rule, text: 'repeats' }
            : null,
          tags: (input.tagIds ?? []).map((id) => {
            const tag = cache.readFragment(TagChip_TagFragment, { __typename: 'Tag', id: String(id) });
            return { __typename: 'Tag', id, name: tag?.name ?? '…', color: tag?.color ?? null };
          }),
        };
      },
      completeTask: (args) => ({
        __typename: 'Task',
        id: args.id as string,
        status: 'COMPLETED',
        completedAt: now(),
        updatedAt: now(),
      }),
      reopenTask: (args) => ({
        __typename: 'Task',
        id: args.id as string,
        status: 'OPEN',
        completedAt: null,
        updatedAt: now(),
      }),
      deleteTask: (args) => ({
        __typename: 'Task',
        id: args.id as string,
        deletedAt: now(),
        updatedAt: now(),
      }),
      restoreTask: (args) => ({
        __typename: 'Task',
        id: args.id as string,
        deletedAt: null,
        updatedAt: now(),
      }),
      setTaskTags: (args, cache) => ({
        __typename: 'Task',
        id: args.taskId as string,
        tags: (args.tagIds as string[]).map((id) => {
          const tag = cache.readFragment(TagChip_TagFragment, { __typename: 'Tag', id });
          return { __typename: 'Tag', id, name: tag?.name ?? '…', color: tag?.color ?? null };
        }),
      }),
      markNotificationRead: (args) => ({ __typename: 'Notification', id: args.id as string, readAt: now() }),
    },
    updates: {
      Mutation: {
        createTask(result, _args, cache, info) {
          const task = result.createTask as (Data & { priority?: string }) | null;
          if (!task) return;
          if (info.optimistic) prependToLists(cache, task);
          else {
            invalidateLists(cache);
            invalidateTagCounts(cache);
          }
        },
        updateTask(result, _args, cache, info) {
          if (result.updateTask && !info.optimistic) invalidateLists(cache);
        },
        completeTask(result, _args, cache, info) {
          if (result.completeTask && !info.optimistic) invalidateLists(cache);
        },
        reopenTask(result, _args, cache, info) {
          if (result.reopenTask && !info.optimistic) invalidateLists(cache);
        },
        deleteTask(result, args, cache, info) {
          if (!result.deleteTask) return;
          removeFromLists(cache, args.id as string);
          if (!info.optimistic) {
            invalidateLists(cache, showsDeleted);
            invalidateTagCounts(cache);
          }
        },
        restoreTask(result, _args, cache, info) {
          if (result.restoreTask && !info.optimistic) {
            invalidateLists(cache);
            invalidateTagCounts(cache);
          }
        },
        setTaskTags(result, _args, cache, info) {
          if (result.setTaskTags && !info.optimistic) {
            invalidateLists(cache, (args) => !!args.filter?.tagIds?.length);
            invalidateTagCounts(cache);
          }
        },
        createTag(result, _args, cache) {
          appendLink(cache, 'tags', result.createTag as Data | null);
        },
        deleteTag(result, args, cache) {
          if (result.deleteTag) {
            cache.invalidate({ __typename: 'Tag', id: args.id as string });
            invalidateLists(cache);
          }
        },
        createApiKey(result, _args, cache) {
          appendLink(cache, 'apiKeys', (result.createApiKey as { apiKey?: Data } | null)?.apiKey);
        },
        revokeApiKey(result, args, cache) {
          if (result.revokeApiKey) cache.invalidate({ __typename: 'ApiKey', id: args.id as string });
        },
        addReminder(result, args, cache) {
          if (result.addReminder)
            cache.invalidate({ __typename: 'Task', id: args.taskId as string }, 'reminders');
        },
        removeReminder(result, args, cache) {
          if (result.removeReminder) cache.invalidate({ __typename: 'Reminder', id: args.id as string });
        },
        markNotificationRead(result, _args, cache, info) {
          // The notification itself is updated from the result; the unread count must be asked again.
          if (result.markNotificationRead && !info.optimistic) {
            invalidateNotificationLists(cache, (args) => !!args.unreadOnly);
          }
        },
        markAllNotificationsRead(_result, _args, cache) {
          invalidateNotificationLists(cache);
        },
      },
      Subscription: {
        taskChanged(result, _args, cache) {
          const event = result.taskChanged as TaskChangedSubscription['taskChanged'] | null;
          if (!event) return;
          switch (event.kind) {
            case 'DELETED':
              removeFromLists(cache, event.taskId);
              invalidateLists(cache, showsDeleted);
              invalidateTagCounts(cache);
              break;
            default:
              // The task itself is normalised from the event; list membership and order may change.
              invalidateLists(cache);
              invalidateTagCounts(cache);
          }
        },
        notificationReceived(_result, _args, cache) {
          invalidateNotificationLists(cache);
        },
      },
    },
  });
}
