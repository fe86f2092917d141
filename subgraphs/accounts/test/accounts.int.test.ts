/**
 * The accounts subgraph against real Postgres and Redis, through its schema and its authenticate
 * route as the gateway calls them: sign-up and sign-in, sessions, revocation, API keys, rate limits,
 * and hostile input that must be refused with API.md's codes and write nothing.
 */
import { randomUUID } from 'node:crypto';
import {
  anonymous,
  createKnex,
  createLogger,
  IDENTITY_HEADER,
  type Identity,
  type Knex,
  signIdentity,
} from '@taskflow/common';
import {
  createTestDatabase,
  type GraphQLResult,
  requestAsGateway,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import { revocationChannel } from '@taskflow/events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAccounts } from '../src/app.js';
import { loadAccountsEnv } from '../src/env.js';

const INTERNAL_SECRET = 'accounts-test-internal-secret-0123456789abcdef';
const MAX_FAILURES_PER_EMAIL = 3;
const MAX_FAILURES_PER_IP = 6;
const MAX_SIGNUPS_PER_IP = 5;
const MAX_KEYS = 4;
const PASSWORD = 'correct horse battery';
const log = createLogger('accounts-test', process.env.LOG_LEVEL ?? 'silent');

let database: TestDatabase;
let accounts: Awaited<ReturnType<typeof startAccounts>>;
let knex: Knex;
let prefix: string;

beforeAll(async () => {
  database = await createTestDatabase('accounts');
  prefix = uniqueRedisPrefix();
  accounts = await startAccounts(
    loadAccountsEnv({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      INTERNAL_JWT_SECRET: INTERNAL_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      SIGNIN_MAX_FAILURES_PER_EMAIL: String(MAX_FAILURES_PER_EMAIL),
      SIGNIN_MAX_FAILURES_PER_IP: String(MAX_FAILURES_PER_IP),
      SIGNUP_MAX_PER_IP_PER_MINUTE: String(MAX_SIGNUPS_PER_IP),
      API_KEYS_MAX_PER_USER: String(MAX_KEYS),
    }),
    log,
  );
  knex = createKnex({ url: database.url, schema: 'accounts' });
});

afterAll(async () => {
  await knex?.destroy();
  await accounts?.stop();
  await database?.drop();
});

// ---- callers -------------------------------------------------------------------------------------

/** Every test signs up and fails from addresses of its own, so per-address limits never cross tests. */
let lastAddress = 0;
const freshIp = () => {
  lastAddress += 1;
  return `10.${(lastAddress >> 16) & 255}.${(lastAddress >> 8) & 255}.${lastAddress & 255}`;
};
const anonymousFrom = (ip = freshIp()): Identity => ({ ...anonymous, ip });

const request = <T = Record<string, unknown>>(identity: Identity, query: string, variables = {}) =>
  requestAsGateway<T>(accounts.url, INTERNAL_SECRET, identity, query, variables);

const codeOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.code;
const extensionsOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions;

/** Who a credential belongs to, as accounts tells the gateway (undefined: refused). */
async function authenticate(credential: string): Promise<Identity | undefined> {
  const response = await fetch(new URL('/internal/authenticate', accounts.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await signIdentity(anonymous, INTERNAL_SECRET),
    },
    body: JSON.stringify({ credential }),
  });
  if (response.status === 401) return undefined;
  expect(response.status).toBe(200);
  return ((await response.json()) as { identity: Identity }).identity;
}

/** The identity the gateway would forward for a credential that must be valid. */
async function identityOf(credential: string, ip = freshIp()): Promise<Identity> {
  const identity = await authenticate(credential);
  if (!identity) throw new Error('credential refused');
  return { ...identity, ip };
}

interface Person {
  id: string;
  email: string;
  token: string;
  identity: Identity;
}

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token expiresAt user { id email name } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token user { id email } } }`;
const ME = '{ me { id email name } }';
const CREATE_KEY = `mutation ($name: String!, $scopes: [ApiKeyScope!]) {
  createApiKey(name: $name, scopes: $scopes) { key apiKey { id name scopes prefix lastUsedAt } }
}`;
const LIST_KEYS = '{ apiKeys { id name scopes prefix lastUsedAt } }';
const REVOKE_KEY = 'mutation ($id: ID!) { revokeApiKey(id: $id) }';
const SIGN_OUT = 'mutation { signOut }';

type SignUpResult = { signUp: { token: string; expiresAt: string; user: { id: string; email: string } } };
type SignInResult = { signIn: { token: string; user: { id: string; email: string } } };
type CreatedKey = {
  createApiKey: { key: string; apiKey: { id: string; name: string; scopes: string[]; prefix: string } };
};

const uniqueEmail = (label = 'person') => `${label}-${randomUUID().slice(0, 8)}@example.com`;

async function signUp(email = uniqueEmail()): Promise<Person> {
  const result = await request<SignUpResult>(anonymousFrom(), SIGN_UP, {
    input: { email, password: PASSWORD, name: 'Test Person' },
  });
  if (!result.data?.signUp) throw new Error(JSON.stringify(result.errors));
  const { token, user } = result.data.signUp;
  return { id: user.id, email: user.email, token, identity: await identityOf(token) };
}

const signIn = (email: string, password: string, ip = freshIp()) =>
  request<SignInResult>(anonymousFrom(ip), SIGN_IN, { input: { email, password } });

async function createKey(owner: Person, name: string, scopes?: string[]) {
  const result = await request<CreatedKey>(owner.identity, CREATE_KEY, { name, scopes });
  if (!result.data?.createApiKey) throw new Error(JSON.stringify(result.errors));
  return result.data.createApiKey;
}

const listKeys = async (owner: Person) =>
  (
    await request<{ apiKeys: { id: string; name: string; lastUsedAt: string | null }[] }>(
      owner.identity,
      LIST_KEYS,
    )
  ).data!.apiKeys;

const countRows = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await knex(table).where(where).count({ count: '*' }))[0]!.count);

// ---- sign-up and sign-in -------------------------------------------------------------------------

describe('sign-up and sign-in', () => {
  it('signs up with a working token; `me` is the new person, with the email as typed', async () => {
    const email = `Ada-${randomUUID().slice(0, 8)}@Example.com`;
    const ada = await signUp(email);
    expect(ada.identity).toMatchObject({ kind: 'session', userId: ada.id, scopes: ['READ', 'WRITE'] });
    const me = await request<{ me: { id: string; email: string; name: string } }>(ada.identity, ME);
    expect(me.data?.me).toEqual({ id: ada.id, email, name: 'Test Person' });
    // The first session is written with the person (one transaction).
    expect(await countRows('sessions', { userId: ada.id })).toBe(1);
  });

  it('signs in with the email in any case and surrounding spaces, as the same person', async () => {
    const ada = await signUp();
    const result = await signIn(`  ${ada.email.toUpperCase()} `, PASSWORD);
    expect(result.data?.signIn.user).toEqual({ id: ada.id, email: ada.email });
    expect((await identityOf(result.data!.signIn.token)).userId).toBe(ada.id);
    expect(await countRows('sessions', { userId: ada.id })).toBe(2);
  });

  it('a second account for the same email in another case is CONFLICT and writes nothing', async () => {
    const ada = await signUp();
    const before = await countRows('users');
    const again = await request(anonymousFrom(), SIGN_UP, {
      input: { email: ada.email.toUpperCase(), password: 'another password', name: 'Impostor' },
    });
    expect(extensionsOf(again)).toMatchObject({ code: 'CONFLICT', field: 'email' });
    expect(await countRows('users')).toBe(before);
    expect(codeOf(await signIn(ada.email, 'another password'))).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password and an unknown email alike, and opens no session', async () => {
    const ada = await signUp();
    const wrong = await signIn(ada.email, 'wrong password!');
    const unknown = await signIn(uniqueEmail('nobody'), 'wrong password!');
    expect(wrong.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    expect(await countRows('sessions', { userId: ada.id })).toBe(1);
  });

  it.each([
    ['email', { email: 'not-an-email', password: PASSWORD, name: 'S' }],
    ['email', { email: `${'x'.repeat(250)}@example.com`, password: PASSWORD, name: 'S' }],
    ['email', { email: 'nul\u0000@example.com', password: PASSWORD, name: 'S' }],
    ['email', { email: 'two@@example.com', password: PASSWORD, name: 'S' }],
    ['password', { email: uniqueEmail(), password: 'short', name: 'S' }],
    ['password', { email: uniqueEmail(), password: 'p'.repeat(1025), name: 'S' }],
    ['password', { email: uniqueEmail(), password: 'long enough\u0000password', name: 'S' }],
    ['name', { email: uniqueEmail(), password: PASSWORD, name: '   ' }],
    ['name', { email: uniqueEmail(), password: PASSWORD, name: 'n'.repeat(101) }],
    ['name', { email: uniqueEmail(), password: PASSWORD, name: 'bad\ud800name' }],
  ])('signUp refuses a bad %s with BAD_USER_INPUT and writes nothing', async (field, input) => {
    const before = await countRows('users');
    const result = await request(anonymousFrom(), SIGN_UP, { input });
    expect(extensionsOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(JSON.stringify(result)).not.toMatch(/select|insert|stack/i);
    expect(await countRows('users')).toBe(before);
  });

  it('refused sign-in input is BAD_USER_INPUT and counts as no failed attempt', async () => {
    const ada = await signUp();
    const hostile = [
      { email: `${ada.email}\u0000`, password: PASSWORD },
      { email: `${'x'.repeat(255)}@example.com`, password: PASSWORD },
      { email: ada.email, password: `${PASSWORD}\udc00` },
      { email: ada.email, password: 'p'.repeat(1025) },
    ];
    for (let i = 0; i <= MAX_FAILURES_PER_EMAIL; i++) {
      for (const input of hostile) {
        const result = await request(anonymousFrom(), SIGN_IN, { input });
        expect(codeOf(result)).toBe('BAD_USER_INPUT');
      }
    }
    expect((await signIn(ada.email, PASSWORD)).data?.signIn.user.id).toBe(ada.id);
  });
});

// ---- one person per address, whatever its Unicode form ------------------------------------------

describe('email identity (NFKC and case)', () => {
  const tag = () => randomUUID().slice(0, 8);

  it('an international address is one account in any case or normalisation form', async () => {
    const local = `éve-${tag()}`;
    const eve = await signUp(`${local}@exämple.io`);
    expect(eve.email).toBe(`${local}@exämple.io`);
    const variants = [
      `${local.toUpperCase()}@EXÄMPLE.IO`,
      `${local}@exämple.io`.normalize('NFD'),
      `${local.toUpperCase()}@exämple.io`.normalize('NFD'),
    ];
    for (const email of variants) {
      const again = await request(anonymousFrom(), SIGN_UP, {
        input: { email, password: PASSWORD, name: 'Twin' },
      });
      expect(extensionsOf(again)).toMatchObject({ code: 'CONFLICT', field: 'email' });
      expect((await signIn(email, PASSWORD)).data?.signIn.user.id).toBe(eve.id);
    }
    expect(await countRows('users', { name: 'Twin' })).toBe(0);
  });

  it('compatibility forms (full-width letters) are the same address', async () => {
    const local = `kim${tag()}`;
    const kim = await signUp(`${local}@example.com`);
    const fullWidth = [...local.toUpperCase()]
      .map((c) => (/[A-Z0-9]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c))
      .join('');
    expect((await signIn(`${fullWidth}@example.com`, PASSWORD)).data?.signIn.user.id).toBe(kim.id);
    const twin = await request(anonymousFrom(), SIGN_UP, {
      input: { email: `${fullWidth}@example.com`, password: PASSWORD, name: 'Twin' },
    });
    expect(codeOf(twin)).toBe('CONFLICT');
  });

  it('failures under any form of an address count toward one lockout', async () => {
    const local = `éve-${tag()}`;
    const eve = await signUp(`${local}@example.io`);
    const forms = [
      `${local.toUpperCase()}@example.io`,
      `${local}@example.io`.normalize('NFD'),
      `  ${local}@Example.IO`,
    ];
    for (const email of forms.slice(0, MAX_FAILURES_PER_EMAIL)) {
      expect(codeOf(await signIn(email, 'wrong password'))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await signIn(eve.email, PASSWORD))).toBe('TOO_MANY_REQUESTS');
  });

  it('a locked-out ASCII address cannot be reached through a look-alike (dotted İ, full-width)', async () => {
    const local = `kim-${tag()}`;
    const kim = await signUp(`${local}@example.com`);
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await signIn(kim.email, 'wrong password');
    expect(codeOf(await signIn(kim.email, PASSWORD))).toBe('TOO_MANY_REQUESTS');
    // Postgres' lower() turns İ into i; this address is another one (ki̇m), not Kim's.
    const dotted = await signIn(kim.email.replace('i', 'İ'), PASSWORD);
    expect(dotted.data?.signIn).toBeUndefined();
    expect(codeOf(dotted)).toBe('UNAUTHENTICATED');
    // Full-width Kim is Kim, and Kim is locked out.
    expect(codeOf(await signIn(kim.email.replace('k', '\uff4b'), PASSWORD))).toBe('TOO_MANY_REQUESTS');
  });

  it.each([
    'no-at-sign.example.com',
    'two@@example.com',
    'space in@example.com',
    'tld@example',
    'ctrl\u0007@example.com',
    'bidi\u202e@example.com',
    '@example.com',
  ])('refuses %j as an email at sign-up and writes nothing', async (email) => {
    const before = await countRows('users');
    const result = await request(anonymousFrom(), SIGN_UP, {
      input: { email, password: PASSWORD, name: 'S' },
    });
    expect(extensionsOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await countRows('users')).toBe(before);
  });
});

// ---- sessions and revocation ---------------------------------------------------------------------

describe('sessions', () => {
  it('authenticates a live session token and refuses forged, garbled and foreign ones', async () => {
    const ada = await signUp();
    const [header, payload] = ada.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    for (const credential of [forged, unsigned, 'garbage', '', 'tf_', 'x'.repeat(5000)]) {
      expect(await authenticate(credential)).toBeUndefined();
    }
  });

  it('refreshToken gives a new token for the same session', async () => {
    const ada = await signUp();
    const result = await request<{ refreshToken: { token: string; user: { id: string } } }>(
      ada.identity,
      'mutation { refreshToken { token user { id } } }',
    );
    const refreshed = await identityOf(result.data!.refreshToken.token);
    expect(refreshed).toMatchObject({ userId: ada.id, sessionId: ada.identity.sessionId });
  });

  it('signOut revokes the session it was called with, and only that one, and announces it', async () => {
    const ada = await signUp();
    const second = await signIn(ada.email, PASSWORD);
    const listener = new Redis(testRedisUrl());
    const notices: string[] = [];
    try {
      await listener.subscribe(revocationChannel(prefix));
      listener.on('message', (_channel, message: string) => notices.push(message));
      const result = await request<{ signOut: boolean }>(ada.identity, SIGN_OUT);
      expect(result.data?.signOut).toBe(true);
      await expect.poll(() => notices.join()).toContain(ada.identity.sessionId);
    } finally {
      listener.disconnect();
    }
    expect(await authenticate(ada.token)).toBeUndefined();
    expect((await identityOf(second.data!.signIn.token)).userId).toBe(ada.id);
    // Signing out of a revoked session changes nothing more.
    expect((await request<{ signOut: boolean }>(ada.identity, SIGN_OUT)).data?.signOut).toBe(false);
  });

  it('an expired session no longer authenticates, even with a token still inside its life', async () => {
    const ada = await signUp();
    await knex('sessions')
      .where({ id: ada.identity.sessionId })
      .update({ expiresAt: new Date(Date.now() - 1000) });
    expect(await authenticate(ada.token)).toBeUndefined();
  });

  it('the anonymous cannot sign out or refresh (UNAUTHENTICATED)', async () => {
    expect(codeOf(await request(anonymousFrom(), SIGN_OUT))).toBe('UNAUTHENTICATED');
    expect(codeOf(await request(anonymousFrom(), 'mutation { refreshToken { token } }'))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await request<{ me: null }>(anonymousFrom(), ME)).data).toEqual({ me: null });
  });

  it('a person resolves only themself as a federation entity', async () => {
    const ada = await signUp();
    const grace = await signUp();
    const entities = await request<{ _entities: ({ id: string } | null)[] }>(
      ada.identity,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }',
      {
        r: [
          { __typename: 'User', id: ada.id },
          { __typename: 'User', id: grace.id },
          { __typename: 'User', id: 'not-a-uuid' },
        ],
      },
    );
    expect(entities.data?._entities).toEqual([{ id: ada.id, email: ada.email }, null, null]);
  });
});

// ---- API keys --------------------------------------------------------------------------------------

describe('API keys', () => {
  it('creates a tf_ key shown once that authenticates as its owner with its scopes', async () => {
    const ada = await signUp();
    const created = await createKey(ada, 'CI sync');
    expect(created.key).toMatch(/^tf_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({ name: 'CI sync', scopes: ['READ', 'WRITE'] });
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    expect(await authenticate(created.key)).toMatchObject({
      kind: 'apiKey',
      userId: ada.id,
      apiKeyId: created.apiKey.id,
      scopes: ['READ', 'WRITE'],
    });
    const listed = await listKeys(ada);
    expect(listed.map((key) => key.id)).toEqual([created.apiKey.id]);
    expect(listed[0]!.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    // Only a hash is stored.
    expect(JSON.stringify(await knex('api_keys').where({ userId: ada.id }))).not.toContain(created.key);
  });

  it('a READ key reads but may not manage keys (FORBIDDEN), nor may a WRITE key', async () => {
    const ada = await signUp();
    const reader = await createKey(ada, 'reader', ['READ']);
    const writer = await createKey(ada, 'writer', ['WRITE', 'READ', 'WRITE']);
    expect(reader.apiKey.scopes).toEqual(['READ']);
    expect(writer.apiKey.scopes).toEqual(['READ', 'WRITE']);
    for (const key of [reader.key, writer.key]) {
      const identity = await identityOf(key);
      expect((await request<{ me: { id: string } }>(identity, ME)).data?.me.id).toBe(ada.id);
      expect(codeOf(await request(identity, LIST_KEYS))).toBe('FORBIDDEN');
      expect(codeOf(await request(identity, CREATE_KEY, { name: 'escalate' }))).toBe('FORBIDDEN');
      expect(codeOf(await request(identity, REVOKE_KEY, { id: reader.apiKey.id }))).toBe('FORBIDDEN');
    }
    expect(await countRows('api_keys', { userId: ada.id })).toBe(2);
  });

  it('a READ key may not sign out (it would revoke itself): FORBIDDEN, and the key lives on', async () => {
    const ada = await signUp();
    const reader = await createKey(ada, 'reader', ['READ']);
    expect(codeOf(await request(await identityOf(reader.key), SIGN_OUT))).toBe('FORBIDDEN');
    expect((await authenticate(reader.key))?.apiKeyId).toBe(reader.apiKey.id);
    expect((await listKeys(ada)).map((key) => key.id)).toEqual([reader.apiKey.id]);
  });

  it('signOut with a WRITE key revokes that key', async () => {
    const ada = await signUp();
    const key = await createKey(ada, 'self-destruct');
    expect((await request<{ signOut: boolean }>(await identityOf(key.key), SIGN_OUT)).data?.signOut).toBe(
      true,
    );
    expect(await authenticate(key.key)).toBeUndefined();
  });

  it('a revoked key stops authenticating at once; revoking it again is NOT_FOUND', async () => {
    const ada = await signUp();
    const key = await createKey(ada, 'temporary');
    const revoked = await request<{ revokeApiKey: boolean }>(ada.identity, REVOKE_KEY, { id: key.apiKey.id });
    expect(revoked.data?.revokeApiKey).toBe(true);
    expect(await authenticate(key.key)).toBeUndefined();
    expect(await listKeys(ada)).toEqual([]);
    expect(codeOf(await request(ada.identity, REVOKE_KEY, { id: key.apiKey.id }))).toBe('NOT_FOUND');
  });

  it('another person’s key, an unknown id or a malformed one is NOT_FOUND, and the key lives on', async () => {
    const ada = await signUp();
    const grace = await signUp();
    const key = await createKey(ada, 'mine');
    for (const id of [key.apiKey.id, randomUUID(), 'not-a-uuid', "'; drop table api_keys; --", '']) {
      expect(codeOf(await request(grace.identity, REVOKE_KEY, { id }))).toBe('NOT_FOUND');
    }
    expect(await listKeys(grace)).toEqual([]);
    expect((await authenticate(key.key))?.userId).toBe(ada.id);
  });

  it(`allows ${MAX_KEYS} active keys per person; one more fits after a revocation`, async () => {
    const ada = await signUp();
    const keys = [];
    for (let i = 0; i < MAX_KEYS; i++) keys.push(await createKey(ada, `key ${i}`));
    const over = await request(ada.identity, CREATE_KEY, { name: 'one too many' });
    expect(extensionsOf(over)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(await countRows('api_keys', { userId: ada.id })).toBe(MAX_KEYS);
    await request(ada.identity, REVOKE_KEY, { id: keys[0]!.apiKey.id });
    await createKey(ada, 'replacement');
    expect((await listKeys(ada)).length).toBe(MAX_KEYS);
  });

  it(`concurrent createApiKey calls never exceed ${MAX_KEYS} active keys`, async () => {
    const ada = await signUp();
    const results = await Promise.all(
      Array.from({ length: 5 * MAX_KEYS }, (_, i) =>
        request<CreatedKey>(ada.identity, CREATE_KEY, { name: `race ${i}` }),
      ),
    );
    const created = results.filter((result) => result.data?.createApiKey);
    expect(created).toHaveLength(MAX_KEYS);
    expect(new Set(results.filter((result) => result.errors).map(codeOf))).toEqual(
      new Set(['BAD_USER_INPUT']),
    );
    expect(await countRows('api_keys', { userId: ada.id })).toBe(MAX_KEYS);
  });

  it.each([
    ['scopes', { name: 'x', scopes: [] }],
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: 'a\u0000b' }],
    ['name', { name: 'n'.repeat(101) }],
    ['name', { name: 'bad\udc00' }],
  ])('createApiKey refuses a bad %s with BAD_USER_INPUT and writes nothing', async (field, variables) => {
    const ada = await signUp();
    expect(extensionsOf(await request(ada.identity, CREATE_KEY, variables))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field,
    });
    expect(await countRows('api_keys', { userId: ada.id })).toBe(0);
  });

  it('an unknown scope is refused by the schema and writes nothing', async () => {
    const ada = await signUp();
    const result = await request(ada.identity, CREATE_KEY, { name: 'x', scopes: ['ADMIN'] });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await countRows('api_keys', { userId: ada.id })).toBe(0);
  });

  it('refuses look-alike and oversized keys', async () => {
    const ada = await signUp();
    const { key } = await createKey(ada, 'real');
    for (const credential of [
      `${key}x`,
      key.slice(0, -1),
      `tf_${'A'.repeat(43)}`,
      `tf_${'A'.repeat(5000)}`,
    ]) {
      expect(await authenticate(credential)).toBeUndefined();
    }
  });

  it('the anonymous cannot list or create keys (UNAUTHENTICATED)', async () => {
    expect(codeOf(await request(anonymousFrom(), LIST_KEYS))).toBe('UNAUTHENTICATED');
    expect(codeOf(await request(anonymousFrom(), CREATE_KEY, { name: 'x' }))).toBe('UNAUTHENTICATED');
  });
});

// ---- rate limits -----------------------------------------------------------------------------------

describe('rate limits', () => {
  it(`past ${MAX_FAILURES_PER_EMAIL} failures for one email, even the right password is TOO_MANY_REQUESTS`, async () => {
    const ada = await signUp();
    const grace = await signUp();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(codeOf(await signIn(ada.email, 'wrong password'))).toBe('UNAUTHENTICATED');
    }
    const blocked = await signIn(ada.email, PASSWORD);
    expect(extensionsOf(blocked)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(extensionsOf(blocked)?.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.data?.signIn).toBeUndefined();
    // Another person is not affected.
    expect((await signIn(grace.email, PASSWORD)).data?.signIn.user.id).toBe(grace.id);
  });

  it('a successful sign-in clears the email’s failures', async () => {
    const ada = await signUp();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await signIn(ada.email, 'wrong password');
      expect((await signIn(ada.email, PASSWORD)).data?.signIn.user.id).toBe(ada.id);
    }
  });

  it(`past ${MAX_FAILURES_PER_IP} failures from one address across many emails, that address is refused`, async () => {
    const ada = await signUp();
    const ip = freshIp();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      expect(codeOf(await signIn(uniqueEmail('spray'), 'guess guess', ip))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await signIn(ada.email, PASSWORD, ip))).toBe('TOO_MANY_REQUESTS');
    expect((await signIn(ada.email, PASSWORD)).data?.signIn.user.id).toBe(ada.id);
  });

  it(`allows ${MAX_SIGNUPS_PER_IP} sign-ups a minute from one address, and writes nothing past that`, async () => {
    const ip = freshIp();
    const signUpFrom = (email: string) =>
      request(anonymousFrom(ip), SIGN_UP, { input: { email, password: PASSWORD, name: 'Bulk' } });
    for (let i = 0; i < MAX_SIGNUPS_PER_IP; i++)
      expect(codeOf(await signUpFrom(uniqueEmail('bulk')))).toBeUndefined();
    const before = await countRows('users');
    const email = uniqueEmail('late');
    expect(codeOf(await signUpFrom(email))).toBe('TOO_MANY_REQUESTS');
    expect(await countRows('users')).toBe(before);
    // Another address still can.
    await signUp(email);
  });
});
