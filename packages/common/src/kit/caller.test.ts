import { describe, expect, it } from 'vitest';
import { anonymous } from '../identity.js';
import { callerOf, isUuid, requireUser } from './caller.js';

describe('caller', () => {
  const identity = {
    kind: 'session' as const,
    userId: '5b0e3c1e-8a4f-4c4e-9d0a-2f6b7c8d9e0f',
    scopes: ['READ' as const],
  };

  it('is the slice of the context a service needs', () => {
    const context = { identity, identityToken: 'token', correlationId: 'c-1', log: undefined as never };
    expect(callerOf(context)).toEqual({ identity, identityToken: 'token', correlationId: 'c-1' });
  });

  it('requireUser gives the user id of a caller or an identity, and refuses the anonymous', () => {
    expect(requireUser(identity)).toBe(identity.userId);
    expect(requireUser({ identity, identityToken: '', correlationId: '' })).toBe(identity.userId);
    expect(() => requireUser(anonymous)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
  });

  it.each([
    ['5b0e3c1e-8a4f-4c4e-9d0a-2f6b7c8d9e0f', true],
    ['5B0E3C1E-8A4F-4C4E-9D0A-2F6B7C8D9E0F', true],
    ['5b0e3c1e8a4f4c4e9d0a2f6b7c8d9e0f', false],
    ['-'.repeat(36), false],
    ['5b0e3c1e-8a4f-4c4e-9d0a-2f6b7c8d9e0f\n', false],
    ['', false],
    [42, false],
    [null, false],
  ])('isUuid(%j) is %s', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});
