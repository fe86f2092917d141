import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createHealthRouter,
  createKnex,
  createRedis,
  type Logger,
  migrateLatest,
  waitForDatabase,
} from '@taskflow/common';
import {
  type ConsumerStats,
  consumerSettingsFrom,
  type EventConsumer,
  type EventHandler,
  RedisEventBus,
} from '@taskflow/events';
import express from 'express';
import { migrations } from '../migrations/index.js';
import { type NextOccurrenceOutcome, NextOccurrenceService } from './domain/tasks/next-occurrence-service.js';
import { createTaskUnitOfWork } from './domain/tasks/task-repository.js';
import type { TasksEnv } from './env.js';

/** The consumer group on the tasks stream: every replica's consumers share it. */
export const RECURRENCE_GROUP = 'recurrence-worker';

export interface RecurrenceWorkerStats extends ConsumerStats {
  /** Next occurrences this process created. */
  created: number;
  /** Completions whose next occurrence already existed (redelivered, duplicated, re-completed). */
  existing: number;
  /** Completions that make no next occurrence (reopened, stopped, exhausted, gone). */
  none: number;
}

export interface RunningRecurrenceWorker {
  /** Base URL of the health endpoints (`/health`, `/health/live`, `/health/ready`). */
  url: string;
  port: number;
  httpServer: Server;
  /** Resolves once every consumer's group exists on the stream. */
  ready: Promise<void>;
  /** Totals over this process's consumers, read at call time. */
  stats: () => RecurrenceWorkerStats;
  /** Finishes the events being handled (acknowledged), then closes everything. Idempotent. */
  stop: () => Promise<void>;
}

/**
 * The handler of one TaskCompleted: a completion of a task that did not repeat when it was
 * completed makes nothing (no database read); any other is continued by the service, which reads
 * the task's current state. It only resolves once its transaction committed, so the event is
 * acknowledged only then; a database error throws, and the event is retried.
 */
export function createCompletionHandler(
  tasks: Pick<NextOccurrenceService, 'createNextOccurrence'>,
  record: (outcome: NextOccurrenceOutcome) => void = () => undefined,
): EventHandler<'TaskCompleted'> {
  return async (event, { log }) => {
    if (!event.payload.task.recurrence) return;
    const result = await tasks.createNextOccurrence({
      ownerId: event.ownerId,
      taskId: event.aggregateId,
      correlationId: event.correlationId,
    });
    record(result);
    if (result.outcome === 'created') {
      const { task } = result;
      log.info(
        { taskId: task.id, previousTaskId: event.aggregateId, seriesId: task.seriesId, dueAt: task.dueAt },
        'next occurrence created',
      );
    } else if (result.outcome === 'exists') {
      log.debug({ taskId: event.aggregateId, nextTaskId: result.taskId }, 'next occurrence already exists');
    } else {
      log.debug({ taskId: event.aggregateId, reason: result.reason }, 'no next occurrence');
    }
  };
}

/**
 * The recurrence worker: tasks' own domain code in a process of its own, consuming TaskCompleted
 * from the tasks stream with `RECURRENCE_WORKER_CONCURRENCY` consumers of the group
 * `recurrence-worker` (any number of replicas may run), serving health on `WORKER_PORT`.
 */
export async function startRecurrenceWorker(env: TasksEnv, log: Logger): Promise<RunningRecurrenceWorker> {
  const knex = createKnex({ url: env.DATABASE_URL, schema: 'tasks', log });
  await waitForDatabase(knex, log);
  // Under the same advisory lock as the subgraph's: whichever starts first migrates.
  const applied = await migrateLatest(knex, 'tasks', migrations);
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  const redis = createRedis(env.REDIS_URL, log, 'recurrence-worker');
  const tasks = new NextOccurrenceService({
    work: createTaskUnitOfWork(knex),
  });
  const outcomes = { created: 0, existing: 0, none: 0 };
  const handler = createCompletionHandler(tasks, ({ outcome }) => {
    if (outcome === 'created') outcomes.created += 1;
    else if (outcome === 'exists') outcomes.existing += 1;
    else outcomes.none += 1;
  });

  const bus = new RedisEventBus({ redis, prefix: env.REDIS_PREFIX, log });
  const settings = consumerSettingsFrom(env);
  // One name per consumer, derived from the process's: a stable EVENTS_CONSUMER_NAME keeps them stable.
  const consumers: EventConsumer[] = Array.from({ length: env.RECURRENCE_WORKER_CONCURRENCY }, (_, index) =>
    bus.consume({
      sources: 'tasks',
      group: RECURRENCE_GROUP,
      types: ['TaskCompleted'],
      ...settings,
      consumer: `${settings.consumer}:${index}`,
      handler,
    }),
  );

  const app = express();
  app.disable('x-powered-by');
  // As everywhere: Redis away is reported (the consumers wait and resume by themselves), not fatal.
  app.use(
    createHealthRouter(
      'recurrence-worker',
      { postgres: () => knex.raw('select 1'), redis: () => redis.ping() },
      { degradedOnly: ['redis'] },
    ),
  );
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.WORKER_PORT, env.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  log.info(
    { port, group: RECURRENCE_GROUP, consumers: consumers.length },
    'recurrence worker listening for completions',
  );

  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer: server,
    ready: Promise.all(consumers.map((consumer) => consumer.ready)).then(() => undefined),
    stats: () => {
      const totals: RecurrenceWorkerStats = {
        processed: 0,
        failed: 0,
        deadLettered: 0,
        claimed: 0,
        skipped: 0,
        transportErrors: 0,
        ...outcomes,
      };
      for (const { stats } of consumers)
        for (const key of Object.keys(stats) as (keyof ConsumerStats)[]) totals[key] += stats[key];
      return totals;
    },
    stop: () => {
      stopping ??= (async () => {
        await Promise.all(consumers.map((consumer) => consumer.stop()));
        await bus.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        redis.disconnect();
        await knex.destroy();
      })();
      return stopping;
    },
  };
}
