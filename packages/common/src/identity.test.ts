import { describe, expect, it } from 'vitest';
import { signIdentity, verifyIdentity } from './identity.js';

const secret = 'unit-test-internal-secret-0123456789abcdef';

describe('gateway-signed identity', () => {
  it('round-trips', async () => {
    const identity = {
      kind: 'apiKey' as const,
      userId: 'u1',
      apiKeyId: 'k1',
      scopes: ['READ' as const],
      ip: '10.1.2.3',
    };
    expect(await verifyIdentity(await signIdentity(identity, secret), secret)).toEqual({
      ...identity,
      sessionId: undefined,
      credentialRejected: false,
    });
  });

  it('refuses another secret, a tampered payload and an expired token', async () => {
    const token = await signIdentity({ kind: 'session', userId: 'u1', scopes: ['READ', 'WRITE'] }, secret);
    await expect(verifyIdentity(token, `${secret}x`)).rejects.toThrow();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: 'u2' })).toString('base64url');
    await expect(verifyIdentity(`${header}.${tampered}.${signature}`, secret)).rejects.toThrow();
    const expired = await signIdentity({ kind: 'session', userId: 'u1', scopes: [] }, secret, -10);
    await expect(verifyIdentity(expired, secret)).rejects.toThrow();
  });

  it('refuses a signed-in kind without a user', async () => {
    const token = await signIdentity({ kind: 'session', userId: null, scopes: [] }, secret);
    await expect(verifyIdentity(token, secret)).rejects.toThrow();
  });
});
