import { Agent, request } from 'undici';
import { CORRELATION_HEADER, IDENTITY_HEADER } from './identity.js';
import type { Logger } from './logger.js';

/** What a subgraph forwards when it asks another subgraph on its caller's behalf. */
export interface CallerCredentials {
  identityToken: string;
  correlationId: string;
}

/**
 * Asks the subgraph that owns a type about some of its entities, through one batched `_entities`
 * call made with the caller's own identity (service invocation, never another subgraph's tables).
 * The owner answers null for an id that is not the caller's or does not exist.
 */
export class EntityClient<T> {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
  private readonly query: string;

  constructor(
    private readonly url: string,
    private readonly typename: string,
    selection: string,
    private readonly log: Logger,
  ) {
    this.query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`;
  }

  /** The entities in the order of `ids`, null where the caller has none. */
  async resolve(caller: CallerCredentials, ids: readonly string[]): Promise<(T | null)[]> {
    if (ids.length === 0) return [];
    const response = await request(this.url, {
      method: 'POST',
      dispatcher: this.agent,
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: caller.identityToken,
        [CORRELATION_HEADER]: caller.correlationId,
      },
      body: JSON.stringify({
        query: this.query,
        variables: { representations: ids.map((id) => ({ __typename: this.typename, id })) },
      }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body = (await response.body.json()) as { data?: { _entities: (T | null)[] }; errors?: unknown[] };
    if (response.statusCode !== 200 || !body.data) {
      this.log.error(
        { status: response.statusCode, errors: body.errors, typename: this.typename },
        'entity lookup failed',
      );
      throw new Error(`${this.typename} lookup failed`);
    }
    return body.data._entities;
  }

  close() {
    return this.agent.close();
  }
}
