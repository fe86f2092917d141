import { randomUUID } from 'node:crypto';
import { createLogger, IDENTITY_HEADER, IdentitySigner, signIdentity } from '@taskflow/common';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Authenticator } from '../gateway/src/authenticator.js';
import { errorCodes, type Persona, signUp } from './support/client.js';
import { eventually } from './support/eventually.js';
import { type Stack, startStack, TEST_INTERNAL_SECRET } from './support/stack.js';

// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON
const json = async (response: Response): Promise<any> => response.json();

let stack: Stack;
let user: Persona;
beforeAll(async () => {
  stack = await startStack({ MAX_DEPTH: '3', MAX_ALIASES: '5', MAX_DIRECTIVES: '5', MAX_TOKENS: '300' });
  user = await signUp(stack.client, 'Gateway User');
});
afterAll(() => stack?.stop());

const origin = () => new URL(stack.gatewayUrl).origin;
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('correlation ids', () => {
  it('echoes a client correlation id and makes one when there is none', async () => {
    const given = await stack.client.request(
      '{ me { id } }',
      {},
      { headers: { 'x-correlation-id': 'client-abc-123' } },
    );
    expect(given.headers.get('x-correlation-id')).toBe('client-abc-123');
    const made = await stack.client.request('{ me { id } }');
    expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces a hostile correlation id', async () => {
    const result = await stack.client.request(
      '{ me { id } }',
      {},
      { headers: { 'x-correlation-id': 'x'.repeat(500) } },
    );
    expect(result.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('HTTP hardening', () => {
  it('allows CORS only from configured origins', async () => {
    const allowed = await fetch(stack.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const denied = await fetch(stack.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses CSRF-prone requests (simple GET/POST without a preflight-forcing header)', async () => {
    const get = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(get.status).toBe(400);
    const textPlain = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(textPlain.status).toBe(400);
  });

  it('refuses batched (array) requests', async () => {
    const response = await post([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(response.status).toBe(400);
  });

  it('answers malformed JSON with a JSON error, no stack trace', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).not.toMatch(/at \w+ \(|node_modules|SyntaxError:/);
    expect(JSON.parse(body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers a subscription sent over HTTP with a clear 400', async () => {
    const result = await stack.client.request(
      'subscription { taskChanged { eventId } }',
      {},
      { token: user.token },
    );
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_REQUEST' },
      message: expect.stringMatching(/WebSocket/),
    });
  });

  it('shows the subscriptions in the schema served over HTTP (GraphiQL reads it there)', async () => {
    const { __schema } = await stack.client.data<{
      __schema: { subscriptionType: { fields: { name: string; type: { ofType: { name: string } } }[] } };
    }>('{ __schema { subscriptionType { fields { name type { ofType { name } } } } } }');
    expect(__schema.subscriptionType.fields).toHaveLength(2);
    expect(__schema.subscriptionType.fields).toEqual(
      expect.arrayContaining([
        { name: 'taskChanged', type: { ofType: { name: 'TaskChangeEvent' } } },
        { name: 'notificationReceived', type: { ofType: { name: 'Notification' } } },
      ]),
    );
  });

  it('refuses an oversized body (over 1 MB) with a JSON 413, before any work', async () => {
    const response = await post({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_100_000) } });
    expect(response.status).toBe(413);
    expect((await json(response)).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('reports parse and validation failures with their codes and no internals', async () => {
    const parse = await stack.client.request('{ me { id ');
    expect(errorCodes(parse)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const unknown = await stack.client.request('{ me { password } }');
    expect(errorCodes(unknown)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(unknown)).not.toMatch(/stacktrace|127\.0\.0\.1|localhost/);
  });
});

describe('operation limits', () => {
  it('refuses queries deeper than the limit', async () => {
    const deep = await stack.client.request(
      '{ __type(name: "User") { name } me { id } a: apiKeys { id } }',
      {},
      { token: user.token },
    );
    expect(deep.errors).toBeUndefined();
    const tooDeep = await stack.client.request(
      'mutation { signUp(input: {email: "d@example.com", password: "0123456789", name: "d"}) { user { id } token } }',
    );
    // signUp > user > id is depth 3: allowed at MAX_DEPTH=3. Nesting a fragment one deeper is not.
    expect(tooDeep.errors).toBeUndefined();
    const refused = await stack.client.request(
      'mutation { createApiKey(name: "x") { apiKey { id } key } } fragment F on CreatedApiKey { apiKey { id } }',
    );
    expect(errorCodes(refused)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses alias floods', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: me { id }`).join(' ');
    const result = await stack.client.request(`{ ${aliases} }`, {}, { token: user.token });
    expect(errorCodes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('refuses directive floods', async () => {
    const result = await stack.client.request(`{ me ${'@include(if: true) '.repeat(6)}{ id } }`);
    expect(new Set(errorCodes(result))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    expect(result.errors?.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/Directives limit of 5 exceeded/),
    );
  });

  it('refuses documents with too many tokens before parsing them fully', async () => {
    const result = await stack.client.request(`{ me { ${'id '.repeat(400)} } }`);
    expect(errorCodes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });
});

describe('subgraphs answer only the gateway', () => {
  const direct = (headers: Record<string, string>) =>
    fetch(stack.subgraphUrls.accounts!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ me { id email } }' }),
    });

  it('refuses a call with no identity', async () => {
    const response = await direct({});
    expect(response.status).toBe(401);
    expect((await json(response)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("refuses a user's own access token sent straight to a subgraph", async () => {
    const response = await direct({ authorization: `Bearer ${user.token}`, [IDENTITY_HEADER]: user.token });
    expect(response.status).toBe(401);
  });

  it('refuses an identity signed with another secret', async () => {
    const forged = await signIdentity(
      { kind: 'session', userId: user.id, scopes: ['READ', 'WRITE'] },
      'not-the-secret-0123456789abcdefghijkl',
    );
    const response = await direct({ [IDENTITY_HEADER]: forged });
    expect(response.status).toBe(401);
  });

  it('refuses an unsigned (`alg: none`) identity', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none' })}.${part({ sub: user.id, knd: 'session', scp: ['READ', 'WRITE'], iss: 'taskflow-gateway', aud: 'taskflow-subgraphs', exp: Math.floor(Date.now() / 1000) + 60 })}.`;
    const response = await direct({ [IDENTITY_HEADER]: unsigned });
    expect(response.status).toBe(401);
  });

  it('accepts a properly signed identity (what the gateway sends)', async () => {
    const signed = await signIdentity(
      { kind: 'session', userId: user.id, scopes: ['READ', 'WRITE'] },
      TEST_INTERNAL_SECRET,
    );
    const response = await direct({ [IDENTITY_HEADER]: signed });
    expect((await json(response)).data.me.id).toBe(user.id);
  });

  it('resolves User entities only for the caller themself', async () => {
    const other = await signUp(stack.client, 'Someone Else');
    const signed = await signIdentity(
      { kind: 'session', userId: user.id, scopes: ['READ', 'WRITE'] },
      TEST_INTERNAL_SECRET,
    );
    const response = await fetch(stack.subgraphUrls.accounts!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signed },
      body: JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }',
        variables: {
          r: [
            { __typename: 'User', id: user.id },
            { __typename: 'User', id: other.id },
            { __typename: 'User', id: randomUUID() },
          ],
        },
      }),
    });
    const body = await json(response);
    expect(body.data._entities).toEqual([{ id: user.id, email: user.email }, null, null]);
  });
});

describe('health and GraphiQL', () => {
  it('serves health on the gateway and the subgraphs', async () => {
    for (const url of [origin(), new URL(stack.subgraphUrls.accounts!).origin]) {
      for (const path of ['/health', '/health/live', '/health/ready']) {
        const response = await fetch(`${url}${path}`);
        expect(response.status, `${url}${path}`).toBe(200);
        expect((await json(response)).status).toBe('ok');
      }
    }
  });

  it('serves GraphiQL bundled from the gateway itself, no CDN', async () => {
    const response = await fetch(`${origin()}/graphiql`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toMatch(/^\/assets\//);
      expect((await fetch(`${origin()}${src}`)).status).toBe(200);
    }
  });
});

describe('remembered credentials', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('are not remembered from an answer that was on its way when a revocation came', async () => {
    const persona = await signUp(stack.client, 'Raced');
    const authorization = `Bearer ${persona.token}`;
    const authenticator = new Authenticator(
      stack.subgraphUrls.accounts,
      new IdentitySigner(TEST_INTERNAL_SECRET),
      createLogger('e2e', 'silent'),
      60_000,
    );
    try {
      // The lookup is under way (accounts will say "valid") when this replica hears of a revocation.
      const inFlight = authenticator.authenticate(authorization, '10.0.0.1');
      authenticator.revoke('some session signed out elsewhere');
      expect((await inFlight).userId).toBe(persona.id);
      // Now the session really ends; a remembered answer would still let the token in for a minute.
      await stack.client.data('mutation { signOut }', {}, { token: persona.token });
      const after = await authenticator.authenticate(authorization, '10.0.0.1');
      expect(after).toMatchObject({ userId: null, credentialRejected: true });
    } finally {
      await authenticator.close();
    }
  });

  it('are verified again in the background past half their life, ending a revocation the replica missed', async () => {
    const persona = await signUp(stack.client, 'Refreshed');
    const authorization = `Bearer ${persona.token}`;
    // A replica of its own, which hears of no revocation notice: only its cache and accounts count.
    const authenticator = new Authenticator(
      stack.subgraphUrls.accounts,
      new IdentitySigner(TEST_INTERNAL_SECRET),
      createLogger('e2e', 'silent'),
      10_000,
    );
    try {
      expect((await authenticator.authenticate(authorization, '10.0.0.1')).userId).toBe(persona.id);
      await stack.client.data('mutation { signOut }', {}, { token: persona.token });
      // Past half the TTL (its refresh point: at most 5 s), before the entry expires (at least 7.5 s).
      vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
      vi.setSystemTime(Date.now() + 5_100);
      expect((await authenticator.authenticate(authorization, '10.0.0.1')).userId).toBe(persona.id);
      // The background check found the session revoked and forgot it, well before the TTL ran out.
      const rejected = await eventually(async () => {
        const identity = await authenticator.authenticate(authorization, '10.0.0.1');
        return identity.credentialRejected ? identity : undefined;
      }, 2_000);
      expect(rejected.userId).toBeNull();
    } finally {
      await authenticator.close();
    }
  });
});
