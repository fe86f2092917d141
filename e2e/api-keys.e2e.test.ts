import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';

const CREATE = `mutation ($name: String!, $scopes: [ApiKeyScope!]) {
  createApiKey(name: $name, scopes: $scopes) { key apiKey { id name scopes prefix createdAt lastUsedAt } }
}`;
const LIST = `{ apiKeys { id name scopes prefix lastUsedAt } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(id: $id) }`;
const ME = `{ me { id } }`;

interface Created {
  createApiKey: {
    key: string;
    apiKey: { id: string; name: string; scopes: string[]; prefix: string; lastUsedAt: string | null };
  };
}

let stack: Stack;
let owner: Persona;
let other: Persona;
beforeAll(async () => {
  stack = await startStack();
  owner = await signUp(stack.client, 'Owner');
  other = await signUp(stack.client, 'Other');
});
afterAll(() => stack?.stop());

describe('API keys', () => {
  it('creates a tf_ key shown once, with READ and WRITE by default, that works like a token', async () => {
    const { createApiKey } = await stack.client.data<Created>(
      CREATE,
      { name: 'CI sync' },
      { token: owner.token },
    );
    expect(createApiKey.key).toMatch(/^tf_[A-Za-z0-9_-]{43}$/);
    expect(createApiKey.apiKey).toMatchObject({
      name: 'CI sync',
      scopes: ['READ', 'WRITE'],
      lastUsedAt: null,
    });
    expect(createApiKey.key.startsWith(createApiKey.apiKey.prefix)).toBe(true);

    const { me } = await stack.client.data<{ me: { id: string } }>(ME, {}, { token: createApiKey.key });
    expect(me.id).toBe(owner.id);

    const { apiKeys } = await stack.client.data<{ apiKeys: { id: string; lastUsedAt: string | null }[] }>(
      LIST,
      {},
      { token: owner.token },
    );
    const listed = apiKeys.find((k) => k.id === createApiKey.apiKey.id);
    expect(listed?.lastUsedAt).not.toBeNull();
    // The key itself is never listed again.
    expect(JSON.stringify(apiKeys)).not.toContain(createApiKey.key);
  });

  it('a READ key reads but may not write (FORBIDDEN)', async () => {
    const { createApiKey } = await stack.client.data<Created>(
      CREATE,
      { name: 'reader', scopes: ['READ'] },
      { token: owner.token },
    );
    expect(createApiKey.apiKey.scopes).toEqual(['READ']);
    const { me } = await stack.client.data<{ me: { id: string } }>(ME, {}, { token: createApiKey.key });
    expect(me.id).toBe(owner.id);
    const write = await stack.client.request(CREATE, { name: 'escalate' }, { token: createApiKey.key });
    expect(errorCodes(write)).toEqual(['FORBIDDEN']);
  });

  it('keys cannot manage keys, even with WRITE', async () => {
    const { createApiKey } = await stack.client.data<Created>(
      CREATE,
      { name: 'writer' },
      { token: owner.token },
    );
    expect(errorCodes(await stack.client.request(LIST, {}, { token: createApiKey.key }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      errorCodes(await stack.client.request(CREATE, { name: 'more' }, { token: createApiKey.key })),
    ).toEqual(['FORBIDDEN']);
  });

  it('a revoked key stops working at once', async () => {
    const { createApiKey } = await stack.client.data<Created>(
      CREATE,
      { name: 'temporary' },
      { token: owner.token },
    );
    await stack.client.data(REVOKE, { id: createApiKey.apiKey.id }, { token: owner.token });
    const me = await stack.client.request(ME, {}, { token: createApiKey.key });
    expect(me.data).toEqual({ me: null });
    const { apiKeys } = await stack.client.data<{ apiKeys: { id: string }[] }>(
      LIST,
      {},
      { token: owner.token },
    );
    expect(apiKeys.map((k) => k.id)).not.toContain(createApiKey.apiKey.id);
    expect(
      errorCodes(await stack.client.request(REVOKE, { id: createApiKey.apiKey.id }, { token: owner.token })),
    ).toEqual(['NOT_FOUND']);
  });

  it("another user's key is NOT_FOUND and stays alive", async () => {
    const { createApiKey } = await stack.client.data<Created>(
      CREATE,
      { name: 'mine' },
      { token: owner.token },
    );
    const attempt = await stack.client.request(
      REVOKE,
      { id: createApiKey.apiKey.id },
      { token: other.token },
    );
    expect(errorCodes(attempt)).toEqual(['NOT_FOUND']);
    const { apiKeys } = await stack.client.data<{ apiKeys: { id: string }[] }>(
      LIST,
      {},
      { token: other.token },
    );
    expect(apiKeys).toEqual([]);
    const { me } = await stack.client.data<{ me: { id: string } }>(ME, {}, { token: createApiKey.key });
    expect(me.id).toBe(owner.id);
  });

  it('refuses bad input: no scopes, blank or NUL names, malformed ids', async () => {
    const noScopes = await stack.client.request(CREATE, { name: 'x', scopes: [] }, { token: owner.token });
    expect(noScopes.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    const blank = await stack.client.request(CREATE, { name: '  ' }, { token: owner.token });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const nul = await stack.client.request(CREATE, { name: 'a\u0000b' }, { token: owner.token });
    expect(nul.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const badScope = await stack.client.request(
      CREATE,
      { name: 'x', scopes: ['ADMIN'] },
      { token: owner.token },
    );
    expect(errorCodes(badScope)).toEqual(['BAD_USER_INPUT']);
    expect(
      errorCodes(await stack.client.request(REVOKE, { id: 'not-a-uuid' }, { token: owner.token })),
    ).toEqual(['NOT_FOUND']);
  });

  it('signOut with an API key revokes that key', async () => {
    const { createApiKey } = await stack.client.data<Created>(
      CREATE,
      { name: 'self-destruct' },
      { token: owner.token },
    );
    await stack.client.data(`mutation { signOut }`, {}, { token: createApiKey.key });
    expect((await stack.client.request(ME, {}, { token: createApiKey.key })).data).toEqual({ me: null });
  });

  it('anonymous callers cannot list or create keys', async () => {
    expect(errorCodes(await stack.client.request(LIST))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await stack.client.request(CREATE, { name: 'x' }))).toEqual(['UNAUTHENTICATED']);
  });
});
