import { randomUUID } from 'node:crypto';
import type { Identity, IdentitySigner, Logger } from '@taskflow/common';
import { decodeJwt } from 'jose';
import type { WebSocket } from 'ws';
import type { Authenticator } from '../authenticator.js';
import type { GatewayContext } from '../context.js';

/** Close codes outside graphql-ws' own 4400–4499 protocol range, except its 4403 Forbidden. */
export const CloseCode = {
  Forbidden: 4403,
  /** RFC 6455 "Try Again Later": the client fell too far behind; it reconnects and resumes with `since`. */
  TryAgainLater: 1013,
} as const;

/**
 * One authenticated WebSocket connection: who it is, the identity it uses for the entity fetches
 * of its events, and the timers that end it when its token expires or is revoked.
 */
export class ConnectionState {
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    readonly identity: Identity,
    private readonly authorization: string,
    private readonly socket: WebSocket,
    private readonly deps: {
      authenticator: Authenticator;
      signer: IdentitySigner;
      log: Logger;
      recheckMs: number;
    },
  ) {
    const credential = authorization.replace(/^Bearer\s+/i, '');
    if (!credential.startsWith('tf_')) {
      const exp = safeExpiry(credential);
      if (exp) this.after(exp - Date.now(), () => this.close(CloseCode.Forbidden, 'Token expired'));
    }
    const recheck = setInterval(() => void this.recheck(), deps.recheckMs);
    recheck.unref();
    this.timers.push(recheck);
  }

  get userId(): string {
    return this.identity.userId!;
  }

  /** Session or API key id, to match revocation notices. */
  get credentialIds(): string[] {
    return [this.identity.sessionId, this.identity.apiKeyId].filter((id): id is string => !!id);
  }

  /** The context an event's entity is fetched with: this subscriber's identity and the event's correlation id. */
  async contextFor(correlationId: string | null): Promise<GatewayContext> {
    const id = correlationId ?? randomUUID();
    return {
      identity: this.identity,
      identityToken: await this.deps.signer.sign(this.identity),
      correlationId: id,
      log: this.deps.log.child({ correlationId: id, userId: this.identity.userId }),
    };
  }

  close(code: number, reason: string) {
    if (this.closed) return;
    this.dispose();
    this.deps.log.info({ userId: this.identity.userId, code, reason }, 'closing subscription connection');
    this.socket.close(code, reason);
  }

  dispose() {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** A revoked token or key ends the connection, even if no revocation notice reached this replica. */
  private async recheck() {
    try {
      const current = await this.deps.authenticator.authenticate(
        this.authorization,
        this.identity.ip ?? 'unknown',
      );
      if (current.userId !== this.identity.userId) this.close(CloseCode.Forbidden, 'Token revoked');
    } catch (error) {
      // Accounts unreachable: keep serving; the next check decides.
      this.deps.log.warn({ err: (error as Error).message }, 'could not re-check a subscription credential');
    }
  }

  private after(ms: number, run: () => void) {
    // setTimeout holds at most ~24.8 days; longer-lived tokens are re-checked by `recheck` anyway.
    const timer = setTimeout(run, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    timer.unref();
    this.timers.push(timer);
  }
}

function safeExpiry(token: string): number | undefined {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
