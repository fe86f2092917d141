import {
  bootSubgraph,
  callerOf,
  keyedLoader,
  type Logger,
  type PlatformSource,
  type RunningSubgraph,
} from '@taskflow/common';
import {
  consumerSettingsFrom,
  createServicesPlatform,
  type PlatformEvents,
  relaySettingsFrom,
} from '@taskflow/events';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { TagDirectory } from './domain/tags/tag-directory.js';
import { createTaskUnitOfWork } from './domain/tasks/task-repository.js';
import { TaskService } from './domain/tasks/task-service.js';
import type { TasksEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

export function startTasks(
  env: TasksEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'tasks'),
): Promise<RunningSubgraph<PlatformEvents>> {
  return bootSubgraph<Context, object, PlatformEvents>({
    name: 'tasks',
    env,
    log,
    migrations,
    platform,
    define: ({ knex, platform: { events } }) => {
      const work = createTaskUnitOfWork(knex);
      const tagDirectory = new TagDirectory(env.TAGS_URL, log.child({ component: 'TagDirectory' }));
      const tasks = new TaskService({
        work,
        tags: tagDirectory,
        log: log.child({ component: 'TaskService' }),
      });
      const relay = events.startRelay({
        knex,
        schema: 'tasks',
        source: 'tasks',
        log,
        ...relaySettingsFrom(env),
      });
      // A deleted tag leaves its tasks' arrays (reads already hide it; this keeps filters and counts exact).
      const tagCleanup = events.bus.consume({
        sources: 'tags',
        group: 'tasks-tag-cleanup',
        types: ['TagDeleted'],
        ...consumerSettingsFrom(env),
        handler: async (event) => {
          await tasks.removeDeletedTag(event.ownerId, event.aggregateId);
        },
      });
      return {
        typeDefs,
        resolvers,
        permissions,
        createContext: (base) => {
          const { identity } = base;
          return {
            ...base,
            tasks,
            caller: callerOf(base),
            taskById: keyedLoader((keys) => tasks.findOwnedByIds(identity, keys), null),
            tagTaskCount: keyedLoader((keys) => tasks.countByTags(identity, keys), 0),
          };
        },
        stopBackground: async () => {
          await Promise.all([tagCleanup.stop(), relay.stop()]);
          await tagDirectory.close();
        },
      };
    },
  });
}
