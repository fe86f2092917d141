import type { GraphQLClient } from './client.js';

export const WEBHOOK_FIELDS = 'id url events selection active createdAt';
export const CREATE_WEBHOOK = `mutation ($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { ${WEBHOOK_FIELDS} } }
}`;
export const UPDATE_WEBHOOK = `mutation ($id: ID!, $input: UpdateWebhookInput!) {
  updateWebhook(id: $id, input: $input) { ${WEBHOOK_FIELDS} }
}`;
export const DELETE_WEBHOOK = 'mutation ($id: ID!) { deleteWebhook(id: $id) }';
export const ROTATE_SECRET = `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret webhook { id } } }`;
export const REDELIVER = `mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attempts nextAttemptAt } }`;
export const DELIVERIES = `query {
  webhooks {
    id active
    deliveries(first: 100) {
      totalCount
      edges { cursor node { id eventId eventType status attempts lastResponseStatus nextAttemptAt createdAt
        attemptLog { at responseStatus error responseBody durationMs } } }
    }
  }
}`;

export interface WebhookShape {
  id: string;
  url: string;
  events: string[];
  selection: string;
  active: boolean;
  createdAt: string;
}

export interface DeliveryShape {
  id: string;
  eventId: string;
  eventType: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  attempts: number;
  lastResponseStatus: number | null;
  nextAttemptAt: string | null;
  attemptLog: {
    at: string;
    responseStatus: number | null;
    error: string | null;
    responseBody: string | null;
  }[];
}

export async function createWebhook(
  client: GraphQLClient,
  token: string,
  input: { url: string; events: string[]; selection?: string },
) {
  const data = await client.data<{ createWebhook: { secret: string; webhook: WebhookShape } }>(
    CREATE_WEBHOOK,
    { input },
    { token },
  );
  return data.createWebhook;
}

/** Every webhook of the caller with its deliveries (newest first). */
export async function deliveriesOf(client: GraphQLClient, token: string) {
  const data = await client.data<{
    webhooks: {
      id: string;
      active: boolean;
      deliveries: { totalCount: number; edges: { node: DeliveryShape }[] };
    }[];
  }>(DELIVERIES, {}, { token });
  return new Map(
    data.webhooks.map((webhook) => [webhook.id, webhook.deliveries.edges.map((edge) => edge.node)]),
  );
}
