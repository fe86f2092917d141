import { createLogger, type RunningServer } from '@taskflow/common';
import { createTestDatabase, testRedisUrl, uniqueRedisPrefix } from '@taskflow/common/testing';
import { loadGatewayEnv } from '../../gateway/src/env.js';
import { startGateway } from '../../gateway/src/server.js';
import { startAccounts } from '../../subgraphs/accounts/src/app.js';
import { loadAccountsEnv } from '../../subgraphs/accounts/src/env.js';
import { GraphQLClient } from './client.js';

export const TEST_JWT_SECRET = 'e2e-access-token-secret-0123456789abcdef';
export const TEST_INTERNAL_SECRET = 'e2e-internal-identity-secret-0123456789abcdef';

export interface Stack {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
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
  try {
    const accounts = await startAccounts(loadAccountsEnv(common), log.child({ service: 'accounts' }));
    started.push(accounts);
    const gateway = await startGateway(
      loadGatewayEnv({ ...common, ACCOUNTS_URL: accounts.url }),
      log.child({ service: 'gateway' }),
    );
    started.push(gateway);
    return {
      gatewayUrl: gateway.url,
      subgraphUrls: { accounts: accounts.url },
      databaseUrl: database.url,
      redisPrefix,
      client: new GraphQLClient(gateway.url),
      stop: async () => {
        for (const server of started.reverse()) await server.stop();
        await database.drop();
      },
    };
  } catch (error) {
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    await database.drop();
    throw error;
  }
}
