import { DateTimeScalar, DomainError, parseInput } from '@taskflow/common';
import { z } from 'zod';
import { describeRecurrence, occurrencesAfter, seriesStart } from '../domain/recurrence/index.js';
import type { TaskRecurrence } from '../domain/tasks/task.js';
import type { Resolvers } from '../generated/graphql.js';

const previewCount = z
  .number()
  .int()
  .min(1, '`count` must be at least 1')
  .max(100, '`count` can be at most 100')
  .nullish()
  .transform((value) => value ?? 5);

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    task: (_parent, { id }, ctx) => ctx.tasks.get(ctx.identity, id),
    tasks: (_parent, args, ctx) => ctx.tasks.list(ctx.identity, args),
  },
  Mutation: {
    createTask: (_parent, { input }, ctx) => ctx.tasks.create(ctx.caller, input),
    updateTask: (_parent, { id, input }, ctx) => ctx.tasks.update(ctx.caller, id, input),
    completeTask: (_parent, { id }, ctx) => ctx.tasks.complete(ctx.caller, id),
    reopenTask: (_parent, { id }, ctx) => ctx.tasks.reopen(ctx.caller, id),
    deleteTask: (_parent, { id }, ctx) => ctx.tasks.delete(ctx.caller, id),
    restoreTask: (_parent, { id }, ctx) => ctx.tasks.restore(ctx.caller, id),
    setTaskTags: (_parent, { taskId, tagIds }, ctx) => ctx.tasks.setTags(ctx.caller, taskId, tagIds),
  },
  Task: {
    __resolveReference: (reference, ctx) => ctx.taskById.load(reference.id),
    recurrence: (task): TaskRecurrence | null =>
      task.recurrence
        ? {
            ...task.recurrence,
            dtstart: seriesStart(task),
            occurrenceNumber: task.occurrenceNumber ?? 1,
          }
        : null,
  },
  TaskConnection: {
    totalCount: (page) => page.totalCount(),
  },
  Recurrence: {
    text: (recurrence) => describeRecurrence(recurrence),
    nextOccurrences: (recurrence, args) => {
      const count = parseInput(previewCount, args.count, 'count');
      const after = args.after ?? new Date();
      if (!(after instanceof Date))
        throw new DomainError('BAD_USER_INPUT', 'Invalid `after`', { field: 'after' });
      return occurrencesAfter(recurrence, recurrence.dtstart, after, count, {
        occurrenceNumber: recurrence.occurrenceNumber,
      });
    },
  },
  Tag: {
    __resolveReference: (reference) => ({ id: reference.id }),
    taskCount: (tag, _args, ctx) => ctx.tagTaskCount.load(tag.id),
  },
};
