import { createLogger, handleShutdown } from '@taskflow/common';
import { startWebhooks } from './app.js';
import { loadWebhooksEnv } from './env.js';

const env = loadWebhooksEnv();
const log = createLogger('webhooks', env.LOG_LEVEL);

try {
  const server = await startWebhooks(env, log);
  handleShutdown(log, [server.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'webhooks failed to start');
  process.exit(1);
}
