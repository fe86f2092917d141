import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { CORRELATION_HEADER, IDENTITY_HEADER } from '@taskflow/common';
import { Agent, fetch } from 'undici';
import type { GatewayContext } from './context.js';

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
    super({
      url,
      // biome-ignore lint/suspicious/noExplicitAny: undici's fetch satisfies the Fetcher contract; only the types differ
      fetcher: ((input: string, init: any) => fetch(input, { ...init, dispatcher: agent })) as any,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context.identityToken) return;
    request.http?.headers.set(IDENTITY_HEADER, context.identityToken);
    request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
  }
}
