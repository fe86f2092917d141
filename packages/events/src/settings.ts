import { hostname } from 'node:os';
import { z } from 'zod';
import type { ConsumeOptions } from './bus/event-bus.js';
import type { PublishLimits } from './bus/publish-script.js';
import type { RelayOptions } from './relay/outbox-relay.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The events knobs every service exposes. Spread into the service's env schema (its env.ts stays the
 * only reader of process.env) and turn the parsed values into options with the helpers below.
 */
export const eventsEnvShape = {
  EVENTS_RELAY_POLL_INTERVAL_MS: positiveInt(1_000),
  EVENTS_RELAY_BATCH_SIZE: z.coerce.number().int().positive().max(1_000).default(100),
  EVENTS_RELAY_LOCK_RETRY_MS: positiveInt(5_000),
  EVENTS_OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .positive()
    .default(7 * 24),
  EVENTS_DEDUPE_TTL_HOURS: z.coerce.number().positive().default(24),
  EVENTS_STREAM_MAXLEN: positiveInt(1_000_000),
  EVENTS_CHANGE_LOG_MAXLEN: positiveInt(1_000),
  EVENTS_CHANGE_LOG_TTL_DAYS: z.coerce.number().min(0).default(30),
  EVENTS_CONSUMER_NAME: z.string().min(1).max(200).optional(),
  EVENTS_CONSUMER_BATCH_SIZE: positiveInt(16),
  EVENTS_CONSUMER_BLOCK_MS: positiveInt(5_000),
  EVENTS_CONSUMER_MAX_ATTEMPTS: positiveInt(5),
  EVENTS_CONSUMER_CLAIM_IDLE_MS: positiveInt(60_000),
};

export type EventsEnv = z.infer<z.ZodObject<typeof eventsEnvShape>>;

export function publishLimitsFrom(env: EventsEnv): PublishLimits {
  return {
    dedupeTtlSeconds: Math.round(env.EVENTS_DEDUPE_TTL_HOURS * 3_600),
    streamMaxLen: env.EVENTS_STREAM_MAXLEN,
    changeLogMaxLen: env.EVENTS_CHANGE_LOG_MAXLEN,
    changeLogTtlSeconds: Math.round(env.EVENTS_CHANGE_LOG_TTL_DAYS * 86_400),
  };
}

export function relaySettingsFrom(
  env: EventsEnv,
): Pick<RelayOptions, 'pollIntervalMs' | 'batchSize' | 'lockRetryMs' | 'retentionMs' | 'limits'> {
  return {
    pollIntervalMs: env.EVENTS_RELAY_POLL_INTERVAL_MS,
    batchSize: env.EVENTS_RELAY_BATCH_SIZE,
    lockRetryMs: env.EVENTS_RELAY_LOCK_RETRY_MS,
    retentionMs: Math.round(env.EVENTS_OUTBOX_RETENTION_HOURS * 3_600_000),
    limits: publishLimitsFrom(env),
  };
}

/**
 * Consumer settings; the name defaults to `<hostname>-<pid>`, unique per process. Give a stable
 * EVENTS_CONSUMER_NAME (a StatefulSet pod name) to have a restarted process resume its own pending
 * events at once instead of after EVENTS_CONSUMER_CLAIM_IDLE_MS; never give two live processes the same.
 */
export function consumerSettingsFrom(
  env: EventsEnv,
): Required<Pick<ConsumeOptions, 'consumer' | 'batchSize' | 'blockMs' | 'maxAttempts' | 'claimIdleMs'>> {
  return {
    consumer: env.EVENTS_CONSUMER_NAME ?? `${hostname()}-${process.pid}`,
    batchSize: env.EVENTS_CONSUMER_BATCH_SIZE,
    blockMs: env.EVENTS_CONSUMER_BLOCK_MS,
    maxAttempts: env.EVENTS_CONSUMER_MAX_ATTEMPTS,
    claimIdleMs: env.EVENTS_CONSUMER_CLAIM_IDLE_MS,
  };
}
