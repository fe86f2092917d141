import { createLogger, handleShutdown } from '@taskflow/common';
import { startAudit } from './app.js';
import { loadAuditEnv } from './env.js';

const env = loadAuditEnv();
const log = createLogger('audit', env.LOG_LEVEL);

try {
  const server = await startAudit(env, log);
  handleShutdown(log, [server.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'audit failed to start');
  process.exit(1);
}
