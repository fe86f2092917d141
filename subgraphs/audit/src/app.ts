import { bootSubgraph, type Logger, type PlatformSource, type RunningSubgraph } from '@taskflow/common';
import {
  consumerSettingsFrom,
  createServicesPlatform,
  type EventConsumer,
  type PlatformEvents,
} from '@taskflow/events';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { AUDITED_EVENT_TYPES } from './domain/audit/audit-record.js';
import { createAuditUnitOfWork } from './domain/audit/audit-repository.js';
import { AUDIT_CONSUMER, AuditService } from './domain/audit/audit-service.js';
import type { AuditEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

export interface RunningAudit extends RunningSubgraph<PlatformEvents> {
  audit: AuditService;
  consumers: EventConsumer[];
}

export function startAudit(
  env: AuditEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'audit'),
): Promise<RunningAudit> {
  return bootSubgraph<Context, Omit<RunningAudit, keyof RunningSubgraph>, PlatformEvents>({
    name: 'audit',
    env,
    log,
    migrations,
    platform,
    define: ({ knex, platform: { events } }) => {
      const service = new AuditService({
        work: createAuditUnitOfWork(knex),
        log: log.child({ component: 'AuditService' }),
      });
      // Every task and tag event, from both streams, into the log; the group remembers the position.
      const settings = consumerSettingsFrom(env);
      const consumers = Array.from({ length: env.AUDIT_CONSUMERS }, (_, index) =>
        events.bus.consume({
          sources: ['tasks', 'tags'],
          group: AUDIT_CONSUMER,
          types: AUDITED_EVENT_TYPES,
          ...settings,
          consumer: index === 0 ? settings.consumer : `${settings.consumer}-${index}`,
          handler: async (event, { log: eventLog }) => {
            if (await service.record(event)) eventLog.debug('audit entry recorded');
          },
        }),
      );
      return {
        typeDefs,
        resolvers,
        permissions,
        createContext: (base) => ({ ...base, audit: service }),
        expose: { audit: service, consumers },
        stopBackground: async () => {
          await Promise.all(consumers.map((consumer) => consumer.stop()));
        },
      };
    },
  });
}
