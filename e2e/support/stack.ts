import { createLogger, type RunningServer, type RunningSubgraph } from '@taskflow/common';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '@taskflow/common/testing';
import { loadGatewayEnv } from '../../gateway/src/env.js';
import { startGateway } from '../../gateway/src/server.js';
import { startAccounts } from '../../subgraphs/accounts/src/app.js';
import { loadAccountsEnv } from '../../subgraphs/accounts/src/env.js';
import { startTags } from '../../subgraphs/tags/src/app.js';
import { loadTagsEnv } from '../../subgraphs/tags/src/env.js';
import { startTasks } from '../../subgraphs/tasks/src/app.js';
import { loadTasksEnv } from '../../subgraphs/tasks/src/env.js';
import { GraphQLClient } from './client.js';

export const TEST_JWT_SECRET = 'e2e-access-token-secret-0123456789abcdef';
export const TEST_INTERNAL_SECRET = 'e2e-internal-identity-secret-0123456789abcdef';

export type SubgraphName = 'accounts' | 'tasks' | 'tags';

export interface Stack {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  databaseUrl: string;
  redisPrefix: string;
  client: GraphQLClient;
  stop: () => Promise<void>;
}

/**
 * The real system for one test file: a fresh database, a Redis prefix of its own, every subgraph and
 * the gateway listening on free ports. `env` overrides variables for all of them.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
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
    ...env,
  };
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
    const [accounts, tags] = await Promise.all([
      start(startAccounts(loadAccountsEnv(common), log.child({ service: 'accounts' }))),
      start(startTags(loadTagsEnv(common), log.child({ service: 'tags' }))),
    ]);
    const tasks = await start(
      startTasks(loadTasksEnv({ ...common, TAGS_URL: tags.url }), log.child({ service: 'tasks' })),
    );
    const subgraphs = { accounts, tasks, tags };
    const gateway = await start(
      startGateway(
        loadGatewayEnv({ ...common, ACCOUNTS_URL: accounts.url, TASKS_URL: tasks.url, TAGS_URL: tags.url }),
        log.child({ service: 'gateway' }),
      ),
    );
    return {
      gatewayUrl: gateway.url,
      subgraphUrls: { accounts: accounts.url, tasks: tasks.url, tags: tags.url },
      subgraphs,
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
