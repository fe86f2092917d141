import { rule } from 'graphql-shield';
import type { BaseContext } from './context.js';
import { DomainError, toGraphQLError } from './errors.js';

const unauthenticated = (ctx: BaseContext) =>
  toGraphQLError(
    new DomainError(
      'UNAUTHENTICATED',
      ctx.identity.credentialRejected
        ? 'Your token is invalid, expired or revoked; sign in again'
        : 'Sign in to do this',
    ),
  );

/** Coarse rules only; whether an object belongs to the caller is decided in the services. */
export const isSignedIn = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) =>
  ctx.identity.userId ? true : unauthenticated(ctx),
);

export const canWrite = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
  if (!ctx.identity.userId) return unauthenticated(ctx);
  return ctx.identity.scopes.includes('WRITE')
    ? true
    : toGraphQLError(new DomainError('FORBIDDEN', 'This API key is read-only'));
});

/** Account management (API keys) needs a signed-in person, not an integration's key. */
export const isSessionUser = rule({ cache: 'contextual' })((_parent, _args, ctx: BaseContext) => {
  if (!ctx.identity.userId) return unauthenticated(ctx);
  return ctx.identity.kind === 'session'
    ? true
    : toGraphQLError(new DomainError('FORBIDDEN', 'API keys cannot manage API keys; sign in instead'));
});
