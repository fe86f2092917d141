import { readFileSync } from 'node:fs';
import {
  type DocumentNode,
  extendSchema,
  type GraphQLFieldConfig,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  isObjectType,
  Kind,
  parse,
} from 'graphql';

const sdl = readFileSync(new URL('../../../schema/gateway.graphql', import.meta.url), 'utf8');

export interface SubscriptionResolvers {
  // biome-ignore lint/suspicious/noExplicitAny: graphql-js resolver signatures
  [field: string]: Pick<GraphQLFieldConfig<any, any>, 'subscribe' | 'resolve'>;
}

/**
 * The schema graphql-ws executes: the supergraph's API schema plus the gateway's Subscription type.
 * A subscription field whose payload type the supergraph does not have yet (Notification before
 * the notifications subgraph exists) is left out rather than failing the whole schema.
 */
export function buildSubscriptionSchema(
  apiSchema: GraphQLSchema,
  resolvers: SubscriptionResolvers,
  // biome-ignore lint/suspicious/noExplicitAny: graphql-js resolver signatures
  typeResolvers: Record<string, Record<string, GraphQLFieldResolver<any, any>>>,
): GraphQLSchema {
  const document = parse(sdl);
  const available = (typeName: string) =>
    !!apiSchema.getType(typeName) ||
    document.definitions.some((d) => 'name' in d && d.name?.value === typeName);
  const filtered: DocumentNode = {
    ...document,
    definitions: document.definitions.map((definition) =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Subscription'
        ? { ...definition, fields: definition.fields?.filter((field) => available(namedType(field.type))) }
        : definition,
    ),
  };
  const schema = extendSchema(apiSchema, filtered, { assumeValidSDL: false });
  const subscription = schema.getSubscriptionType()!;
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

function namedType(type: { kind: Kind; type?: unknown; name?: { value: string } }): string {
  return type.kind === Kind.NAMED_TYPE ? type.name!.value : namedType(type.type as typeof type);
}
