import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DomainError, fieldFromCoercionMessage, formatError } from './errors.js';
import { createLogger } from './logger.js';

const log = createLogger('test', 'silent');
const format = (error: unknown, exposeDetails = false) => {
  const formatted: GraphQLFormattedError =
    error instanceof GraphQLError
      ? error.toJSON()
      : { message: (error as Error).message, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return formatError(formatted, error, { log, exposeDetails });
};

describe('formatError', () => {
  it('keeps a domain error its code, message and field', () => {
    const error = new GraphQLError('wrapped', {
      originalError: new DomainError('BAD_USER_INPUT', 'Title too long', { field: 'title' }),
    });
    expect(format(error)).toMatchObject({
      message: 'Title too long',
      extensions: { code: 'BAD_USER_INPUT', field: 'title' },
    });
  });

  it('masks unexpected errors, so SQL and hosts never reach clients', () => {
    const leak = new GraphQLError('select * from tasks where id = 1 -- connect ECONNREFUSED 10.0.0.7:5432', {
      originalError: new Error('boom'),
    });
    expect(format(leak)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('shows details only in development', () => {
    const error = new GraphQLError('the real reason', { originalError: new Error('boom') });
    expect(format(error, true).message).toBe('the real reason');
  });

  it('strips stack traces from public errors', () => {
    const error = new GraphQLError('bad', { extensions: { code: 'BAD_USER_INPUT', stacktrace: ['at x'] } });
    expect(format(error).extensions).not.toHaveProperty('stacktrace');
  });

  it('names the field of a bad variable value', () => {
    const error = new GraphQLError(
      'Variable "$input" got invalid value "nope" at "input.dueAt"; Expected an ISO 8601 date-time',
      {
        extensions: { code: 'BAD_USER_INPUT' },
      },
    );
    expect(format(error).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueAt' });
  });
});

describe('fieldFromCoercionMessage', () => {
  it.each([
    ['Variable "$input" got invalid value "x" at "input.dueAt"; Expected…', 'dueAt'],
    [
      'Variable "$input" got invalid value "X" at "input.priorities[1]"; Value "X" does not exist',
      'priorities',
    ],
    ['Variable "$first" got invalid value "a"; Int cannot represent non-integer value: "a"', 'first'],
    ['something else entirely', undefined],
  ])('%s → %s', (message, field) => {
    expect(fieldFromCoercionMessage(message)).toBe(field);
  });
});
