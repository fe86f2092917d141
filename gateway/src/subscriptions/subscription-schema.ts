import {
  buildASTSchema,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  parse,
  printSchema,
} from 'graphql';

export interface SubscriptionResolvers {
  // biome-ignore lint/suspicious/noExplicitAny: graphql-js resolver signatures
  [field: string]: Pick<GraphQLFieldConfig<any, any>, 'subscribe' | 'resolve'>;
}

/**
 * The schema graphql-ws executes: the supergraph's API schema, whose `Subscription` fields the
 * subgraphs declare (tasks: `taskChanged`, notifications: `notificationReceived`), with the
 * gateway's resolvers on them. Built on a copy, so the API schema the query planner uses is never
 * touched. A subscription field without a resolver here fails start-up rather than a subscriber.
 */
export function buildSubscriptionSchema(
  apiSchema: GraphQLSchema,
  resolvers: SubscriptionResolvers,
  // biome-ignore lint/suspicious/noExplicitAny: graphql-js resolver signatures
  typeResolvers: Record<string, Record<string, GraphQLFieldResolver<any, any>>>,
): GraphQLSchema {
  const schema = buildASTSchema(parse(printSchema(apiSchema)));
  const subscription = schema.getSubscriptionType();
  if (!subscription) throw new Error('the supergraph declares no Subscription type');
  for (const [name, field] of Object.entries(subscription.getFields())) {
    const resolver = resolvers[name];
    if (!resolver) throw new Error(`no resolver for Subscription.${name}`);
    field.subscribe = resolver.subscribe;
    field.resolve = resolver.resolve;
  }
  for (const [typeName, fields] of Object.entries(typeResolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`no object type ${typeName}`);
    for (const [fieldName, resolve] of Object.entries(fields)) type.getFields()[fieldName]!.resolve = resolve;
  }
  return schema;
}
