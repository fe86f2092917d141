import { createLogger, handleShutdown } from '@taskflow/common';
import { startTags } from './app.js';
import { loadTagsEnv } from './env.js';

const env = loadTagsEnv();
const log = createLogger('tags', env.LOG_LEVEL);

try {
  const server = await startTags(env, log);
  handleShutdown(log, [server.stop], env.SHUTDOWN_TIMEOUT_MS);
} catch (error) {
  log.fatal({ err: error }, 'tags failed to start');
  process.exit(1);
}
