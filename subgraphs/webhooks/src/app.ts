import { readFileSync } from 'node:fs';
import {
  bootSubgraph,
  callerOf,
  IdentitySigner,
  keyedLoader,
  type Logger,
  type PlatformSource,
  type RunningSubgraph,
} from '@taskflow/common';
import {
  consumerSettingsFrom,
  createServicesPlatform,
  type EventConsumer,
  type OutboxRelay,
  type PlatformEvents,
  relaySettingsFrom,
} from '@taskflow/events';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { DeliverySender } from './delivery/delivery-sender.js';
import { EventIntake, FOLLOWED_TASK_EVENTS, TASKS_CONSUMER } from './delivery/event-intake.js';
import { HttpSender } from './delivery/http-sender.js';
import { TaskPayloads } from './delivery/task-payloads.js';
import { createDeliveryUnitOfWork, createWebhookUnitOfWork } from './domain/webhooks/webhook-repository.js';
import { WebhookService } from './domain/webhooks/webhook-service.js';
import { allowsPrivateAddresses, type WebhooksEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

const defaultSupergraphPath = new URL('../../../schema/supergraph.graphql', import.meta.url);

export interface RunningWebhooks extends RunningSubgraph<PlatformEvents> {
  /** Null when WEBHOOK_SENDER_ENABLED=false. */
  sender: DeliverySender | null;
  consumer: EventConsumer;
  relay: OutboxRelay;
}

/** Each subgraph's URL: the supergraph's, unless `<NAME>_URL` says otherwise. */
function subgraphUrls(supergraphSdl: string, env: WebhooksEnv): Map<string, string> {
  const urls = new Map<string, string>();
  for (const match of supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)) {
    const override = (env as Record<string, unknown>)[`${match[1]!.toUpperCase()}_URL`];
    urls.set(match[1]!, typeof override === 'string' ? override : match[2]!);
  }
  return urls;
}

export async function startWebhooks(
  env: WebhooksEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'webhooks'),
): Promise<RunningWebhooks> {
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH ?? defaultSupergraphPath, 'utf8');
  const payloads = await TaskPayloads.start({
    supergraphSdl,
    urls: subgraphUrls(supergraphSdl, env),
    signer: new IdentitySigner(env.INTERNAL_JWT_SECRET),
    log: log.child({ component: 'TaskPayloads' }),
  });
  const allowPrivateAddresses = allowsPrivateAddresses(env);
  try {
    return await bootSubgraph<Context, Omit<RunningWebhooks, keyof RunningSubgraph>, PlatformEvents>({
      name: 'webhooks',
      env,
      log,
      migrations,
      platform,
      define: ({ knex, platform: { events } }) => {
        const webhooks = new WebhookService({
          work: createWebhookUnitOfWork(knex),
          selections: payloads,
          allowPrivateAddresses,
        });
        const deliveries = createDeliveryUnitOfWork(knex);
        const sender =
          (env.WEBHOOK_SENDER_ENABLED ?? true)
            ? new DeliverySender({
                work: deliveries,
                payloads,
                http: new HttpSender({ timeoutMs: env.WEBHOOK_TIMEOUT_MS, allowPrivateAddresses }),
                log: log.child({ component: 'DeliverySender' }),
                settings: {
                  retryBaseSeconds: env.WEBHOOK_RETRY_BASE_SECONDS,
                  disableAfterFailures: env.WEBHOOK_DISABLE_AFTER_FAILURES,
                  concurrency: env.WEBHOOK_CONCURRENCY,
                  pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
                  leaseMs: Math.max(env.WEBHOOK_LEASE_MS, env.WEBHOOK_TIMEOUT_MS * 2),
                },
              }).start()
            : null;
        const intake = new EventIntake({
          work: deliveries,
          maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
          onEnqueued: () => sender?.wake(),
        });
        const consumer = events.bus.consume({
          sources: 'tasks',
          group: TASKS_CONSUMER,
          types: FOLLOWED_TASK_EVENTS,
          ...consumerSettingsFrom(env),
          handler: async (event, delivery) => {
            const enqueued = await intake.accept(event, delivery.messageId);
            if (enqueued > 0) delivery.log.debug({ enqueued }, 'deliveries enqueued');
          },
        });
        // WebhookDisabled events go from the outbox to the webhooks stream (notifications reads it).
        const relay = events.startRelay({
          knex,
          schema: 'webhooks',
          source: 'webhooks',
          log,
          ...relaySettingsFrom(env),
        });
        return {
          expose: { sender, consumer, relay },
          typeDefs,
          resolvers,
          permissions,
          createContext: (base) => ({
            ...base,
            webhooks,
            caller: callerOf(base),
            attemptsByDelivery: keyedLoader((keys) => webhooks.attemptsOf(base.identity, keys), []),
          }),
          // The consumer and the sender first (the sender writes to the outbox), then the relay.
          stopBackground: async () => {
            await Promise.all([consumer.stop(), sender?.stop()]);
            if (relay.stats.isLeader) await relay.flush({ timeoutMs: 1_000 }).catch(() => undefined);
            await relay.stop();
            await payloads.stop();
          },
        };
      },
    });
  } catch (error) {
    await payloads.stop();
    throw error;
  }
}
