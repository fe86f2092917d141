import {
  anonymous,
  BoundedMap,
  IDENTITY_HEADER,
  type Identity,
  type IdentitySigner,
  type Logger,
} from '@taskflow/common';
import { decodeJwt } from 'jose';
import { Agent, request } from 'undici';

type KnownIdentity = Omit<Identity, 'ip'>;

/** Upper bound on remembered credentials; the oldest go first. */
const CACHE_LIMIT = 10_000;

/**
 * Establishes who is calling by asking the accounts subgraph, the only owner of sessions and API
 * keys. A valid answer is remembered for `cacheTtlMs` (never past the token's own expiry), which
 * saves a network hop on every request; revocations evict it at once: on this replica when the
 * revoking mutation passes through it, on every replica through accounts' revocation notice. The
 * TTL bounds the delay only if that notice is lost (Redis away).
 */
export class Authenticator {
  private readonly url: string;
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  private readonly cache = new BoundedMap<
    string,
    { identity: KnownIdentity; until: number; refreshAt: number }
  >(CACHE_LIMIT);
  /** Bumped by every revocation: an answer asked for before one is not remembered after it. */
  private generation = 0;

  constructor(
    accountsGraphqlUrl: string,
    private readonly signer: IdentitySigner,
    private readonly log: Logger,
    private readonly cacheTtlMs = 5_000,
  ) {
    this.url = new URL('/internal/authenticate', accountsGraphqlUrl).toString();
  }

  /** Forgets every credential tied to a revoked session or API key id. */
  revoke(credentialId: string): void {
    this.generation += 1;
    for (const [credential, entry] of this.cache) {
      if (entry.identity.sessionId === credentialId || entry.identity.apiKeyId === credentialId)
        this.cache.delete(credential);
    }
  }

  /** Forgets a user's API keys (after one of them was revoked through this replica). */
  revokeApiKeysOf(userId: string): void {
    this.generation += 1;
    for (const [credential, entry] of this.cache) {
      if (entry.identity.kind === 'apiKey' && entry.identity.userId === userId) this.cache.delete(credential);
    }
  }

  async authenticate(authorization: string | undefined, ip: string): Promise<Identity> {
    const credential = parseBearer(authorization);
    if (credential === undefined) return { ...anonymous, ip };
    if (credential === null || credential.length > 4096)
      return { ...anonymous, ip, credentialRejected: true };
    const cached = this.cache.get(credential);
    const now = Date.now();
    if (cached && cached.until > now) {
      // Past half its life, an entry in use is verified again in the background: active callers
      // never wait for accounts, and a credential revoked behind our back is still dropped within
      // the TTL (a failed refresh just lets the entry expire).
      if (cached.refreshAt <= now) {
        cached.refreshAt = Number.POSITIVE_INFINITY;
        this.lookup(credential).catch((error) =>
          this.log.warn({ err: (error as Error).message }, 'could not refresh a remembered credential'),
        );
      }
      return { ...cached.identity, ip };
    }
    const identity = await this.lookup(credential);
    return identity ? { ...identity, ip } : { ...anonymous, ip, credentialRejected: true };
  }

  /** Asks accounts; remembers a valid answer (unless a revocation came meanwhile), forgets a refused one. */
  private async lookup(credential: string): Promise<KnownIdentity | null> {
    const generation = this.generation;
    const response = await request(this.url, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await this.signer.sign(anonymous) },
      body: JSON.stringify({ credential }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body = (await response.body.json()) as { identity?: KnownIdentity };
    if (response.statusCode === 200 && body.identity) {
      if (generation === this.generation) this.remember(credential, body.identity);
      return body.identity;
    }
    if (response.statusCode === 401) this.cache.delete(credential);
    else this.log.error({ status: response.statusCode }, 'accounts could not authenticate');
    return null;
  }

  private remember(credential: string, identity: KnownIdentity) {
    if (this.cacheTtlMs <= 0) return;
    const expiresAt = identity.kind === 'session' ? tokenExpiry(credential) : undefined;
    // Between 3/4 of the TTL and all of it: credentials first seen together (a deploy, a burst of
    // reconnects) are not all verified again in the same instant.
    const ttl = this.cacheTtlMs * (0.75 + Math.random() * 0.25);
    const now = Date.now();
    const until = Math.min(now + ttl, expiresAt ?? Number.POSITIVE_INFINITY);
    this.cache.set(credential, { identity, until, refreshAt: now + ttl / 2 });
  }

  close() {
    return this.agent.close();
  }
}

function tokenExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** undefined: no credential; null: something that is not a bearer credential. */
function parseBearer(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
