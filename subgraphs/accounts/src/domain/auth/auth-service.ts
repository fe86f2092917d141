import {
  type Caller,
  DomainError,
  type Identity,
  isCleanText,
  type Logger,
  parseInput,
  text,
} from '@taskflow/common';
import { z } from 'zod';
import type { ApiKeyService } from '../api-keys/api-key-service.js';
import type { AccountsRepositories, AccountsUnitOfWork } from '../repositories.js';
import { isEmailAddress } from '../users/email.js';
import type { User } from '../users/user.js';
import type { AccessTokens } from './access-tokens.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';
import type { AuthRateLimits } from './rate-limits.js';
import type { RevocationNotifier } from './revocation-notifier.js';

export interface AuthPayload {
  token: string;
  expiresAt: Date;
  user: User;
}

const email = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters')
  .refine(isEmailAddress, 'Enter a valid email address');
const password = z
  .string()
  .min(10, 'Password must have at least 10 characters')
  .max(1024, 'Password must be at most 1024 characters')
  .refine(isCleanText, 'Password contains characters that are not allowed (NUL or invalid UTF-16)');

const signUpInput = z.object({ email, password, name: text({ min: 1, max: 100, label: 'Name' }) });
/**
 * Checked before the rate limiter and the lookup: a NUL would reach Postgres (which refuses it), and
 * a refused input is no failed sign-in attempt. Lengths count what was sent, as at sign-up.
 */
const signInInput = z.object({
  email: z
    .string()
    .max(254, 'Email must be at most 254 characters')
    .refine(isCleanText, 'Email contains characters that are not allowed (NUL or invalid UTF-16)'),
  password: z
    .string()
    .max(1024, 'Password must be at most 1024 characters')
    .refine(isCleanText, 'Password contains characters that are not allowed (NUL or invalid UTF-16)'),
});

/** Rate limits key on the client's address as the gateway saw it. */
const clientIp = (caller: Caller) => caller.identity.ip ?? 'unknown';

const invalidCredentials = () => new DomainError('UNAUTHENTICATED', 'Invalid email or password');

export class AuthService {
  constructor(
    private readonly deps: {
      work: AccountsUnitOfWork;
      tokens: AccessTokens;
      apiKeys: ApiKeyService;
      rateLimits: AuthRateLimits;
      revocations: RevocationNotifier;
      sessionTtlSeconds: number;
      log: Logger;
    },
  ) {}

  /** A new person and their first session, in one transaction (the slow hash is made before it). */
  async signUp(caller: Caller, input: unknown): Promise<AuthPayload> {
    const { email, password, name } = parseInput(signUpInput, input);
    await this.deps.rateLimits.consumeSignUp(clientIp(caller));
    const passwordHash = await hashPassword(password);
    const payload = await this.deps.work.transaction(null, async (repositories) =>
      this.startSession(repositories, await repositories.users.create({ email, name, passwordHash })),
    );
    this.deps.log.info({ userId: payload.user.id }, 'user signed up');
    return payload;
  }

  async signIn(caller: Caller, input: unknown): Promise<AuthPayload> {
    const { email, password } = parseInput(signInInput, input);
    const ip = clientIp(caller);
    await this.deps.rateLimits.assertSignInAllowed(email, ip);
    const found = await this.deps.work.run(null, ({ users }) => users.findCredentialsByEmail(email));
    const valid = found
      ? await verifyPassword(found.passwordHash, password)
      : await verifyAgainstDummy(password).then(() => false);
    if (!found || !valid) {
      await this.deps.rateLimits.recordSignInFailure(email, ip);
      this.deps.log.info({ ip }, 'sign-in failed');
      throw invalidCredentials();
    }
    await this.deps.rateLimits.recordSignInSuccess(email);
    return this.deps.work.run(null, (repositories) => this.startSession(repositories, found.user));
  }

  /** Revokes what the caller signed in with: the session behind a token, or the API key itself. */
  async signOut(caller: Caller): Promise<boolean> {
    const { identity } = caller;
    const { sessionId } = identity;
    if (identity.kind === 'session' && sessionId) {
      const revoked = await this.deps.work.run(null, ({ sessions }) => sessions.revoke(sessionId));
      await this.deps.revocations.notify(sessionId);
      return revoked;
    }
    if (identity.kind === 'apiKey' && identity.apiKeyId && identity.userId) {
      return this.deps.apiKeys.revoke(caller, identity.apiKeyId);
    }
    throw new DomainError('UNAUTHENTICATED', 'Not signed in');
  }

  /** A new access token for the same session, so an open app stays signed in. */
  async refresh(caller: Caller): Promise<AuthPayload> {
    const { kind, sessionId, userId } = caller.identity;
    if (kind !== 'session' || !sessionId || !userId) {
      throw new DomainError('FORBIDDEN', 'Only a signed-in session can be refreshed');
    }
    const user = await this.deps.work.run(null, ({ users }) => users.findById(userId));
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    const { token, expiresAt } = await this.deps.tokens.issue({
      userId: user.id,
      sessionId,
    });
    return { token, expiresAt, user };
  }

  /**
   * Who a bearer credential belongs to, for the gateway: an access token whose session is live, or
   * an API key that has not been revoked. Undefined for anything else.
   */
  async authenticate(credential: string): Promise<Omit<Identity, 'ip'> | undefined> {
    if (credential.startsWith('tf_')) {
      const key = await this.deps.apiKeys.findActive(credential);
      if (!key) return undefined;
      return { kind: 'apiKey', userId: key.userId, apiKeyId: key.id, scopes: key.scopes };
    }
    const claims = await this.deps.tokens.verify(credential);
    if (!claims) return undefined;
    const userId = await this.deps.work.run(null, ({ sessions }) =>
      sessions.findActiveUserId(claims.sessionId),
    );
    if (userId !== claims.userId) return undefined;
    return { kind: 'session', userId, sessionId: claims.sessionId, scopes: ['READ', 'WRITE'] };
  }

  private async startSession({ sessions }: AccountsRepositories, user: User): Promise<AuthPayload> {
    const sessionId = await sessions.create(
      user.id,
      new Date(Date.now() + this.deps.sessionTtlSeconds * 1000),
    );
    const { token, expiresAt } = await this.deps.tokens.issue({ userId: user.id, sessionId });
    return { token, expiresAt, user };
  }
}
