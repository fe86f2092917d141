import { createHash, randomBytes } from 'node:crypto';
import {
  type Caller,
  DomainError,
  type Identity,
  isUuid,
  notFound,
  parseInput,
  requireUser,
  type Scope,
  text,
} from '@taskflow/common';
import { z } from 'zod';
import type { RevocationNotifier } from '../auth/revocation-notifier.js';
import type { AccountsUnitOfWork } from '../repositories.js';
import type { ApiKey } from './api-key.js';

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
    private readonly deps: {
      work: AccountsUnitOfWork;
      maxPerUser: number;
      revocations: RevocationNotifier;
    },
  ) {}

  /** Makes a key `tf_<43 url-safe chars>`; only its hash is stored, so it is shown this once. */
  async create(
    caller: Caller,
    input: { name: string; scopes?: Scope[] | null },
  ): Promise<{ key: string; apiKey: ApiKey }> {
    const userId = requireUser(caller);
    const { name, scopes } = parseInput(createInput, input);
    const { maxPerUser } = this.deps;
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    // One person's creations take turns on their row, so no two see the same count (issue 15, defect 10).
    const apiKey = await this.deps.work.transaction(null, async ({ users, apiKeys }) => {
      if (!(await users.lock(userId))) throw new DomainError('UNAUTHENTICATED', 'Sign in to do this');
      if ((await apiKeys.countActive(userId)) >= maxPerUser) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `You can have at most ${maxPerUser} API keys; revoke one first`,
          {
            field: 'name',
          },
        );
      }
      return apiKeys.create({ userId, name, prefix: key.slice(0, 10), keyHash: hashKey(key), scopes });
    });
    return { key, apiKey };
  }

  list(identity: Identity): Promise<ApiKey[]> {
    const userId = requireUser(identity);
    return this.deps.work.run(null, ({ apiKeys }) => apiKeys.listActive(userId));
  }

  /** Revokes one of the caller's keys; another person's, unknown or already revoked is NOT_FOUND. */
  async revoke(caller: Caller, id: string): Promise<boolean> {
    const userId = requireUser(caller);
    const revoked =
      isUuid(id) && (await this.deps.work.run(null, ({ apiKeys }) => apiKeys.revoke(userId, id)));
    if (!revoked) throw notFound('API key');
    await this.deps.revocations.notify(id);
    return true;
  }

  /** The active key a presented secret belongs to; records that it was used. */
  async findActive(key: string): Promise<ApiKey | undefined> {
    if (key.length > 100) return undefined;
    return this.deps.work.run(null, async ({ apiKeys }) => {
      const apiKey = await apiKeys.findActiveByHash(hashKey(key));
      if (apiKey) await apiKeys.touch(apiKey.id);
      return apiKey;
    });
  }
}
