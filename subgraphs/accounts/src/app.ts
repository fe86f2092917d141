import {
  bootSubgraph,
  callerOf,
  IDENTITY_HEADER,
  IdentityVerifier,
  type Logger,
  type PlatformSource,
  type RunningSubgraph,
} from '@taskflow/common';
import { createServicesPlatform, type PlatformEvents } from '@taskflow/events';
import express from 'express';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { ApiKeyService } from './domain/api-keys/api-key-service.js';
import { AccessTokens } from './domain/auth/access-tokens.js';
import { AuthService } from './domain/auth/auth-service.js';
import { AuthRateLimits } from './domain/auth/rate-limits.js';
import { RevocationNotifier } from './domain/auth/revocation-notifier.js';
import { createAccountsUnitOfWork } from './domain/repositories.js';
import { UserService } from './domain/users/user-service.js';
import type { AccountsEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

/** Path of the token introspection the gateway calls for every request that carries a credential. */
export const AUTHENTICATE_PATH = '/internal/authenticate';

export function startAccounts(
  env: AccountsEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'accounts'),
): Promise<RunningSubgraph<PlatformEvents>> {
  return bootSubgraph<Context, object, PlatformEvents>({
    name: 'accounts',
    env,
    log,
    migrations,
    platform,
    define: ({ knex, redis }) => {
      if (!redis) throw new Error('accounts has no Redis: its embedded replacements are not wired yet');
      const work = createAccountsUnitOfWork(knex);
      const revocations = new RevocationNotifier(redis, env.REDIS_PREFIX, log);
      const apiKeys = new ApiKeyService({ work, maxPerUser: env.API_KEYS_MAX_PER_USER, revocations });
      const users = new UserService({ work });
      const auth = new AuthService({
        work,
        tokens: new AccessTokens(env.JWT_SECRET, env.ACCESS_TOKEN_TTL_SECONDS),
        apiKeys,
        rateLimits: new AuthRateLimits(redis, {
          prefix: env.REDIS_PREFIX,
          signInMaxFailuresPerEmail: env.SIGNIN_MAX_FAILURES_PER_EMAIL,
          signInMaxFailuresPerIp: env.SIGNIN_MAX_FAILURES_PER_IP,
          signInFailureWindowSeconds: env.SIGNIN_FAILURE_WINDOW_SECONDS,
          signUpMaxPerIpPerMinute: env.SIGNUP_MAX_PER_IP_PER_MINUTE,
        }),
        revocations,
        sessionTtlSeconds: env.SESSION_TTL_SECONDS,
        log: log.child({ component: 'AuthService' }),
      });
      return {
        typeDefs,
        resolvers,
        permissions,
        createContext: (base) => ({ ...base, auth, apiKeys, users, caller: callerOf(base) }),
        routes: (app) => {
          const gatewayCalls = new IdentityVerifier(env.INTERNAL_JWT_SECRET);
          // Only the gateway (which signs its calls) may ask who a credential belongs to.
          app.post(AUTHENTICATE_PATH, express.json({ limit: '8kb' }), async (req, res) => {
            const caller = req.headers[IDENTITY_HEADER];
            const signed =
              typeof caller === 'string' && (await gatewayCalls.verify(caller).catch(() => null));
            if (!signed) {
              res.status(401).json({ error: 'unauthenticated' });
              return;
            }
            const credential = (req.body as { credential?: unknown })?.credential;
            const identity = typeof credential === 'string' ? await auth.authenticate(credential) : undefined;
            res.status(identity ? 200 : 401).json(identity ? { identity } : { error: 'invalid credential' });
          });
        },
      };
    },
  });
}
