import { createHash, randomBytes } from 'node:crypto';
import { DomainError, type Identity, parseInput, type Scope, text } from '@taskflow/common';
import { z } from 'zod';
import type { RevocationNotifier } from '../auth/revocation-notifier.js';
import type { ApiKey } from './api-key.model.js';
import type { ApiKeyRepository } from './api-key-repository.js';

const KEY_PREFIX = 'tf_';
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const createInput = z.object({
  name: text({ min: 1, max: 100, label: 'Name' }),
  scopes: z
    .array(z.enum(['READ', 'WRITE']))
    .min(1, 'Give the key at least one scope')
    .nullish()
    .transform((scopes): Scope[] => (scopes ? [...new Set(scopes)].sort() : ['READ', 'WRITE'])),
});

export class ApiKeyService {
  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly maxPerUser: number,
    private readonly revocations: RevocationNotifier,
  ) {}

  /** Makes a key `tf_<43 url-safe chars>`; only its hash is stored, so it is shown this once. */
  async create(
    identity: Identity,
    input: { name: string; scopes?: Scope[] | null },
  ): Promise<{ key: string; apiKey: ApiKey }> {
    const userId = requireUser(identity);
    const { name, scopes } = parseInput(createInput, input);
    if ((await this.repository.countActive(userId)) >= this.maxPerUser) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `You can have at most ${this.maxPerUser} API keys; revoke one first`,
        { field: 'name' },
      );
    }
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const apiKey = await this.repository.create({
      userId,
      name,
      prefix: key.slice(0, 10),
      keyHash: hashKey(key),
      scopes,
    });
    return { key, apiKey };
  }

  list(identity: Identity): Promise<ApiKey[]> {
    return this.repository.listActive(requireUser(identity));
  }

  async revoke(identity: Identity, id: string): Promise<boolean> {
    const revoked =
      z.uuid().safeParse(id).success && (await this.repository.revoke(requireUser(identity), id));
    if (!revoked) throw new DomainError('NOT_FOUND', 'API key not found');
    await this.revocations.notify(id);
    return true;
  }

  /** The active key a presented secret belongs to; records that it was used. */
  async findActive(key: string): Promise<ApiKey | undefined> {
    if (key.length > 100) return undefined;
    const apiKey = await this.repository.findActiveByHash(hashKey(key));
    if (apiKey) await this.repository.touch(apiKey.id);
    return apiKey;
  }
}

function requireUser(identity: Identity): string {
  if (!identity.userId) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
  return identity.userId;
}
