import { createLogger, createRedis, type Identity, type RunningSubgraph } from '@taskflow/common';
import {
  createTestDatabase,
  type GraphQLResult,
  type Persona,
  requestAsGateway,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import { type RawEnvelope, RedisEventBus, type TaskSnapshot } from '@taskflow/events';
import { deleteRedisKeys } from '@taskflow/events/testing';
import {
  loadTasksEnv,
  type RunningRecurrenceWorker,
  startRecurrenceWorker,
  startTasks,
} from '@taskflow/tasks/testing';
import type { Redis } from 'ioredis';
import { type RunningNotifications, startNotifications } from '../src/app.js';
import { loadNotificationsEnv } from '../src/env.js';

export const INTERNAL_SECRET = 'notifications-test-internal-secret-0123456789abcdef';
export const log = createLogger('notifications-test', process.env.LOG_LEVEL ?? 'silent');

export { anonymous } from '@taskflow/common';
export { type Persona, persona } from '@taskflow/common/testing';

/** What `createTask` takes: the tasks subgraph's CreateTaskInput (no tags: no tags subgraph runs here). */
export interface NewTask {
  title?: string;
  description?: string | null;
  priority?: TaskSnapshot['priority'];
  dueAt?: string | null;
  recurrence?: { rule: string; timezone?: string; basis?: 'DUE_DATE' | 'COMPLETION_DATE' };
}

/** What `changeTask(owner, 'TaskUpdated', ...)` takes: the tasks subgraph's UpdateTaskInput. */
export interface TaskUpdate {
  title?: string;
  description?: string | null;
  priority?: TaskSnapshot['priority'];
  dueAt?: string | null;
}

export type TaskChange = 'TaskUpdated' | 'TaskCompleted' | 'TaskReopened' | 'TaskDeleted' | 'TaskRestored';

/** A Task of the tasks subgraph, selected as its events' snapshots carry it. */
const TASK = `id title description priority status dueAt completedAt deletedAt createdAt updatedAt
  recurrence { rule timezone basis } seriesId previousOccurrenceId tagIds`;
const CREATE_TASK = `mutation ($input: CreateTaskInput!) { task: createTask(input: $input) { ${TASK} } }`;
/** The mutation that makes each change, so its event. */
const CHANGE_TASK: Record<TaskChange, string> = {
  TaskUpdated: `mutation ($id: ID!, $input: UpdateTaskInput!) { task: updateTask(id: $id, input: $input) { ${TASK} } }`,
  TaskCompleted: `mutation ($id: ID!) { task: completeTask(id: $id) { ${TASK} } }`,
  TaskReopened: `mutation ($id: ID!) { task: reopenTask(id: $id) { ${TASK} } }`,
  TaskDeleted: `mutation ($id: ID!) { task: deleteTask(id: $id) { ${TASK} } }`,
  TaskRestored: `mutation ($id: ID!) { task: restoreTask(id: $id) { ${TASK} } }`,
};

/** Setting up: a tasks mutation that must succeed. */
async function mutateTask(
  url: string,
  owner: Persona,
  query: string,
  variables: Record<string, unknown>,
): Promise<TaskSnapshot> {
  const result = await requestAsGateway<{ task: TaskSnapshot }>(
    url,
    INTERNAL_SECRET,
    owner.identity,
    query,
    variables,
  );
  if (result.errors || !result.data) throw new Error(`tasks subgraph: ${JSON.stringify(result.errors)}`);
  return result.data.task;
}

export interface NotificationsHarness {
  database: TestDatabase;
  notifications: RunningNotifications;
  /** The real tasks subgraph: `addReminder` asks it about tasks, its relay publishes their events. */
  tasks: RunningSubgraph;
  /** With `{ recurrenceWorker: true }`: tasks' worker, making next occurrences of recurring tasks. */
  recurrenceWorker: RunningRecurrenceWorker | null;
  redis: Redis;
  prefix: string;
  bus: RedisEventBus;
  /** Creates the task with the tasks subgraph's `createTask`; its relay then publishes TaskCreated. */
  createTask: (owner: Persona, task?: NewTask) => Promise<TaskSnapshot>;
  /** Changes the task with the tasks subgraph's mutation for `type`, which publishes that event. */
  changeTask: {
    (owner: Persona, type: 'TaskUpdated', taskId: string, input: TaskUpdate): Promise<TaskSnapshot>;
    (owner: Persona, type: Exclude<TaskChange, 'TaskUpdated'>, taskId: string): Promise<TaskSnapshot>;
  };
  /** Adds crafted envelopes to the streams (out-of-order or duplicate deliveries). */
  publish: (...events: RawEnvelope[]) => Promise<void>;
  /** Adds the envelope to the tasks stream again, as a redelivery. */
  redeliver: (event: RawEnvelope) => Promise<void>;
  request: <T>(
    identity: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<GraphQLResult<T>>;
  stop: () => Promise<void>;
}

export interface HarnessOptions {
  /** Also run tasks' recurrence worker (off by default). */
  recurrenceWorker?: boolean;
}

/**
 * The notifications subgraph on a fresh database and Redis prefix, with the real tasks subgraph
 * beside it (its own schema in the same database, the same Redis prefix). `env` is for notifications.
 */
export async function startNotificationsHarness(
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<NotificationsHarness> {
  const database = await createTestDatabase('notifications');
  const prefix = uniqueRedisPrefix();
  const shared = {
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    INTERNAL_JWT_SECRET: INTERNAL_SECRET,
    HOST: '127.0.0.1',
    PORT: '0',
    EVENTS_CONSUMER_BLOCK_MS: '200',
    EVENTS_RELAY_POLL_INTERVAL_MS: '200',
  };
  const tasksEnv = loadTasksEnv({
    ...shared,
    // Tasks asks the tags subgraph only about tag ids it is given, and these tests give none.
    TAGS_URL: 'http://127.0.0.1:9/graphql',
    WORKER_PORT: '0',
    RECURRENCE_WORKER_CONCURRENCY: '1',
  });
  const started: { stop: () => Promise<void> }[] = [];
  const stopStarted = async () => {
    for (const server of started.reverse()) await server.stop();
  };
  let tasks: RunningSubgraph;
  let recurrenceWorker: RunningRecurrenceWorker | null = null;
  let notifications: RunningNotifications;
  try {
    tasks = await startTasks(tasksEnv, log.child({ service: 'tasks' }));
    started.push(tasks);
    if (options.recurrenceWorker) {
      recurrenceWorker = await startRecurrenceWorker(tasksEnv, log.child({ service: 'recurrence-worker' }));
      started.push(recurrenceWorker);
      await recurrenceWorker.ready;
    }
    notifications = await startNotifications(
      loadNotificationsEnv({ ...shared, TASKS_URL: tasks.url, ...env }),
      log.child({ service: 'notifications' }),
    );
    started.push(notifications);
  } catch (error) {
    await stopStarted().catch(() => undefined);
    await database.drop();
    throw error;
  }
  const redis = createRedis(testRedisUrl(), log, 'notifications-test');
  const bus = new RedisEventBus({ redis, prefix, log });
  const publish = async (...events: RawEnvelope[]) => {
    for (const event of events) await bus.publish(event);
  };
  const changeTask = (owner: Persona, type: TaskChange, taskId: string, input?: TaskUpdate) =>
    mutateTask(tasks.url, owner, CHANGE_TASK[type], { id: taskId, ...(input ? { input } : {}) });
  return {
    database,
    notifications,
    tasks,
    recurrenceWorker,
    redis,
    prefix,
    bus,
    publish,
    createTask: (owner, task = {}) =>
      mutateTask(tasks.url, owner, CREATE_TASK, { input: { title: 'Write the report', ...task } }),
    changeTask,
    redeliver: async (event) => {
      await redis.xadd(`${prefix}events:tasks`, '*', 'event', JSON.stringify(event));
    },
    request: (identity, query, variables = {}) =>
      requestAsGateway(notifications.url, INTERNAL_SECRET, identity, query, variables),
    stop: async () => {
      // Notifications first (it asks tasks), then the worker and tasks (their relay drains).
      await stopStarted();
      await bus.close();
      await deleteRedisKeys(redis, prefix);
      await redis.quit();
      await database.drop();
    },
  };
}

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
