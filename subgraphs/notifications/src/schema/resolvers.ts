import { DateTimeScalar } from '@taskflow/common';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    notifications: (_parent, args, ctx) => ctx.notifications.list(ctx.identity, args),
    notification: (_parent, { id }, ctx) => ctx.notifications.get(ctx.identity, id),
  },
  Mutation: {
    addReminder: (_parent, { taskId, input }, ctx) => ctx.reminders.add(ctx.caller, taskId, input),
    removeReminder: (_parent, { id }, ctx) => ctx.reminders.remove(ctx.identity, id),
    markNotificationRead: (_parent, { id }, ctx) => ctx.notifications.markRead(ctx.identity, id),
    markAllNotificationsRead: (_parent, _args, ctx) => ctx.notifications.markAllRead(ctx.identity),
    snoozeNotification: (_parent, { id, minutes }, ctx) => ctx.notifications.snooze(ctx.caller, id, minutes),
  },
  Task: {
    // Any id: `reminders` only ever shows the caller's own, so another user's task has none.
    __resolveReference: (reference) => ({ id: reference.id }),
    reminders: (task, _args, ctx) => ctx.remindersByTask.load(task.id),
  },
  Notification: {
    // A reference the tasks subgraph resolves with the caller's rights; null once the task is in the trash.
    task: async (notification, _args, ctx) => {
      if (!notification.taskId) return null;
      const copy = await ctx.taskCopyById.load(notification.taskId);
      return copy?.deletedAt ? null : { __typename: 'Task', id: notification.taskId };
    },
  },
  NotificationConnection: {
    totalCount: (page) => page.totalCount(),
  },
};
