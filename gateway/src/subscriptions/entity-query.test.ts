import { buildSchema, type GraphQLResolveInfo, parse, subscribe } from 'graphql';
import { describe, expect, it } from 'vitest';
import { deriveEntityQuery, type EntityQuery } from './entity-query.js';

const schema = buildSchema(`
  type Task { id: ID! title: String! status: String! }
  type TaskChangeEvent { eventId: ID! task: Task }
  type Query { task(id: ID!): Task }
  type Subscription { taskChanged(since: ID): TaskChangeEvent! }
`);

/** Runs a subscription far enough to see what its subscribe resolver would derive. */
async function derive(
  document: string,
  variables: Record<string, unknown> = {},
): Promise<EntityQuery | null> {
  let derived: EntityQuery | null = null;
  schema.getSubscriptionType()!.getFields().taskChanged!.subscribe = (
    _root,
    _args,
    _context,
    info: GraphQLResolveInfo,
  ) => {
    derived = deriveEntityQuery(info, 'task', 'task');
    return (async function* () {})();
  };
  await subscribe({ schema, document: parse(document), variableValues: variables });
  return derived;
}

describe('deriveEntityQuery', () => {
  it("keeps the client's aliases, fragments and only the variables the selection uses", async () => {
    const query = await derive(
      `subscription ($since: ID, $full: Boolean!) {
        taskChanged(since: $since) { eventId t: task { ...Basic status @include(if: $full) } }
      }
      fragment Basic on Task { id title }
      fragment Unused on Task { id }`,
      { since: '1-0', full: true },
    );
    expect(query!.text).toContain('query Subscription_task($taskflowEntityId: ID!, $full: Boolean!)');
    expect(query!.text).toContain('t: task(id: $taskflowEntityId)');
    expect(query!.text).toContain('fragment Basic on Task');
    expect(query!.text).not.toContain('Unused');
    expect(query!.text).not.toContain('$since');
    expect(query!.variables).toEqual({ full: true });
  });

  it('finds the field inside inline fragments on the payload', async () => {
    const query = await derive('subscription { taskChanged { ... on TaskChangeEvent { task { id } } } }');
    expect(query!.text).toContain('task: task(id: $taskflowEntityId)');
  });

  it('is null when the client did not ask for the entity', async () => {
    expect(await derive('subscription { taskChanged { eventId } }')).toBeNull();
  });

  it('gives equal selections equal keys, so their fetches are shared', async () => {
    const a = await derive('subscription { taskChanged { task { id title } } }');
    const b = await derive('subscription { taskChanged { eventId task { id title } } }');
    const c = await derive('subscription { taskChanged { task { id } } }');
    expect(a!.key).toBe(b!.key);
    expect(a!.key).not.toBe(c!.key);
  });
});
