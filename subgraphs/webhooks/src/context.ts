import type { BaseContext, Caller } from '@taskflow/common';
import type DataLoader from 'dataloader';
import type { DeliveryAttempt } from './domain/webhooks/webhook.js';
import type { WebhookService } from './domain/webhooks/webhook-service.js';

export interface Context extends BaseContext {
  webhooks: WebhookService;
  caller: Caller;
  /** Per request: the attempts of every delivery of a response, in one query. */
  attemptsByDelivery: DataLoader<string, DeliveryAttempt[]>;
}
