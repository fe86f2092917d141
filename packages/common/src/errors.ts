import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error type domain code throws; turned into a GraphQL error in `formatSubgraphError`. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly extensions?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { field?: string; extensions?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = options.field;
    this.extensions = options.extensions;
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);

/**
 * A GraphQLError carrying a domain code, for places (context, shield) that must throw GraphQL
 * errors. `httpStatus` only for failures before execution (a whole request refused): inside
 * execution a non-200 status would make the gateway drop the message.
 */
export function toGraphQLError(error: DomainError, httpStatus?: number): GraphQLError {
  const status = httpStatus;
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      ...error.extensions,
      ...(status ? { http: { status } } : {}),
    },
  });
}

/** Codes whose messages are written for clients and pass through unchanged. */
const publicCodes = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== 'INTERNAL_SERVER_ERROR'),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'SERVICE_UNAVAILABLE',
  // taskChanged(since:): the change log no longer holds what followed `since`; refetch.
  'REPLAY_UNAVAILABLE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const isPublicCode = (code: unknown): code is string =>
  typeof code === 'string' && publicCodes.has(code);

/**
 * graphql-js reports bad variable values as `Variable "$input" got invalid value … at "input.dueAt"`:
 * name the innermost input field (`dueAt`), or the variable when the value itself is wrong.
 */
export function fieldFromCoercionMessage(message: string): string | undefined {
  const at = /got invalid value .*? at "([^"]+)"/s.exec(message)?.[1];
  if (at) {
    const segments = at.split('.').filter((segment) => !/^\[?\d+\]?$/.test(segment));
    return segments.at(-1)?.replace(/\[\d+\]$/, '');
  }
  return /^Variable "\$(\w+)"/.exec(message)?.[1];
}

function findDomainError(error: unknown): DomainError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * The single place where errors become what clients see. Domain errors keep their code, message
 * and field; GraphQL's own errors keep theirs; anything else is logged and masked, unless
 * `exposeDetails` (development only) is set.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { log: Logger; exposeDetails: boolean },
): GraphQLFormattedError {
  const domain = findDomainError(error);
  if (domain) {
    const { extensions } = toGraphQLError(domain);
    const { http: _http, ...publicExtensions } = extensions as Record<string, unknown>;
    return {
      message: domain.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: publicExtensions,
    };
  }
  const code = formatted.extensions?.code;
  if (isPublicCode(code)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    if (code === 'BAD_USER_INPUT' && !extensions.field) {
      const field = fieldFromCoercionMessage(formatted.message);
      if (field) extensions.field = field;
    }
    return { ...formatted, extensions };
  }
  options.log.error({ err: error, path: formatted.path }, 'unexpected error');
  if (options.exposeDetails) return formatted;
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
