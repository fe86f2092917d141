import { baseEnvShape, loadEnv, optionalBoolean } from '@taskflow/common';
import { z } from 'zod';
import { subgraphs } from '../../schema/subgraphs.js';

const subgraphUrlShape = Object.fromEntries(
  subgraphs.map(({ name }) => [`${name.toUpperCase()}_URL`, z.string().url().optional()]),
) as Record<`${Uppercase<(typeof subgraphs)[number]['name']>}_URL`, z.ZodOptional<z.ZodString>>;

export const gatewayEnvShape = {
  ...baseEnvShape,
  ...subgraphUrlShape,
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  SUPERGRAPH_PATH: z.string().optional(),
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:4000,http://127.0.0.1:4000,http://localhost:5173')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  TRUST_PROXY: z.string().default('false'),
  GRAPHIQL_ENABLED: optionalBoolean(),
  INTROSPECTION_ENABLED: optionalBoolean(),
  WEB_DIST_PATH: z.string().optional(),
  MAX_DEPTH: z.coerce.number().int().positive().default(12),
  MAX_ALIASES: z.coerce.number().int().positive().default(30),
  MAX_DIRECTIVES: z.coerce.number().int().positive().default(50),
  MAX_TOKENS: z.coerce.number().int().positive().default(2_000),
  MAX_COST: z.coerce.number().int().positive().default(20_000),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** How long a verified token or API key is remembered (0: ask accounts on every request). */
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /** How often an open subscription connection's token or key is checked again. */
  WS_AUTH_RECHECK_MS: z.coerce.number().int().positive().default(60_000),
  /** Ping interval; a socket that missed the previous pong is dropped. */
  WS_PING_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  /** Events one subscription may have waiting before its client counts as too slow and is disconnected. */
  WS_MAX_QUEUED_EVENTS: z.coerce.number().int().positive().default(256),
};

export type GatewayEnv = ReturnType<typeof loadGatewayEnv>;
export const loadGatewayEnv = (source: Record<string, string | undefined> = process.env) =>
  loadEnv(gatewayEnvShape, source);

/** GraphiQL and introspection are on unless NODE_ENV=production, where they must be asked for. */
export const isExplorationEnabled = (env: GatewayEnv, flag: boolean | undefined) =>
  flag ?? env.NODE_ENV !== 'production';

/**
 * @apollo/gateway otherwise reports usage metrics to Apollo and probes cloud metadata endpoints
 * (AWS, GCP, Azure) at start-up. TaskFlow sends nothing anywhere it was not asked to.
 */
export function disableVendorTelemetry() {
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}
