import { DateTimeScalar } from '@taskflow/common';
import type { Tag } from '../domain/tags/tag.js';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    tags: (_parent, _args, ctx) => ctx.tags.list(ctx.identity),
  },
  Mutation: {
    createTag: (_parent, { input }, ctx) => ctx.tags.create(ctx.caller, input),
    updateTag: (_parent, { id, input }, ctx) => ctx.tags.update(ctx.caller, id, input),
    deleteTag: (_parent, { id }, ctx) => ctx.tags.delete(ctx.caller, id),
  },
  Tag: {
    __resolveReference: (reference, ctx) => ctx.tagById.load(reference.id),
  },
  Task: {
    __resolveReference: (reference) => reference,
    // Deleted tags simply drop out; every task of the response shares one batched query.
    tags: async (task, _args, ctx) =>
      (await ctx.tagById.loadMany(task.tagIds ?? [])).filter(
        (tag): tag is Tag => !!tag && !(tag instanceof Error),
      ),
  },
};
