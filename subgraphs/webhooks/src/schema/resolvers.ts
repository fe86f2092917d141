import { DateTimeScalar } from '@taskflow/common';
import type { Resolvers } from '../generated/graphql.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    webhooks: (_parent, _args, ctx) => ctx.webhooks.list(ctx.identity),
  },
  Mutation: {
    createWebhook: (_parent, { input }, ctx) => ctx.webhooks.create(ctx.caller, input),
    updateWebhook: (_parent, { id, input }, ctx) => ctx.webhooks.update(ctx.caller, id, input),
    deleteWebhook: (_parent, { id }, ctx) => ctx.webhooks.delete(ctx.caller, id),
    rotateWebhookSecret: (_parent, { id }, ctx) => ctx.webhooks.rotateSecret(ctx.caller, id),
    redeliverWebhook: (_parent, { deliveryId }, ctx) => ctx.webhooks.redeliver(ctx.caller, deliveryId),
  },
  Webhook: {
    __resolveReference: (reference, ctx) => ctx.webhooks.findOwned(ctx.identity, reference.id),
    deliveries: (webhook, args, ctx) => ctx.webhooks.deliveries(webhook, args),
  },
  WebhookDelivery: {
    attemptLog: (delivery, _args, ctx) => ctx.attemptsByDelivery.load(delivery.id),
  },
  WebhookDeliveryConnection: {
    totalCount: (page) => page.totalCount(),
  },
};
