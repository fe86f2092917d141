import { jwtVerify, SignJWT } from 'jose';

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
  return {
    kind,
    userId,
    scopes,
    sessionId: typeof payload.sid === 'string' ? payload.sid : undefined,
    apiKeyId: typeof payload.kid === 'string' ? payload.kid : undefined,
    ip: typeof payload.ip === 'string' ? payload.ip : undefined,
    credentialRejected: payload.rej === true,
  };
}
