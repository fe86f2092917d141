import { describe, expect, it, vi } from 'vitest';
import { anonymous, type Identity } from '../identity.js';
import { callerOf, findOwnedByIds, isUuid, requireUser } from './caller.js';

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

describe('findOwnedByIds', () => {
  const owner: Identity = { ...anonymous, userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7' };
  const id = '0b9c4f5e-3d1a-4c2b-9e8f-7a6b5c4d3e2f';

  it("asks `find` for the caller's valid ids only and keys what it finds by id", async () => {
    const asked: unknown[] = [];
    const found = await findOwnedByIds(
      owner,
      [id, 'not-a-uuid', "1' or '1'='1"],
      async (ownerId, ids) => {
        asked.push([ownerId, ids]);
        return [{ key: id }];
      },
      (item) => item.key,
    );
    expect(asked).toEqual([[owner.userId, [id]]]);
    expect([...found.keys()]).toEqual([id]);
  });

  it('finds nothing, without asking, for the anonymous or when no id is valid', async () => {
    const find = vi.fn(async () => [{ key: id }]);
    expect((await findOwnedByIds(anonymous, [id], find, (item) => item.key)).size).toBe(0);
    expect((await findOwnedByIds(owner, ['nope'], find, (item) => item.key)).size).toBe(0);
    expect(find).not.toHaveBeenCalled();
  });
});
