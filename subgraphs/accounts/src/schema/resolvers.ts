import { DateTimeScalar } from '@taskflow/common';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    me: async (_parent, _args, ctx) => (await ctx.users.me(ctx.identity)) ?? null,
    apiKeys: (_parent, _args, ctx) => ctx.apiKeys.list(ctx.identity),
  },
  Mutation: {
    signUp: (_parent, { input }, ctx) => ctx.auth.signUp(ctx.caller, input),
    signIn: (_parent, { input }, ctx) => ctx.auth.signIn(ctx.caller, input),
    signOut: (_parent, _args, ctx) => ctx.auth.signOut(ctx.caller),
    refreshToken: (_parent, _args, ctx) => ctx.auth.refresh(ctx.caller),
    createApiKey: (_parent, args, ctx) => ctx.apiKeys.create(ctx.caller, args),
    revokeApiKey: (_parent, { id }, ctx) => ctx.apiKeys.revoke(ctx.caller, id),
  },
  User: {
    __resolveReference: (reference, ctx) => ctx.users.resolveReference(ctx.identity, reference.id),
  },
};
