import { CORRELATION_HEADER, DomainError, IDENTITY_HEADER, type Logger } from '@taskflow/common';
import { Agent, request } from 'undici';

export interface CallerCredentials {
  identityToken: string;
  correlationId: string;
}

const LOOKUP =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Tag { id } } }';

/**
 * Asks the tags subgraph (the owner of tags) which ids are the caller's, through one batched
 * `_entities` call made with the caller's own identity: another user's tag comes back null.
 */
export class TagDirectory {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

  constructor(
    private readonly tagsUrl: string,
    private readonly log: Logger,
  ) {}

  async assertOwned(caller: CallerCredentials, tagIds: string[]): Promise<void> {
    if (tagIds.length === 0) return;
    const response = await request(this.tagsUrl, {
      method: 'POST',
      dispatcher: this.agent,
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: caller.identityToken,
        [CORRELATION_HEADER]: caller.correlationId,
      },
      body: JSON.stringify({
        query: LOOKUP,
        variables: { representations: tagIds.map((id) => ({ __typename: 'Tag', id })) },
      }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body = (await response.body.json()) as {
      data?: { _entities: ({ id: string } | null)[] };
      errors?: unknown[];
    };
    if (response.statusCode !== 200 || !body.data) {
      this.log.error({ status: response.statusCode, errors: body.errors }, 'tag lookup failed');
      throw new Error('tag lookup failed');
    }
    const missing = tagIds.filter((_, index) => !body.data!._entities[index]);
    if (missing.length > 0)
      throw new DomainError('NOT_FOUND', `Tag not found: ${missing.join(', ')}`, { field: 'tagIds' });
  }

  close() {
    return this.agent.close();
  }
}
