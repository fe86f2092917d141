/**
 * The recurrence worker's process (`npm start` runs it; docker-compose and k8s run it as `worker`):
 * creates the next occurrence of each completed recurring task. See recurrence-worker.ts.
 */
import { createLogger, handleShutdown } from '@taskflow/common';
import { loadTasksEnv } from './env.js';
import { startRecurrenceWorker } from './recurrence-worker.js';

const env = loadTasksEnv();
const log = createLogger('recurrence-worker', env.LOG_LEVEL);

try {
  const worker = await startRecurrenceWorker(env, log);
  handleShutdown(log, [worker.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'recurrence worker failed to start');
  process.exit(1);
}
