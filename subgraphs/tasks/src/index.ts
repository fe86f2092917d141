import { createLogger, handleShutdown } from '@taskflow/common';
import { startTasks } from './app.js';
import { loadTasksEnv } from './env.js';

const env = loadTasksEnv();
const log = createLogger('tasks', env.LOG_LEVEL);

try {
  const server = await startTasks(env, log);
  handleShutdown(log, [server.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'tasks failed to start');
  process.exit(1);
}
