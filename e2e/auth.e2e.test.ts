import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, GraphQLClient, signUp } from './support/client.js';
import { type Stack, startStack, TEST_JWT_SECRET } from './support/stack.js';

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token expiresAt user { id email name } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token user { id email } } }`;
const ME = `{ me { id email name } }`;
const API_KEYS = `{ apiKeys { id } }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ SIGNIN_MAX_FAILURES_PER_EMAIL: '3' });
});
afterAll(() => stack?.stop());

describe('sign-up, sign-in and me', () => {
  it('signs up, returns a working token, and `me` is the new user', async () => {
    const { signUp: payload } = await stack.client.data<{
      signUp: { token: string; expiresAt: string; user: { id: string; email: string; name: string } };
    }>(SIGN_UP, { input: { email: 'Ada@Example.com', password: 'analytical engine', name: 'Ada' } });
    expect(payload.user).toMatchObject({ email: 'Ada@Example.com', name: 'Ada' });
    expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { me } = await stack.client.data<{ me: { id: string } }>(ME, {}, { token: payload.token });
    expect(me.id).toBe(payload.user.id);
  });

  it('signs in with the email in any case', async () => {
    const { signIn } = await stack.client.data<{ signIn: { token: string; user: { email: string } } }>(
      SIGN_IN,
      {
        input: { email: 'ada@EXAMPLE.com', password: 'analytical engine' },
      },
    );
    expect(signIn.user.email).toBe('Ada@Example.com');
  });

  it('`me` is null without a token', async () => {
    const result = await stack.client.request(ME);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ me: null });
  });

  it('refuses a second account for the same email in another case (CONFLICT), and changes nothing', async () => {
    const result = await stack.client.request(SIGN_UP, {
      input: { email: 'ADA@example.COM', password: 'another password', name: 'Impostor' },
    });
    expect(errorCodes(result)).toEqual(['CONFLICT']);
    const signIn = await stack.client.request(SIGN_IN, {
      input: { email: 'ada@example.com', password: 'another password' },
    });
    expect(errorCodes(signIn)).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    ['password', { email: 'short@example.com', password: 'short', name: 'S' }],
    ['email', { email: 'not-an-email', password: 'long enough password', name: 'S' }],
    ['email', { email: `${'x'.repeat(250)}@example.com`, password: 'long enough password', name: 'S' }],
    ['name', { email: 'blank@example.com', password: 'long enough password', name: '   ' }],
    ['name', { email: 'long@example.com', password: 'long enough password', name: 'n'.repeat(101) }],
    ['name', { email: 'nul@example.com', password: 'long enough password', name: 'bad\u0000name' }],
    ['name', { email: 'utf16@example.com', password: 'long enough password', name: 'bad\ud800name' }],
    ['password', { email: 'nulpw@example.com', password: 'long enough\u0000password', name: 'P' }],
  ])('refuses bad sign-up input in %s with BAD_USER_INPUT naming the field', async (field, input) => {
    const result = await stack.client.request(SIGN_UP, { input });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    // Nothing was written: the same credentials do not sign in.
    const signIn = await stack.client.request(SIGN_IN, {
      input: { email: input.email, password: input.password },
    });
    expect(signIn.data).toBeNull();
    expect(signIn.errors).toHaveLength(1);
  });

  it.each([
    ['email', { email: 'ada@example.com\u0000', password: 'analytical engine' }],
    ['email', { email: 'ada\ud800@example.com', password: 'analytical engine' }],
    ['password', { email: 'grace@example.com', password: 'analytical\u0000engine' }],
    ['password', { email: 'grace@example.com', password: 'analytical engine\udc00' }],
  ])(
    'refuses a NUL or invalid UTF-16 in the sign-in %s with BAD_USER_INPUT naming it',
    async (field, input) => {
      const result = await stack.client.request(SIGN_IN, { input });
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    },
  );

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await stack.client.request(SIGN_IN, {
      input: { email: 'ada@example.com', password: 'wrong password!' },
    });
    const unknown = await stack.client.request(SIGN_IN, {
      input: { email: 'nobody@example.com', password: 'whatever123' },
    });
    expect(errorCodes(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
  });
});

describe('sign-in rate limits', () => {
  it('limits failures per email: past the limit even the right password is TOO_MANY_REQUESTS', async () => {
    const user = await signUp(stack.client, 'Limited');
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await stack.client.request(SIGN_IN, {
        input: { email: user.email, password: 'wrong password' },
      });
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    }
    const blocked = await stack.client.request(SIGN_IN, {
      input: { email: user.email, password: 'correct horse battery' },
    });
    expect(errorCodes(blocked)).toEqual(['TOO_MANY_REQUESTS']);
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // Other people are not locked out by someone hammering one account (under the per-IP limit).
    const other = await signUp(stack.client, 'Unaffected');
    await stack.client.data(SIGN_IN, { input: { email: other.email, password: 'correct horse battery' } });
  });

  it('does not count refused input (a NUL in the password) as a failed attempt', async () => {
    const user = await signUp(stack.client, 'Hostile input');
    for (let attempt = 0; attempt < 4; attempt++) {
      const result = await stack.client.request(SIGN_IN, {
        input: { email: user.email, password: 'correct horse\u0000battery' },
      });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    }
    await stack.client.data(SIGN_IN, { input: { email: user.email, password: 'correct horse battery' } });
  });
});

describe('hostile tokens', () => {
  const tokenWith = async (
    secret: string,
    claims: { sub: string; sid: string },
    expiresIn: string | number = '15m',
  ) =>
    new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('taskflow-accounts')
      .setAudience('taskflow')
      .setSubject(claims.sub)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(secret));

  const sessionOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };

  async function expectRejected(token: string) {
    const me = await stack.client.request(ME, {}, { token });
    expect(me.data).toEqual({ me: null });
    const keys = await stack.client.request(API_KEYS, {}, { token });
    expect(errorCodes(keys)).toEqual(['UNAUTHENTICATED']);
    expect(keys.errors?.[0]?.message).toMatch(/invalid, expired or revoked/);
  }

  it('rejects a token signed with another secret', async () => {
    const user = await signUp(stack.client, 'Forged');
    await expectRejected(await tokenWith('some-other-secret-that-is-long-enough!!', sessionOf(user.token)));
  });

  it('rejects an `alg: none` token', async () => {
    const user = await signUp(stack.client, 'None');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        ...sessionOf(user.token),
        iss: 'taskflow-accounts',
        aud: 'taskflow',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    ).toString('base64url');
    await expectRejected(`${header}.${payload}.`);
  });

  it('rejects an expired token (correctly signed)', async () => {
    const user = await signUp(stack.client, 'Expired');
    await expectRejected(
      await tokenWith(TEST_JWT_SECRET, sessionOf(user.token), Math.floor(Date.now() / 1000) - 10),
    );
  });

  it('rejects garbage and non-bearer authorization headers', async () => {
    await expectRejected('not.a.token');
    const basic = await stack.client.request(
      API_KEYS,
      {},
      { headers: { authorization: 'Basic dXNlcjpwYXNz' } },
    );
    expect(errorCodes(basic)).toEqual(['UNAUTHENTICATED']);
  });

  it('signOut revokes the token it was called with, and only that one', async () => {
    const user = await signUp(stack.client, 'Leaving');
    const second = await stack.client.data<{ signIn: { token: string } }>(SIGN_IN, {
      input: { email: user.email, password: 'correct horse battery' },
    });
    const { signOut } = await stack.client.data<{ signOut: boolean }>(
      `mutation { signOut }`,
      {},
      { token: user.token },
    );
    expect(signOut).toBe(true);
    await expectRejected(user.token);
    const stillIn = await stack.client.data<{ me: { id: string } }>(ME, {}, { token: second.signIn.token });
    expect(stillIn.me.id).toBe(user.id);
    const again = await stack.client.request(`mutation { signOut }`, {}, { token: user.token });
    expect(errorCodes(again)).toEqual(['UNAUTHENTICATED']);
  });

  it('signOut on one gateway replica is honoured by the others at once', async () => {
    const replica = await stack.startGatewayReplica();
    const user = await signUp(stack.client, 'Replicated');
    const other = new GraphQLClient(replica.url);
    expect((await other.data<{ me: { id: string } }>(ME, {}, { token: user.token })).me.id).toBe(user.id);
    await stack.client.data(`mutation { signOut }`, {}, { token: user.token });
    const deadline = Date.now() + 2_000;
    while ((await other.request(ME, {}, { token: user.token })).data?.me !== null) {
      if (Date.now() > deadline) throw new Error('the replica still accepts the revoked token');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it('refreshToken gives a new working token for the same session', async () => {
    const user = await signUp(stack.client, 'Refresh');
    const { refreshToken } = await stack.client.data<{ refreshToken: { token: string } }>(
      `mutation { refreshToken { token } }`,
      {},
      { token: user.token },
    );
    const { me } = await stack.client.data<{ me: { id: string } }>(ME, {}, { token: refreshToken.token });
    expect(me.id).toBe(user.id);
    // Signing out with the new token ends the session for both.
    await stack.client.data(`mutation { signOut }`, {}, { token: refreshToken.token });
    await expectRejected(user.token);
  });
});
