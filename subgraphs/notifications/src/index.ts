import { createLogger, handleShutdown } from '@taskflow/common';
import { startNotifications } from './app.js';
import { loadNotificationsEnv } from './env.js';

const env = loadNotificationsEnv();
const log = createLogger('notifications', env.LOG_LEVEL);

try {
  const server = await startNotifications(env, log);
  handleShutdown(log, [server.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'notifications failed to start');
  process.exit(1);
}
