import { baseEnvShape, loadEnv, optionalBoolean } from '@taskflow/common';
import { eventsEnvShape } from '@taskflow/events';
import { z } from 'zod';

export const notificationsEnvShape = {
  ...baseEnvShape,
  ...eventsEnvShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4005),
  /** The tasks subgraph, asked about a task when a reminder is added to it. */
  TASKS_URL: z.string().url().default('http://127.0.0.1:4002/graphql'),
  /** Run the reminder scheduler in this process (default true; every replica may run one). */
  REMINDER_SCHEDULER_ENABLED: optionalBoolean(),
  /** Longest sleep between two looks for due reminders; bounds the delay of reminders added elsewhere. */
  REMINDER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Reminders claimed and fired per transaction. */
  REMINDER_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
};

export type NotificationsEnv = ReturnType<typeof loadNotificationsEnv>;
export const loadNotificationsEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(notificationsEnvShape, source);
