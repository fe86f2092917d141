import { createLogger, type RunningServer, type RunningSubgraph } from '@taskflow/common';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '@taskflow/common/testing';
import { loadGatewayEnv } from '../../gateway/src/env.js';
import { type RunningGateway, startGateway } from '../../gateway/src/server.js';
import { startAccounts } from '../../subgraphs/accounts/src/app.js';
import { loadAccountsEnv } from '../../subgraphs/accounts/src/env.js';
import { type RunningAudit, startAudit } from '../../subgraphs/audit/src/app.js';
import { loadAuditEnv } from '../../subgraphs/audit/src/env.js';
import { type RunningNotifications, startNotifications } from '../../subgraphs/notifications/src/app.js';
import { loadNotificationsEnv } from '../../subgraphs/notifications/src/env.js';
import { startTags } from '../../subgraphs/tags/src/app.js';
import { loadTagsEnv } from '../../subgraphs/tags/src/env.js';
import { startTasks } from '../../subgraphs/tasks/src/app.js';
import { loadTasksEnv } from '../../subgraphs/tasks/src/env.js';
import {
  type RunningRecurrenceWorker,
  startRecurrenceWorker,
} from '../../subgraphs/tasks/src/recurrence-worker.js';
import { type RunningWebhooks, startWebhooks } from '../../subgraphs/webhooks/src/app.js';
import { loadWebhooksEnv } from '../../subgraphs/webhooks/src/env.js';
import { GraphQLClient } from './client.js';

export const TEST_JWT_SECRET = 'e2e-access-token-secret-0123456789abcdef';
export const TEST_INTERNAL_SECRET = 'e2e-internal-identity-secret-0123456789abcdef';

export type SubgraphName = 'accounts' | 'tasks' | 'tags' | 'audit' | 'notifications' | 'webhooks';

export interface Stack {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, RunningSubgraph> & {
    audit: RunningAudit;
    notifications: RunningNotifications;
    webhooks: RunningWebhooks;
  };
  /** Starts another webhooks process on the same database and Redis, with `env` on top (stopped with the stack). */
  startWebhooksReplica: (env?: Record<string, string>) => Promise<RunningWebhooks>;
  databaseUrl: string;
  redisPrefix: string;
  client: GraphQLClient;
  /** Another gateway replica against the same subgraphs and Redis (stopped with the stack). */
  startGatewayReplica: () => Promise<RunningGateway>;
  /** A recurrence worker in this process, with tasks' env plus `env` (stopped with the stack). */
  startRecurrenceWorker: (env?: Record<string, string>) => Promise<RunningRecurrenceWorker>;
  /** The one started by `{ recurrenceWorker: true }`. */
  recurrenceWorker?: RunningRecurrenceWorker;
  stop: () => Promise<void>;
}

export interface StackOptions {
  /** Also run a recurrence worker (off by default: it adds events to recurring tasks' completions). */
  recurrenceWorker?: boolean;
  /** Variables for one service only, on top of the shared ones (e.g. a tasks REDIS_URL through a proxy). */
  only?: Partial<Record<SubgraphName | 'gateway', Record<string, string>>>;
}

/**
 * The real system for one test file: a fresh database, a Redis prefix of its own, every subgraph and
 * the gateway listening on free ports. `env` overrides variables for all of them.
 */
export async function startStack(
  env: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Stack> {
  const database = await createTestDatabase('e2e');
  const redisPrefix = uniqueRedisPrefix();
  const log = createLogger('e2e', process.env.TEST_LOG_LEVEL ?? 'silent');
  const common = {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: redisPrefix,
    INTERNAL_JWT_SECRET: TEST_INTERNAL_SECRET,
    JWT_SECRET: TEST_JWT_SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Consumers and relays wake often, so tests wait little and stopping them is quick.
    EVENTS_CONSUMER_BLOCK_MS: '500',
    EVENTS_RELAY_POLL_INTERVAL_MS: '250',
    ...env,
  };
  const envFor = (service: SubgraphName | 'gateway', extra: Record<string, string> = {}) => ({
    ...common,
    ...extra,
    ...options.only?.[service],
  });
  const started: RunningServer[] = [];
  const start = async <T extends RunningServer>(server: Promise<T>) => {
    const running = await server;
    started.push(running);
    return running;
  };
  const stopAll = async () => {
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    await database.drop();
  };
  try {
    const [accounts, tags, audit] = await Promise.all([
      start(startAccounts(loadAccountsEnv(envFor('accounts')), log.child({ service: 'accounts' }))),
      start(startTags(loadTagsEnv(envFor('tags')), log.child({ service: 'tags' }))),
      start(startAudit(loadAuditEnv(envFor('audit')), log.child({ service: 'audit' }))),
    ]);
    const tasks = await start(
      startTasks(loadTasksEnv(envFor('tasks', { TAGS_URL: tags.url })), log.child({ service: 'tasks' })),
    );
    const notifications = await start(
      startNotifications(
        loadNotificationsEnv(envFor('notifications', { TASKS_URL: tasks.url })),
        log.child({ service: 'notifications' }),
      ),
    );
    const webhooksEnv = (extra: Record<string, string> = {}) =>
      loadWebhooksEnv(
        envFor('webhooks', {
          ACCOUNTS_URL: accounts.url,
          TASKS_URL: tasks.url,
          TAGS_URL: tags.url,
          AUDIT_URL: audit.url,
          NOTIFICATIONS_URL: notifications.url,
          ...extra,
        }),
      );
    const webhooks = await start(startWebhooks(webhooksEnv(), log.child({ service: 'webhooks' })));
    const subgraphs = { accounts, tasks, tags, audit, notifications, webhooks };
    const gatewayEnv = loadGatewayEnv(
      envFor('gateway', {
        ACCOUNTS_URL: accounts.url,
        TASKS_URL: tasks.url,
        TAGS_URL: tags.url,
        AUDIT_URL: audit.url,
        NOTIFICATIONS_URL: notifications.url,
        WEBHOOKS_URL: webhooks.url,
      }),
    );
    const gateway = await start(startGateway(gatewayEnv, log.child({ service: 'gateway' })));
    let workers = 0;
    const startWorker = (extra: Record<string, string> = {}) => {
      workers += 1;
      const workerEnv = {
        ...envFor('tasks'),
        WORKER_PORT: '0',
        EVENTS_CONSUMER_NAME: `e2e-${workers}`,
        ...extra,
      };
      return start(
        startRecurrenceWorker(loadTasksEnv(workerEnv), log.child({ service: 'recurrence-worker' })),
      );
    };
    const recurrenceWorker = options.recurrenceWorker ? await startWorker() : undefined;
    return {
      gatewayUrl: gateway.url,
      startRecurrenceWorker: startWorker,
      recurrenceWorker,
      gateway,
      startGatewayReplica: () => start(startGateway(gatewayEnv, log.child({ service: 'gateway-replica' }))),
      subgraphUrls: {
        accounts: accounts.url,
        tasks: tasks.url,
        tags: tags.url,
        audit: audit.url,
        notifications: notifications.url,
        webhooks: webhooks.url,
      },
      subgraphs,
      startWebhooksReplica: (extra = {}) =>
        start(startWebhooks(webhooksEnv(extra), log.child({ service: 'webhooks-replica' }))),
      databaseUrl: database.url,
      redisPrefix,
      client: new GraphQLClient(gateway.url),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
