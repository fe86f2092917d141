import { baseEnvShape, loadEnv, optionalBoolean } from '@taskflow/common';
import { eventsEnvShape } from '@taskflow/events';
import { z } from 'zod';
import { subgraphs } from '../../../schema/subgraphs.js';

/** Where the payload queries reach each subgraph (default: the supergraph's URLs). */
const subgraphUrlShape = Object.fromEntries(
  subgraphs.map(({ name }) => [`${name.toUpperCase()}_URL`, z.string().url().optional()]),
) as Record<`${Uppercase<(typeof subgraphs)[number]['name']>}_URL`, z.ZodOptional<z.ZodString>>;

export const webhooksEnvShape = {
  ...baseEnvShape,
  ...eventsEnvShape,
  ...subgraphUrlShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4007),
  /** The supergraph the payload queries are planned on (default schema/supergraph.graphql). */
  SUPERGRAPH_PATH: z.string().optional(),
  /** Backoff base: retries after about 1×, 4×, 16×… this many seconds (±25 %), 8 attempts in all. */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().max(86_400).default(10),
  /** Attempts of one delivery before it is FAILED. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Consecutive FAILED deliveries that deactivate a webhook (its owner gets a notification). */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(20),
  /** Loopback, private and link-local targets: refused in production unless true, allowed elsewhere. */
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: optionalBoolean(),
  /** A 2xx within this long succeeds; anything slower is a failed attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Deliveries in flight at once per process (each to another webhook). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(64),
  /** Longest sleep between looks for due deliveries (retries, other replicas' events). */
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** How long an attempt's claim lasts; after a crash mid-attempt the delivery is retried after this. */
  WEBHOOK_LEASE_MS: z.coerce.number().int().min(1_000).default(60_000),
  /** Run the delivery worker in this process (default true; every replica may run one). */
  WEBHOOK_SENDER_ENABLED: optionalBoolean(),
};

export type WebhooksEnv = ReturnType<typeof loadWebhooksEnv>;
export function loadWebhooksEnv(source: Record<string, string | undefined> = process.env) {
  // The in-process gateway must not report usage to Apollo.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  return loadEnv(webhooksEnvShape, source);
}

/** Private targets are allowed outside production, and in production only when asked for. */
export const allowsPrivateAddresses = (env: WebhooksEnv) =>
  env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES ?? env.NODE_ENV !== 'production';
