import { bootWorker, type Logger, type PlatformSource, type RunningWorker } from '@taskflow/common';
import {
  type ConsumerStats,
  consumerSettingsFrom,
  createServicesPlatform,
  type EventConsumer,
  type EventHandler,
  type PlatformEvents,
  sumConsumerStats,
} from '@taskflow/events';
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

export interface RecurrenceWorkerExposed {
  /** Totals over this process's consumers, read at call time. */
  stats: () => RecurrenceWorkerStats;
}

/** The worker's health endpoints, its readiness (every consumer's group exists) and its stats. */
export type RunningRecurrenceWorker = RunningWorker<PlatformEvents> & RecurrenceWorkerExposed;

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
export function startRecurrenceWorker(
  env: TasksEnv,
  log: Logger,
  platform: PlatformSource<PlatformEvents> = () => createServicesPlatform(env, log, 'recurrence-worker'),
): Promise<RunningRecurrenceWorker> {
  return bootWorker<RecurrenceWorkerExposed, PlatformEvents>({
    name: 'recurrence-worker',
    // Under the same advisory lock as the subgraph's: whichever starts first migrates.
    schema: 'tasks',
    env: { ...env, PORT: env.WORKER_PORT },
    log,
    migrations,
    platform,
    define: ({ knex, platform: { events } }) => {
      const tasks = new NextOccurrenceService({ work: createTaskUnitOfWork(knex) });
      const outcomes = { created: 0, existing: 0, none: 0 };
      const handler = createCompletionHandler(tasks, ({ outcome }) => {
        if (outcome === 'created') outcomes.created += 1;
        else if (outcome === 'exists') outcomes.existing += 1;
        else outcomes.none += 1;
      });
      const settings = consumerSettingsFrom(env);
      // One name per consumer, derived from the process's: a stable EVENTS_CONSUMER_NAME keeps them stable.
      const consumers: EventConsumer[] = Array.from(
        { length: env.RECURRENCE_WORKER_CONCURRENCY },
        (_, index) =>
          events.bus.consume({
            sources: 'tasks',
            group: RECURRENCE_GROUP,
            types: ['TaskCompleted'],
            ...settings,
            consumer: `${settings.consumer}:${index}`,
            handler,
          }),
      );
      log.info(
        { group: RECURRENCE_GROUP, consumers: consumers.length },
        'recurrence worker listening for completions',
      );
      return {
        ready: Promise.all(consumers.map((consumer) => consumer.ready)).then(() => undefined),
        stop: async () => {
          await Promise.all(consumers.map((consumer) => consumer.stop()));
        },
        expose: {
          stats: (): RecurrenceWorkerStats => ({
            ...sumConsumerStats(consumers.map((consumer) => consumer.stats)),
            ...outcomes,
          }),
        },
      };
    },
  });
}
