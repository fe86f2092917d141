import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, createRedis, type Identity, signIdentity, verifyIdentity } from '@taskflow/common';
import {
  createTestDatabase,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@taskflow/common/testing';
import { createEnvelope, type RawEnvelope, RedisEventBus, type TaskSnapshot } from '@taskflow/events';
import { buildTaskSnapshot, deleteRedisKeys } from '@taskflow/events/testing';
import type { Redis } from 'ioredis';
import { type RunningNotifications, startNotifications } from '../src/app.js';
import { loadNotificationsEnv } from '../src/env.js';

export const INTERNAL_SECRET = 'notifications-test-internal-secret-0123456789abcdef';
export const log = createLogger('notifications-test', process.env.LOG_LEVEL ?? 'silent');

export interface Persona {
  id: string;
  identity: Identity;
}

export const persona = (scopes: Identity['scopes'] = ['READ', 'WRITE']): Persona => {
  const id = randomUUID();
  return { id, identity: { kind: scopes.includes('WRITE') ? 'session' : 'apiKey', userId: id, scopes } };
};
export const anonymous: Identity = { kind: 'anonymous', userId: null, scopes: [] };

/**
 * Stands in for the tasks subgraph where only its `_entities` answer matters: tasks the test made,
 * each visible to its owner only (with the identity the caller forwarded, verified like a subgraph).
 */
export class FakeTasks {
  readonly tasks = new Map<string, { ownerId: string; task: TaskSnapshot }>();
  private server: Server | null = null;
  url = '';

  async start() {
    this.server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      try {
        const identity = await verifyIdentity(String(req.headers['x-taskflow-identity']), INTERNAL_SECRET);
        const { variables } = JSON.parse(body) as { variables: { representations: { id: string }[] } };
        const entities = variables.representations.map(({ id }) => {
          const found = this.tasks.get(id);
          return found && found.ownerId === identity.userId ? found.task : null;
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { _entities: entities } }));
      } catch {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/graphql`;
  }

  stop() {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface NotificationsHarness {
  database: TestDatabase;
  notifications: RunningNotifications;
  fakeTasks: FakeTasks;
  redis: Redis;
  prefix: string;
  bus: RedisEventBus;
  /**
   * A task the tasks subgraph knows (for `addReminder`'s lookup), announced with `TaskCreated` on the
   * tasks stream as its relay would.
   */
  createTask: (owner: Persona, task?: Partial<TaskSnapshot>) => Promise<TaskSnapshot>;
  /** The task changed: the fake answers the new state and the event goes on the stream. */
  changeTask: (
    owner: Persona,
    type: 'TaskUpdated' | 'TaskCompleted' | 'TaskReopened' | 'TaskDeleted' | 'TaskRestored',
    task: TaskSnapshot,
    changes?: Record<string, { from: unknown; to: unknown }>,
  ) => Promise<RawEnvelope>;
  publish: (...events: RawEnvelope[]) => Promise<void>;
  /** Adds the envelope to the tasks stream again, as a redelivery. */
  redeliver: (event: RawEnvelope) => Promise<void>;
  request: <T>(
    identity: Identity,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  stop: () => Promise<void>;
}

/** The notifications subgraph on a fresh database and Redis prefix, with a stand-in tasks subgraph. */
export async function startNotificationsHarness(
  env: Record<string, string> = {},
): Promise<NotificationsHarness> {
  const database = await createTestDatabase('notifications');
  const prefix = uniqueRedisPrefix();
  const fakeTasks = new FakeTasks();
  await fakeTasks.start();
  const notifications = await startNotifications(
    loadNotificationsEnv({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      INTERNAL_JWT_SECRET: INTERNAL_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      TASKS_URL: fakeTasks.url,
      EVENTS_CONSUMER_BLOCK_MS: '200',
      EVENTS_RELAY_POLL_INTERVAL_MS: '200',
      ...env,
    }),
    log,
  );
  const redis = createRedis(testRedisUrl(), log, 'notifications-test');
  const bus = new RedisEventBus({ redis, prefix, log });
  const publish = async (...events: RawEnvelope[]) => {
    for (const event of events) await bus.publish(event);
  };
  return {
    database,
    notifications,
    fakeTasks,
    redis,
    prefix,
    bus,
    publish,
    createTask: async (owner, overrides = {}) => {
      const task = buildTaskSnapshot(overrides);
      fakeTasks.tasks.set(task.id, { ownerId: owner.id, task });
      await publish(
        createEnvelope('TaskCreated', { aggregateId: task.id, ownerId: owner.id, payload: { task } }),
      );
      return task;
    },
    changeTask: async (owner, type, task, changes = {}) => {
      const next = { ...task, updatedAt: new Date().toISOString() };
      fakeTasks.tasks.set(task.id, { ownerId: owner.id, task: next });
      const base = { aggregateId: task.id, ownerId: owner.id };
      const event =
        type === 'TaskUpdated'
          ? createEnvelope(type, { ...base, payload: { task: next, changes } })
          : createEnvelope(type, { ...base, payload: { task: next } });
      await publish(event);
      return event;
    },
    redeliver: async (event) => {
      await redis.xadd(`${prefix}events:tasks`, '*', 'event', JSON.stringify(event));
    },
    request: async (identity, query, variables = {}) => {
      const response = await fetch(notifications.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-taskflow-identity': await signIdentity(identity, INTERNAL_SECRET),
        },
        body: JSON.stringify({ query, variables }),
      });
      return response.json() as never;
    },
    stop: async () => {
      await notifications.stop();
      await fakeTasks.stop();
      await bus.close();
      await deleteRedisKeys(redis, prefix);
      await redis.quit();
      await database.drop();
    },
  };
}

export const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
