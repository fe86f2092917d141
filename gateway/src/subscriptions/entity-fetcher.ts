import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { ENTITY_ID_VARIABLE, type EntityQuery } from './entity-query.js';

export interface EntityResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** How long a finished fetch stays shared, for subscribers that reach the same event a moment later. */
const SHARE_MS = 2_000;

/**
 * Loads an event's entity through the gateway's own query plan, with the subscriber's identity.
 * Subscriptions of one user with the same selection share one fetch per event: 10 open tabs cost
 * one federated query, not 10.
 */
export class EntityFetcher {
  private readonly shared = new Map<string, { result: Promise<EntityResult>; at: number }>();
  private sweeper?: NodeJS.Timeout;

  /** `execute` runs an operation through the gateway (Apollo Server's `executeOperation`). */
  constructor(
    private readonly execute: (
      request: { query: string; variables: Record<string, unknown> },
      options: { contextValue: GatewayContext },
    ) => ReturnType<ApolloServer<GatewayContext>['executeOperation']>,
  ) {}

  fetch(
    query: EntityQuery,
    entityId: string,
    eventKey: string,
    context: () => Promise<GatewayContext>,
  ): Promise<EntityResult> {
    const key = `${eventKey}\n${query.key}`;
    const existing = this.shared.get(key);
    if (existing) return existing.result;
    const result = this.run(query, entityId, context);
    this.shared.set(key, { result, at: Date.now() });
    this.sweeper ??= setInterval(() => this.sweep(), SHARE_MS).unref();
    return result;
  }

  close() {
    clearInterval(this.sweeper);
    this.shared.clear();
  }

  private async run(
    query: EntityQuery,
    entityId: string,
    context: () => Promise<GatewayContext>,
  ): Promise<EntityResult> {
    const response = await this.execute(
      { query: query.text, variables: { ...query.variables, [ENTITY_ID_VARIABLE]: entityId } },
      { contextValue: await context() },
    );
    if (response.body.kind !== 'single') return { errors: [{ message: 'Unexpected incremental response' }] };
    const { data, errors } = response.body.singleResult;
    return { data: data as Record<string, unknown> | null | undefined, errors };
  }

  private sweep() {
    const cutoff = Date.now() - SHARE_MS;
    for (const [key, entry] of this.shared) if (entry.at < cutoff) this.shared.delete(key);
  }
}
