import { createLogger, handleShutdown } from '@taskflow/common';
import { startAccounts } from './app.js';
import { loadAccountsEnv } from './env.js';

const env = loadAccountsEnv();
const log = createLogger('accounts', env.LOG_LEVEL);

try {
  const server = await startAccounts(env, log);
  handleShutdown(log, [server.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'accounts failed to start');
  process.exit(1);
}
