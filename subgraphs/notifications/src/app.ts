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
  type EventConsumer,
  type OutboxRelay,
  type PlatformEvents,
  relaySettingsFrom,
} from '@taskflow/events';
import { migrations } from '../migrations/index.js';
import type { Context } from './context.js';
import { NotificationService } from './domain/notifications/notification-service.js';
import { ReminderScheduler } from './domain/reminders/reminder-scheduler.js';
import { ReminderService } from './domain/reminders/reminder-service.js';
import { createNotificationsUnitOfWork } from './domain/repositories.js';
import { FOLLOWED_TASK_EVENTS, TASKS_CONSUMER, TaskCopyService } from './domain/tasks/task-copy-service.js';
import { TaskDirectory } from './domain/tasks/task-directory.js';
import type { NotificationsEnv } from './env.js';
import { permissions } from './schema/permissions.js';
import { resolvers } from './schema/resolvers.js';
import { typeDefs } from './schema/type-defs.js';

export interface RunningNotifications extends RunningSubgraph<PlatformEvents> {
  /** Null when REMINDER_SCHEDULER_ENABLED=false. */
  scheduler: ReminderScheduler | null;
  relay: OutboxRelay;
  consumer: EventConsumer;
  taskCopies: TaskCopyService;
}

export function startNotifications(
  env: NotificationsEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'notifications'),
): Promise<RunningNotifications> {
  return bootSubgraph<Context, Omit<RunningNotifications, keyof RunningSubgraph>, PlatformEvents>({
    name: 'notifications',
    env,
    log,
    migrations,
    platform,
    define: ({ knex, platform: { events } }) => {
      const work = createNotificationsUnitOfWork(knex);
      const scheduler =
        (env.REMINDER_SCHEDULER_ENABLED ?? true)
          ? new ReminderScheduler({
              work,
              log,
              pollIntervalMs: env.REMINDER_POLL_INTERVAL_MS,
              batchSize: env.REMINDER_BATCH_SIZE,
            }).start()
          : null;
      const onScheduleChanged = () => scheduler?.wake();
      const directory = new TaskDirectory(env.TASKS_URL, log.child({ component: 'TaskDirectory' }));
      const reminders = new ReminderService({
        work,
        directory,
        log: log.child({ component: 'ReminderService' }),
        onScheduleChanged,
      });
      const notifications = new NotificationService({
        work,
        log: log.child({ component: 'NotificationService' }),
        onScheduleChanged,
      });
      const taskCopies = new TaskCopyService({
        work,
        log: log.child({ component: 'TaskCopyService' }),
        onScheduleChanged,
      });
      // NotificationCreated events go from the outbox to the notifications stream and the owner's channel.
      const relay = events.startRelay({
        knex,
        schema: 'notifications',
        source: 'notifications',
        log,
        ...relaySettingsFrom(env),
      });
      const consumer = events.bus.consume({
        sources: 'tasks',
        group: TASKS_CONSUMER,
        types: FOLLOWED_TASK_EVENTS,
        ...consumerSettingsFrom(env),
        handler: async (event, { log: eventLog }) => {
          if (await taskCopies.apply(event)) eventLog.debug('task event applied');
        },
      });
      return {
        expose: { scheduler, relay, consumer, taskCopies },
        typeDefs,
        resolvers,
        permissions,
        createContext: (base) => {
          const { identity } = base;
          return {
            ...base,
            reminders,
            notifications,
            caller: callerOf(base),
            remindersByTask: keyedLoader((keys) => reminders.listForTasks(identity, keys), []),
            taskCopyById: keyedLoader((keys) => taskCopies.findOwned(identity, keys), null),
          };
        },
        // Consumers and the scheduler first (they write to the outbox), then the relay, which
        // publishes what they committed before it stops; pools close after this.
        stopBackground: async () => {
          await Promise.all([consumer.stop(), scheduler?.stop()]);
          if (relay.stats.isLeader) await relay.flush({ timeoutMs: 1_000 }).catch(() => undefined);
          await relay.stop();
          await directory.close();
        },
      };
    },
  });
}
