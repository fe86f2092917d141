import { baseEnvShape, loadEnv } from '@taskflow/common';
import { eventsEnvShape } from '@taskflow/events';
import { z } from 'zod';

export const tasksEnvShape = {
  ...baseEnvShape,
  ...eventsEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  /** The tags subgraph, asked whether tag ids belong to the caller. */
  TAGS_URL: z.string().url().default('http://127.0.0.1:4003/graphql'),
  /** The recurrence worker's health endpoints (src/worker.ts); the subgraph itself uses PORT. */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(4006),
  /**
   * Consumers the recurrence worker runs side by side (each handles one event at a time, waiting on
   * about ten round trips to Postgres and Redis, so throughput grows with them; knex's pool is 10).
   */
  RECURRENCE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
};

export type TasksEnv = ReturnType<typeof loadTasksEnv>;
export const loadTasksEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(tasksEnvShape, source);
