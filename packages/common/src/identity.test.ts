import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdentitySigner, IdentityVerifier, signIdentity, verifyIdentity } from './identity.js';

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

describe('IdentitySigner and IdentityVerifier', () => {
  const alice = {
    kind: 'session' as const,
    userId: 'u1',
    sessionId: 's1',
    scopes: ['READ' as const],
    ip: '10.0.0.1',
  };

  it('reuses a token for the same identity and signs another for any difference', async () => {
    const signer = new IdentitySigner(secret);
    const token = await signer.sign(alice);
    expect(await signer.sign({ ...alice })).toBe(token);
    expect(await signer.sign({ ...alice, ip: '10.0.0.2' })).not.toBe(token);
    expect(await signer.sign({ ...alice, scopes: ['READ', 'WRITE'] })).not.toBe(token);
    expect(await signer.sign({ ...alice, credentialRejected: true })).not.toBe(token);
    expect(await verifyIdentity(token, secret)).toMatchObject(alice);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('signs again once half the life has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const signer = new IdentitySigner(secret, 60);
    const first = await signer.sign(alice);
    vi.setSystemTime(Date.now() + 29_000);
    expect(await signer.sign(alice)).toBe(first);
    vi.setSystemTime(Date.now() + 2_000);
    expect(await signer.sign(alice)).not.toBe(first);
  });

  it('remembers a verified token, and still refuses tampered, foreign and expired ones', async () => {
    const verifier = new IdentityVerifier(secret);
    const token = await signIdentity(alice, secret);
    expect(await verifier.verify(token)).toMatchObject(alice);
    expect(await verifier.verify(token)).toMatchObject(alice);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: 'u2' })).toString('base64url');
    await expect(verifier.verify(`${header}.${tampered}.${signature}`)).rejects.toThrow();
    await expect(verifier.verify(await signIdentity(alice, `${secret}x`))).rejects.toThrow();
    vi.useFakeTimers({ toFake: ['Date'] });
    const shortLived = await signIdentity(alice, secret, 60);
    expect(await verifier.verify(shortLived)).toMatchObject(alice);
    vi.setSystemTime(Date.now() + 61_000);
    await expect(verifier.verify(shortLived)).rejects.toThrow();
  });
});
