import type { Identity, Logger } from '@taskflow/common';

export interface GatewayContext {
  identity: Identity;
  /** The identity signed for subgraphs, made once per request. */
  identityToken: string;
  correlationId: string;
  log: Logger;
}
