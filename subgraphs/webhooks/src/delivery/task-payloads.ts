import {
  ApolloGateway,
  type GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { DomainError, IDENTITY_HEADER, type IdentitySigner, type Logger } from '@taskflow/common';
import {
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  validate,
} from 'graphql';

/** Longest selection accepted, and its deepest nesting: a payload, not a crawl of the graph. */
export const MAX_SELECTION_LENGTH = 4_000;
export const MAX_SELECTION_DEPTH = 6;

interface PayloadContext {
  identityToken: string;
}

const invalid = (message: string) => new DomainError('BAD_USER_INPUT', message, { field: 'selection' });

/** Forwards the owner's signed identity to each subgraph, as the gateway forwards a caller's. */
class OwnerDataSource extends RemoteGraphQLDataSource<PayloadContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<PayloadContext>) {
    if (context.identityToken) request.http?.headers.set(IDENTITY_HEADER, context.identityToken);
  }
}

const depthOf = (set: SelectionSetNode | undefined): number =>
  set
    ? 1 +
      Math.max(
        0,
        ...set.selections.map((selection) =>
          selection.kind === Kind.FRAGMENT_SPREAD ? 0 : depthOf(selection.selectionSet),
        ),
      )
    : 0;

/** The query a selection runs as: `task(id: $id) { <selection> }`. */
const queryOf = (selection: SelectionSetNode) =>
  `query WebhookPayload($id: ID!) { task(id: $id) ${print(selection)} }`;

/**
 * The payload of a delivery: the webhook's own selection on `Task`, run through a gateway query plan
 * of the supergraph inside this process, with the owner's identity (read rights only), so every
 * subgraph authorizes the fields as it would for the owner's own query.
 */
export class TaskPayloads {
  private apiSchema: GraphQLSchema | undefined;
  private readonly queries = new Map<string, string>();

  private constructor(
    private readonly server: ApolloServer<PayloadContext>,
    private readonly signer: IdentitySigner,
  ) {}

  static async start(options: {
    supergraphSdl: string;
    urls: ReadonlyMap<string, string>;
    signer: IdentitySigner;
    log: Logger;
  }): Promise<TaskPayloads> {
    const gateway = new ApolloGateway({
      supergraphSdl: options.supergraphSdl,
      buildService: ({ name, url }) => new OwnerDataSource({ url: options.urls.get(name) ?? url }),
      logger: options.log,
    });
    const server = new ApolloServer<PayloadContext>({ gateway, logger: options.log });
    const payloads = new TaskPayloads(server, options.signer);
    gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
      payloads.apiSchema = apiSchema;
    });
    await server.start();
    return payloads;
  }

  /**
   * Checks a selection against the supergraph's `Task` type and returns its query. A bad one is
   * BAD_USER_INPUT on `selection` with graphql's own message.
   */
  queryFor(selection: string): string {
    const known = this.queries.get(selection);
    if (known) return known;
    if (selection.length > MAX_SELECTION_LENGTH)
      throw invalid(`Selection must be at most ${MAX_SELECTION_LENGTH} characters`);
    let definitions: readonly OperationDefinitionNode[];
    try {
      definitions = parse(`{ ${selection} }`, { maxTokens: 2_000 }).definitions as OperationDefinitionNode[];
    } catch (error) {
      throw invalid((error as Error).message);
    }
    // A selection that closes the braces to add an operation or a fragment is not a selection.
    const [operation] = definitions;
    if (definitions.length !== 1 || operation?.kind !== Kind.OPERATION_DEFINITION)
      throw invalid('Selection must be fields of Task only, such as "id title status"');
    if (depthOf(operation.selectionSet) > MAX_SELECTION_DEPTH)
      throw invalid(`Selection must nest at most ${MAX_SELECTION_DEPTH} levels`);
    const query = queryOf(operation.selectionSet);
    const schema = this.apiSchema;
    if (!schema) throw new Error('the supergraph is not loaded');
    const [error] = validate(schema, parse(query));
    if (error) throw invalid(error.message);
    if (this.queries.size > 10_000) this.queries.clear();
    this.queries.set(selection, query);
    return query;
  }

  /**
   * The task as the owner's selection shows it; null when it is gone or no longer theirs. Other
   * failures (a subgraph away) throw, and the attempt is retried.
   */
  async fetch(ownerId: string, selection: string, taskId: string): Promise<Record<string, unknown> | null> {
    const identityToken = await this.signer.sign({ kind: 'apiKey', userId: ownerId, scopes: ['READ'] });
    const response = await this.server.executeOperation(
      { query: this.queryFor(selection), variables: { id: taskId } },
      { contextValue: { identityToken } },
    );
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    const task = (data?.task as Record<string, unknown> | null | undefined) ?? null;
    if (errors?.length) {
      if (errors.every((error) => error.extensions?.code === 'NOT_FOUND')) return null;
      throw new Error(`payload query failed: ${errors[0]!.message}`);
    }
    return task;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
