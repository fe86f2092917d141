import {
  bootSubgraph,
  callerOf,
  keyedLoader,
  type Logger,
  type PlatformSource,
  type RunningSubgraph,
} from '@taskflow/common';
import { createServicesPlatform, type PlatformEvents, relaySettingsFrom } from '@taskflow/events';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { createTagUnitOfWork } from './domain/tags/tag-repository.js';
import { TagService } from './domain/tags/tag-service.js';
import type { TagsEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

export function startTags(
  env: TagsEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'tags'),
): Promise<RunningSubgraph<PlatformEvents>> {
  return bootSubgraph<Context, object, PlatformEvents>({
    name: 'tags',
    env,
    log,
    migrations,
    platform,
    define: ({ knex, platform: { events } }) => {
      const tags = new TagService({ work: createTagUnitOfWork(knex) });
      const relay = events.startRelay({
        knex,
        schema: 'tags',
        source: 'tags',
        log,
        ...relaySettingsFrom(env),
      });
      return {
        typeDefs,
        resolvers,
        permissions,
        createContext: (base) => ({
          ...base,
          tags,
          caller: callerOf(base),
          tagById: keyedLoader((keys) => tags.findOwnedByIds(base.identity, keys), null),
        }),
        stopBackground: () => relay.stop(),
      };
    },
  });
}
