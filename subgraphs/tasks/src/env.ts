import { baseEnvShape, loadEnv } from '@taskflow/common';
import { eventsEnvShape } from '@taskflow/events';
import { z } from 'zod';

export const tasksEnvShape = {
  ...baseEnvShape,
  ...eventsEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  /** The tags subgraph, asked whether tag ids belong to the caller. */
  TAGS_URL: z.string().url().default('http://127.0.0.1:4003/graphql'),
};

export type TasksEnv = ReturnType<typeof loadTasksEnv>;
export const loadTasksEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(tasksEnvShape, source);
