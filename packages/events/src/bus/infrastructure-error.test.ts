import { describe, expect, it } from 'vitest';
import { isInfrastructureError } from './infrastructure-error.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isInfrastructureError', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['Postgres shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['Postgres starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    [
      'a knex pool timeout',
      Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }),
    ],
    ['node-pg losing its connection', new Error('Connection terminated unexpectedly')],
    [
      'ioredis giving up on a command',
      Object.assign(new Error('Reached the max retries'), { name: 'MaxRetriesPerRequestError' }),
    ],
    [
      'a wrapped cause',
      new Error('could not record', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
    ],
    [
      'objection wrapping the driver',
      Object.assign(new Error('db error'), { nativeError: withCode('x', '57P01') }),
    ],
    [
      'every address refused',
      new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')]),
    ],
  ])('recognises %s', (_, error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a handler bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a missing table', withCode('relation "x" does not exist', '42P01')],
    ['a serialization failure', withCode('could not serialize access', '40001')],
    ['a string', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_, error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });

  it('stops at a cause that refers to itself', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isInfrastructureError(error)).toBe(false);
  });
});
