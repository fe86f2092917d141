import { bootSubgraph, type Logger, type RunningSubgraph } from '@taskflow/common';
import DataLoader from 'dataloader';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { TagDirectory } from './domain/tags/tag-directory.js';
import type { Task } from './domain/tasks/task.model.js';
import { TaskRepository } from './domain/tasks/task-repository.js';
import { TaskService } from './domain/tasks/task-service.js';
import type { TasksEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

export function startTasks(env: TasksEnv, log: Logger): Promise<RunningSubgraph> {
  return bootSubgraph<Context>({
    name: 'tasks',
    env,
    log,
    migrations,
    define: ({ knex }) => {
      const repository = new TaskRepository(knex);
      const tagDirectory = new TagDirectory(env.TAGS_URL, log.child({ component: 'TagDirectory' }));
      const tasks = new TaskService({
        repository,
        tags: tagDirectory,
        log: log.child({ component: 'TaskService' }),
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
            caller: { identity, identityToken: base.identityToken, correlationId: base.correlationId },
            taskById: new DataLoader<string, Task | null>(async (ids) => {
              const found = await tasks.findOwnedByIds(identity, ids);
              return ids.map((id) => found.get(id) ?? null);
            }),
            tagTaskCount: new DataLoader<string, number>(async (tagIds) => {
              if (!identity.userId) return tagIds.map(() => 0);
              const counts = await repository.countByTags(identity.userId, tagIds);
              return tagIds.map((id) => counts.get(id) ?? 0);
            }),
          };
        },
        stopBackground: () => tagDirectory.close(),
      };
    },
  });
}
