import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, type GraphQLObjectType, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { describe, expect, it } from 'vitest';
import type { BaseContext } from './context.js';
import { isSignedIn } from './permissions.js';
import { shieldRootFields } from './subgraph-server.js';

const typeDefs = parse(`
  type Task { id: ID!  title: String! }
  type Query { task: Task  open: String }
`);
const resolvers = {
  Query: { task: () => ({ id: '1', title: 'tea' }), open: () => 'anyone' },
};
const context = (userId: string | null): BaseContext =>
  ({ identity: { kind: userId ? 'session' : 'anonymous', userId, scopes: [] } }) as unknown as BaseContext;

describe('shieldRootFields', () => {
  const schema = applyMiddleware(
    buildSubgraphSchema({ typeDefs, resolvers }),
    shieldRootFields({ Query: { task: isSignedIn } }),
  );

  it('enforces the rules on root fields and leaves the others open', async () => {
    const anonymous = await execute({
      schema,
      document: parse('{ task { title } open }'),
      contextValue: context(null),
    });
    expect(anonymous.data).toEqual({ task: null, open: 'anyone' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await execute({
      schema,
      document: parse('{ task { title } }'),
      contextValue: context('u1'),
    });
    expect(signedIn).toEqual({ data: { task: { title: 'tea' } } });
  });

  it('resolves the fields below the root without a middleware (synchronously)', () => {
    const task = schema.getType('Task') as GraphQLObjectType;
    expect(task.getFields().title!.resolve).toBeUndefined();
  });

  it('refuses rules on other types, which it would silently drop', () => {
    expect(() => shieldRootFields({ Task: { title: isSignedIn } })).toThrow(/root fields/);
  });
});
