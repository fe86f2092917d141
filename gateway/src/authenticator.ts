import { anonymous, IDENTITY_HEADER, type Identity, type Logger, signIdentity } from '@taskflow/common';
import { Agent, request } from 'undici';

/**
 * Establishes who is calling by asking the accounts subgraph (the only owner of sessions and API
 * keys), on every request: a revoked token or key stops working at once, on every replica.
 */
export class Authenticator {
  private readonly url: string;
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  private callerToken?: { value: string; expiresAt: number };

  constructor(
    accountsGraphqlUrl: string,
    private readonly internalSecret: string,
    private readonly log: Logger,
  ) {
    this.url = new URL('/internal/authenticate', accountsGraphqlUrl).toString();
  }

  async authenticate(authorization: string | undefined, ip: string): Promise<Identity> {
    const credential = parseBearer(authorization);
    if (credential === undefined) return { ...anonymous, ip };
    if (credential === null || credential.length > 4096)
      return { ...anonymous, ip, credentialRejected: true };
    const response = await request(this.url, {
      method: 'POST',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await this.gatewayToken() },
      body: JSON.stringify({ credential }),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body = (await response.body.json()) as { identity?: Identity };
    if (response.statusCode === 200 && body.identity) return { ...body.identity, ip };
    if (response.statusCode !== 401)
      this.log.error({ status: response.statusCode }, 'accounts could not authenticate');
    return { ...anonymous, ip, credentialRejected: true };
  }

  /** The gateway's own anonymous identity for calling accounts, re-signed well before it expires. */
  private async gatewayToken(): Promise<string> {
    if (!this.callerToken || this.callerToken.expiresAt < Date.now()) {
      this.callerToken = {
        value: await signIdentity(anonymous, this.internalSecret, 60),
        expiresAt: Date.now() + 30_000,
      };
    }
    return this.callerToken.value;
  }

  close() {
    return this.agent.close();
  }
}

/** undefined: no credential; null: something that is not a bearer credential. */
function parseBearer(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
