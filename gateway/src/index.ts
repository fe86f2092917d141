import { createLogger, handleShutdown } from '@taskflow/common';
import { loadGatewayEnv } from './env.js';
import { startGateway } from './server.js';

const env = loadGatewayEnv();
const log = createLogger('gateway', env.LOG_LEVEL);

try {
  const gateway = await startGateway(env, log);
  handleShutdown(log, [gateway.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'gateway failed to start');
  process.exit(1);
}
