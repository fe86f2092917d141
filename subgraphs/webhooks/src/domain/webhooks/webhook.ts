import type { Connection } from '@taskflow/common';

/** The public event types a webhook can follow (the task change kinds, prefixed). */
export const WEBHOOK_EVENT_TYPES = [
  'TASK_CREATED',
  'TASK_UPDATED',
  'TASK_COMPLETED',
  'TASK_REOPENED',
  'TASK_DELETED',
  'TASK_RESTORED',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

export interface Webhook {
  id: string;
  ownerId: string;
  url: string;
  events: WebhookEventType[];
  selection: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** The secrets that sign a webhook's deliveries: the current one and, for 24 h after a rotation, the previous. */
export interface WebhookSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  ownerId: string;
  /** The event's tasks-stream entry id (`<ms>-<seq>`): the public eventId and the order of sending. */
  eventId: string;
  eventType: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export interface DeliveryAttempt {
  deliveryId: string;
  at: Date;
  responseStatus: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
}

export interface CreatedWebhook {
  secret: string;
  webhook: Webhook;
}

export type DeliveryPage = Connection<WebhookDelivery>;
export type DeliveryEdge = DeliveryPage['edges'][number];

/** `TASK_COMPLETED` → `task.completed`, the `type` of the request body. */
export const bodyTypeOf = (eventType: WebhookEventType) => eventType.toLowerCase().replace('_', '.');
