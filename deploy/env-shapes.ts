import { gatewayEnvShape } from '../gateway/src/env.js';
import { accountsEnvShape } from '../subgraphs/accounts/src/env.js';
import { auditEnvShape } from '../subgraphs/audit/src/env.js';
import { notificationsEnvShape } from '../subgraphs/notifications/src/env.js';
import { tagsEnvShape } from '../subgraphs/tags/src/env.js';
import { tasksEnvShape } from '../subgraphs/tasks/src/env.js';

/** Variables read by Node or the OpenTelemetry SDK rather than by a service's env.ts. */
export const runtimeVariables = new Set(['NODE_OPTIONS', 'TZ']);
const isOpenTelemetryVariable = (name: string) => name.startsWith('OTEL_');

/** Each entry file a deploy file may start, and the variables its env.ts reads. */
export const variablesByEntry: Record<string, Set<string>> = {
  'gateway/src/index.ts': new Set(Object.keys(gatewayEnvShape)),
  'subgraphs/accounts/src/index.ts': new Set(Object.keys(accountsEnvShape)),
  'subgraphs/tasks/src/index.ts': new Set(Object.keys(tasksEnvShape)),
  'subgraphs/tasks/src/worker.ts': new Set(Object.keys(tasksEnvShape)),
  'subgraphs/tags/src/index.ts': new Set(Object.keys(tagsEnvShape)),
  'subgraphs/audit/src/index.ts': new Set(Object.keys(auditEnvShape)),
  'subgraphs/notifications/src/index.ts': new Set(Object.keys(notificationsEnvShape)),
};

/** Whether the process started from `entry` reads `name`. */
export function isReadBy(entry: string, name: string): boolean {
  return (
    runtimeVariables.has(name) ||
    isOpenTelemetryVariable(name) ||
    (variablesByEntry[entry]?.has(name) ?? false)
  );
}

/** The port variable each entry listens on. */
export const portVariableOf = (entry: string) => (entry.endsWith('/worker.ts') ? 'WORKER_PORT' : 'PORT');
