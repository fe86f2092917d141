import { DateTimeScalar, JSONScalar } from '@taskflow/common';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    auditLog: (_parent, args, ctx) => ctx.audit.list(ctx.identity, args),
    verifyAuditChain: async (_parent, _args, ctx) => (await ctx.audit.verifyChain(ctx.identity)).isValid,
    auditChainVerification: (_parent, _args, ctx) => ctx.audit.verifyChain(ctx.identity),
  },
  Task: {
    // Any id: `history` only ever shows the caller's own entries, so another user's task has none.
    __resolveReference: (reference) => ({ id: reference.id }),
    history: (task, args, ctx) => ctx.audit.history(ctx.identity, task.id, args),
  },
  AuditEntry: {
    actor: (entry) => ({ __typename: 'User', id: entry.actorId }),
  },
  AuditEntryConnection: {
    totalCount: (page) => page.totalCount(),
  },
};
