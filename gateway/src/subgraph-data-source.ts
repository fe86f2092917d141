import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { CORRELATION_HEADER, IDENTITY_HEADER, isPublicCode } from '@taskflow/common';
import { GraphQLError } from 'graphql';
import { Agent } from 'undici';
import type { GatewayContext } from './context.js';
import { createSubgraphFetcher } from './subgraph-fetcher.js';

/**
 * Calls one subgraph over a keep-alive connection pool, forwarding the signed identity and the
 * correlation id of the request that caused the call.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, timeoutMs: number) {
    const agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 128,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    super({ url, fetcher: createSubgraphFetcher(agent) });
  }

  /**
   * A subgraph answers 400 when the client's variables do not fit its types (a malformed DateTime):
   * that error is the client's, so it passes through with its code and field instead of becoming an
   * opaque "400: Bad Request".
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]) {
    const error = await super.errorFromResponse(response);
    const body = (
      error.extensions.response as {
        body?: { errors?: { message?: string; extensions?: Record<string, unknown> }[] };
      }
    )?.body;
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (response.status === 400 && typeof first?.message === 'string' && isPublicCode(code)) {
      const field = first.extensions?.field;
      return new GraphQLError(first.message, {
        extensions: { code, ...(typeof field === 'string' ? { field } : {}) },
      });
    }
    return error;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context.identityToken) return;
    request.http?.headers.set(IDENTITY_HEADER, context.identityToken);
    request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
  }
}
