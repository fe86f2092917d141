import { DateTimeScalar } from '@taskflow/common';
import type { Resolvers } from '../generated/graphql.js';

const clientIp = (ip: string | undefined) => ip ?? 'unknown';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    me: async (_parent, _args, ctx) => (await ctx.users.me(ctx.identity)) ?? null,
    apiKeys: (_parent, _args, ctx) => ctx.apiKeys.list(ctx.identity),
  },
  Mutation: {
    signUp: (_parent, { input }, ctx) => ctx.auth.signUp(input, clientIp(ctx.identity.ip)),
    signIn: (_parent, { input }, ctx) => ctx.auth.signIn(input, clientIp(ctx.identity.ip)),
    signOut: (_parent, _args, ctx) => ctx.auth.signOut(ctx.identity),
    refreshToken: (_parent, _args, ctx) => ctx.auth.refresh(ctx.identity),
    createApiKey: (_parent, args, ctx) => ctx.apiKeys.create(ctx.identity, args),
    revokeApiKey: (_parent, { id }, ctx) => ctx.apiKeys.revoke(ctx.identity, id),
  },
  User: {
    __resolveReference: (reference, ctx) => ctx.users.resolveReference(ctx.identity, reference.id),
  },
};
