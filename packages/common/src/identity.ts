import { jwtVerify, SignJWT } from 'jose';
import { BoundedMap } from './bounded-map.js';

export type Scope = 'READ' | 'WRITE';

/** Who is calling, as the gateway established it and every subgraph re-verifies it. */
export interface Identity {
  kind: 'anonymous' | 'session' | 'apiKey';
  userId: string | null;
  /** The session behind an access token (for sign-out). */
  sessionId?: string;
  /** The API key used, when kind is apiKey. */
  apiKeyId?: string;
  scopes: Scope[];
  /** The client's address as the gateway saw it (rate limits). */
  ip?: string;
  /** A credential was presented but is invalid, expired or revoked (the caller is anonymous). */
  credentialRejected?: boolean;
}

export const anonymous: Identity = { kind: 'anonymous', userId: null, scopes: [] };

/** The header that carries the gateway-signed identity to subgraphs. */
export const IDENTITY_HEADER = 'x-taskflow-identity';
export const CORRELATION_HEADER = 'x-correlation-id';

const ISSUER = 'taskflow-gateway';
const AUDIENCE = 'taskflow-subgraphs';
const ALGORITHM = 'HS256';

const keyCache = new Map<string, Uint8Array>();
function keyOf(secret: string): Uint8Array {
  let key = keyCache.get(secret);
  if (!key) {
    key = new TextEncoder().encode(secret);
    keyCache.set(secret, key);
  }
  return key;
}

/**
 * Signs the identity for one request (60 s life). Subgraphs accept nothing else: a call that does
 * not come through the gateway, or carries a forged or stale identity, is refused.
 */
export function signIdentity(identity: Identity, secret: string, ttlSeconds = 60): Promise<string> {
  return new SignJWT({
    knd: identity.kind,
    scp: identity.scopes,
    ...(identity.sessionId ? { sid: identity.sessionId } : {}),
    ...(identity.apiKeyId ? { kid: identity.apiKeyId } : {}),
    ...(identity.ip ? { ip: identity.ip } : {}),
    ...(identity.credentialRejected ? { rej: true } : {}),
  })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(identity.userId ?? '')
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(keyOf(secret));
}

/** Verifies a gateway-signed identity; throws on anything else. */
export async function verifyIdentity(token: string, secret: string): Promise<Identity> {
  return (await verifyWithExpiry(token, secret)).identity;
}

async function verifyWithExpiry(
  token: string,
  secret: string,
): Promise<{ identity: Identity; expiresAt: number }> {
  const { payload } = await jwtVerify(token, keyOf(secret), {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: [ALGORITHM],
  });
  const kind = payload.knd;
  if (kind !== 'anonymous' && kind !== 'session' && kind !== 'apiKey') throw new Error('bad identity kind');
  const scopes = Array.isArray(payload.scp)
    ? payload.scp.filter((s): s is Scope => s === 'READ' || s === 'WRITE')
    : [];
  const userId = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : null;
  if (kind !== 'anonymous' && !userId) throw new Error('identity without a user');
  if (typeof payload.exp !== 'number') throw new Error('identity without an expiry');
  const identity: Identity = {
    kind,
    userId,
    scopes,
    sessionId: typeof payload.sid === 'string' ? payload.sid : undefined,
    apiKeyId: typeof payload.kid === 'string' ? payload.kid : undefined,
    ip: typeof payload.ip === 'string' ? payload.ip : undefined,
    credentialRejected: payload.rej === true,
  };
  return { identity: Object.freeze(identity), expiresAt: payload.exp * 1000 };
}

/**
 * Signs identities for subgraph calls, reusing a token while it has more than half its life left:
 * HMAC signing through WebCrypto cost the gateway more per request than planning the query. Safe to
 * reuse because the gateway authenticates every request first; a revoked credential becomes another
 * identity (anonymous) and so another token.
 */
export class IdentitySigner {
  private readonly tokens: BoundedMap<string, { token: string; renewAt: number }>;

  constructor(
    private readonly secret: string,
    private readonly ttlSeconds = 60,
    limit = 10_000,
  ) {
    this.tokens = new BoundedMap(limit);
  }

  async sign(identity: Identity): Promise<string> {
    const key = JSON.stringify([
      identity.kind,
      identity.userId,
      identity.scopes,
      identity.sessionId ?? null,
      identity.apiKeyId ?? null,
      identity.ip ?? null,
      identity.credentialRejected ?? false,
    ]);
    const now = Date.now();
    const known = this.tokens.get(key);
    if (known && known.renewAt > now) return known.token;
    const token = await signIdentity(identity, this.secret, this.ttlSeconds);
    this.tokens.set(key, { token, renewAt: now + (this.ttlSeconds * 1000) / 2 });
    return token;
  }
}

/**
 * Verifies gateway-signed identities, remembering a token that verified until it expires, so the
 * same token (reused by the gateway, see IdentitySigner) is checked by its signature once. The cache
 * is keyed by the whole token: a changed byte is a miss and is verified.
 */
export class IdentityVerifier {
  private readonly verified: BoundedMap<string, { identity: Identity; expiresAt: number }>;

  constructor(
    private readonly secret: string,
    limit = 10_000,
  ) {
    this.verified = new BoundedMap(limit);
  }

  async verify(token: string): Promise<Identity> {
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.identity;
    const result = await verifyWithExpiry(token, this.secret);
    this.verified.set(token, result);
    return result.identity;
  }
}
