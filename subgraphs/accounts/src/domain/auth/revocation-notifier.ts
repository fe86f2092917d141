import type { Logger, Redis } from '@taskflow/common';
import { revocationChannel } from '@taskflow/events';

/**
 * Tells every gateway replica that a session or API key was revoked, so open WebSocket connections
 * that used it close at once. Best effort: the revocation itself is already committed, and gateways
 * re-check credentials periodically, so a notice lost while Redis is away only delays the close.
 */
export class RevocationNotifier {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  async notify(credentialId: string): Promise<void> {
    try {
      await this.redis.publish(revocationChannel(this.prefix), JSON.stringify({ credentialId }));
    } catch (error) {
      this.log.warn({ err: (error as Error).message, credentialId }, 'could not announce a revocation');
    }
  }
}
